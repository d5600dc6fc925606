package pipeline

import (
	"context"
	"io"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress draws a bar of sources done and a count of articles stored; a
// nil *progress (no terminal) draws nothing.
type progress struct {
	p         *mpb.Progress
	bar       *mpb.Bar
	articlesN *mpb.Bar
}

func newProgress(ctx context.Context, w io.Writer, total int) *progress {
	if w == nil || total == 0 {
		return nil
	}
	p := mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.WithWidth(40))
	bar := p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("inputs  "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(decor.Percentage(), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)),
	)
	arts := p.AddBar(0,
		mpb.BarFillerClearOnComplete(),
		mpb.PrependDecorators(decor.Name("articles"), decor.CurrentNoUnit(" %d stored")),
	)
	return &progress{p: p, bar: bar, articlesN: arts}
}

func (pr *progress) sourceDone() {
	if pr != nil {
		pr.bar.Increment()
	}
}

func (pr *progress) articles(n int) {
	if pr != nil {
		pr.articlesN.IncrBy(n)
	}
}

func (pr *progress) finish() {
	if pr == nil {
		return
	}
	if !pr.bar.Completed() {
		pr.bar.Abort(false)
	}
	pr.articlesN.SetTotal(-1, true)
	pr.p.Wait()
}

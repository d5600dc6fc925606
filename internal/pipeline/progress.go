package pipeline

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress draws one bar: articles stored out of articles read so far, with
// the count of inputs done beside it. A nil *progress (no terminal) draws
// nothing.
type progress struct {
	p       *mpb.Progress
	bar     *mpb.Bar
	sources int64
	done    atomic.Int64 // inputs read
	read    atomic.Int64 // articles read
}

func newProgress(ctx context.Context, w io.Writer, sources int) *progress {
	if w == nil || sources == 0 {
		return nil
	}
	pr := &progress{sources: int64(sources)}
	pr.p = mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.WithWidth(40))
	pr.bar = pr.p.AddBar(0,
		mpb.PrependDecorators(
			decor.Name("storing "),
			decor.CountersNoUnit("%d/%d articles", decor.WCSyncSpaceR),
		),
		mpb.AppendDecorators(
			decor.Any(func(decor.Statistics) string {
				return fmt.Sprintf("inputs %d/%d", pr.done.Load(), pr.sources)
			}, decor.WCSyncSpace),
			decor.Name(" "),
			decor.Elapsed(decor.ET_STYLE_GO),
		),
	)
	return pr
}

// sourceDone counts one input read.
func (pr *progress) sourceDone() {
	if pr != nil {
		pr.done.Add(1)
	}
}

// articleRead grows the bar's total by one article.
func (pr *progress) articleRead() {
	if pr != nil {
		pr.bar.SetTotal(pr.read.Add(1), false)
	}
}

// articles advances the bar by n stored (or failed) articles.
func (pr *progress) articles(n int) {
	if pr != nil {
		pr.bar.IncrBy(n)
	}
}

// finish completes the bar and waits for its last frame.
func (pr *progress) finish() {
	if pr == nil {
		return
	}
	pr.bar.SetTotal(-1, true)
	pr.p.Wait()
}

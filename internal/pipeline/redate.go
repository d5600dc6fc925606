package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// RedateSummary counts what a re-dating pass did.
type RedateSummary struct {
	// Learned counts the dated articles the event memory learned from.
	Learned int `json:"learned"`
	// Undated counts the undated articles the pass tried to date.
	Undated int `json:"undated"`
	// Redated counts those it dated.
	Redated int `json:"redated"`
}

// redateBatch is the number of re-dated articles stored per transaction.
const redateBatch = 64

// Redate is the post-pass that dates undated articles from what the
// archive already knows. It learns an event memory (timex.EventMemory) from
// every dated article of st (its text, date, date confidence and stored
// temporal expressions), then infers a date for each undated article with
// its own evidence and that memory (timex.Tagger.ResolveDocDateWith). An
// article dated so gets source "inferred" with the inference's confidence,
// and its temporal expressions, entities and events are analysed again
// against the new date and replaced in the store (store.Redater; the
// stored text and its versions are untouched). Articles the memory cannot
// date stay undated. A store that is not a store.Redater is left alone.
//
// Articles dated by one pass are learned from by the next; a pass over an
// archive without undated articles reads only the listing.
func (an *Analyser) Redate(ctx context.Context, st store.Store, log *slog.Logger) (RedateSummary, error) {
	var sum RedateSummary
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rd, ok := st.(store.Redater)
	if !ok {
		log.Warn("re-dating skipped: the store cannot change stored dates")
		return sum, nil
	}
	type ref struct {
		id   string
		date time.Time
		conf float64
	}
	var dated []ref
	var undated []string
	err := st.List(ctx, store.ListOptions{Order: store.ByID}, func(r *store.Record) error {
		if r.Date.IsZero() {
			undated = append(undated, r.ID)
		} else {
			dated = append(dated, ref{r.ID, r.Date, r.DateConfidence})
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("list articles: %w", err)
	}
	sum.Undated = len(undated)
	if len(undated) == 0 || len(dated) == 0 {
		return sum, nil
	}
	mem := timex.NewEventMemory()
	for _, d := range dated {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		r, err := st.Get(ctx, d.id)
		if err != nil {
			return sum, fmt.Errorf("read %s: %w", d.id, err)
		}
		tx, err := st.Timexes(ctx, d.id)
		if err != nil {
			return sum, fmt.Errorf("read timexes of %s: %w", d.id, err)
		}
		conf := d.conf
		if conf <= 0 || conf > 1 {
			conf = 1 // metadata dates from older archives carry no confidence
		}
		mem.Learn(r.Text, d.date, conf, tx)
		sum.Learned++
	}
	var batch []*store.Doc
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := rd.Redate(ctx, batch); err != nil {
			return fmt.Errorf("store re-dated articles: %w", err)
		}
		sum.Redated += len(batch)
		batch = batch[:0]
		return nil
	}
	for _, id := range undated {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		r, err := st.Get(ctx, id)
		if err != nil {
			return sum, fmt.Errorf("read %s: %w", id, err)
		}
		dd := an.timex.ResolveDocDateWith(time.Time{}, r.Text, mem)
		if dd.Source != "inferred" && dd.Source != "header" {
			continue
		}
		a := r.Article
		a.Date, a.DateConfidence = dd.Date, dd.Confidence
		a.DateSource = article.DateFromInferred
		if dd.Source == "header" {
			a.DateSource = article.DateFromHeader
		}
		d := &store.Doc{Article: &a}
		if err := an.Analyse(ctx, d); err != nil {
			return sum, fmt.Errorf("analyse re-dated %s: %w", id, err)
		}
		log.Info("article re-dated from the archive", "id", id, "date", a.Date.Format("2006-01-02"), "confidence", a.DateConfidence)
		batch = append(batch, d)
		if len(batch) >= redateBatch {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	return sum, flush()
}

// Redate runs the re-dating post-pass (Analyser.Redate) over the
// Ingester's store with its analyser and logger; it does nothing when the
// Ingester skips analysis.
func (in *Ingester) Redate(ctx context.Context) (RedateSummary, error) {
	if in.opts.SkipAnalysis {
		return RedateSummary{}, nil
	}
	return in.analyser.Redate(ctx, in.store, in.opts.Logger)
}

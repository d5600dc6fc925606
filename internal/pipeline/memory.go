package pipeline

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/store"
)

// IngestInMemory reads, cleans and analyses the inputs at paths into a
// fresh private in-memory archive, as evaluations do to keep each data set
// apart. The caller closes the returned store. Inputs that fail are counted
// in the summary, as with Ingest. The articles are not linked: evaluations
// link them in batch mode themselves.
func IngestInMemory(ctx context.Context, paths []string, log *slog.Logger) (*store.SQLite, Summary, error) {
	st, err := store.OpenSQLite(ctx, ":memory:")
	if err != nil {
		return nil, Summary{}, fmt.Errorf("open in-memory archive: %w", err)
	}
	in := New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st, Options{Logger: log})
	sum, err := in.Ingest(ctx, paths, nil)
	if err != nil {
		st.Close()
		return nil, sum, fmt.Errorf("ingest: %w", err)
	}
	return st, sum, nil
}

package timeline_test

import (
	"context"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/timeline"
)

// topicDocs ingests a topic folder's articles.json through the standard
// pipeline into a fresh in-memory archive and returns its documents.
func topicDocs(ctx context.Context, dir string) ([]timeline.Doc, error) {
	st, _, err := pipeline.IngestInMemory(ctx, []string{filepath.Join(dir, "articles.json")}, nil)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return timeline.FromStore(ctx, st, nil)
}

const sharedData = "../../../shared/data"

// TestEvalTimelinesT17 runs the Timeline17 evaluation on the development
// topics. It is slow (every topic is ingested), so it runs only when
// STORYLINE_TIMELINE_EVAL is set: to "all" for every topic, else to a
// comma-separated list of topic folders. STORYLINE_TIMELINE_CACHE names a
// directory where analysed topics are cached between runs.
func TestEvalT17(t *testing.T) {
	which := os.Getenv("STORYLINE_TIMELINE_EVAL")
	if which == "" {
		t.Skip("set STORYLINE_TIMELINE_EVAL to run")
	}
	dir := filepath.Join(sharedData, "t17")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no development data")
	}
	r, err := evaluate.LoadRouge(filepath.Join(sharedData, "rouge"))
	if err != nil {
		t.Fatal(err)
	}
	opts := timeline.EvalOptions{Rouge: r, Load: cachedTopicDocs(os.Getenv("STORYLINE_TIMELINE_CACHE"))}
	if which != "all" {
		opts.Topics = strings.Split(which, ",")
	}
	rep, err := timeline.Eval(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		if out := os.Getenv("STORYLINE_TIMELINE_OUT"); out != "" {
			b, _ := json.MarshalIndent(res.Timeline, "", "  ")
			os.MkdirAll(filepath.Join(out, res.Topic), 0o755)
			if err := os.WriteFile(filepath.Join(out, res.Topic, res.Gold), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s := res.Score
		t.Logf("%-22s d=%3d k=%d dateF %.3f AR1 %.3f AR2 %.3f C1 %.3f", res.Topic, res.Dates, res.PerDate,
			s.Date.F(), s.AlignM1Rouge1.F(), s.AlignM1Rouge2.F(), s.Concat1.F())
	}
	a := rep.Average
	t.Logf("%-22s dateF %.3f AR1 %.3f AR2 %.3f C1 %.3f C2 %.3f", "AVERAGE", a.Date.F(), a.AlignM1Rouge1.F(), a.AlignM1Rouge2.F(), a.Concat1.F(), a.Concat2.F())
}

// cachedTopicDocs returns a loader that keeps each topic's analysed
// articles in dir (<topic>.gob) and reuses them; topicDocs when dir is "".
// The timeline package's tuning tests read the same cache.
func cachedTopicDocs(dir string) func(context.Context, string) ([]timeline.Doc, error) {
	if dir == "" {
		return topicDocs
	}
	return func(ctx context.Context, tdir string) ([]timeline.Doc, error) {
		path := filepath.Join(dir, filepath.Base(tdir)+".gob")
		if f, err := os.Open(path); err == nil {
			defer f.Close()
			var docs []timeline.Doc
			if err := gob.NewDecoder(f).Decode(&docs); err == nil {
				return docs, nil
			}
		}
		docs, err := topicDocs(ctx, tdir)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return docs, gob.NewEncoder(f).Encode(docs)
	}
}

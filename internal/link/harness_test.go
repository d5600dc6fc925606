package link

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

const dataDir = "../../../shared/data"

// ingestDocs runs the standard pipeline over paths into an in-memory store
// and returns the analysed documents in publication order (dated first by
// date, then by id; undated last by id).
func ingestDocs(t testing.TB, paths ...string) []*store.Doc {
	t.Helper()
	ctx := context.Background()
	st, _, err := pipeline.IngestInMemory(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := LoadDocs(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// ecbDocs analyses the ECB+ corpus (every topic) with the standard
// per-article analysis; gold maps doc id to its gold event and story.
func ecbDocs(t testing.TB) (docs []*store.Doc, gold map[string][2]string) {
	t.Helper()
	root := filepath.Join(dataDir, "ecbplus")
	paths, _ := filepath.Glob(filepath.Join(root, "*", "*.xml"))
	if len(paths) == 0 {
		t.Skip("ECB+ data absent")
	}
	sort.Strings(paths)
	an := pipeline.NewAnalyser()
	gold = map[string][2]string{}
	for _, p := range paths {
		doc, err := ReadECB(p)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(p), ".xml")
		topic := filepath.Base(filepath.Dir(p))
		suffix := "ecb"
		if strings.HasSuffix(id, "ecbplus") {
			suffix = "ecbplus"
		}
		gold[id] = [2]string{topic + "_" + suffix, topic}
		d := &store.Doc{Article: &article.Article{ID: id, Title: doc.Title, Text: doc.Text, URL: doc.URL}}
		if err := an.Analyse(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		d.Article.Date = time.Time{} // ECB+ is evaluated without dates
		docs = append(docs, d)
	}
	return docs, gold
}

func dataPresent(t testing.TB, p string) {
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s absent", p)
	}
}

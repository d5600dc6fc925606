package link

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/evaluate"
)

// TestStoryThreading scores stories on two kinds of data with the default
// options and with entity threading off (StoryEntity -1): Timeline17's
// ten folders in one archive (gold: the four real stories, H1N1, MJ, bpoil
// and haiti; record ids prefixed with their folder, as T17 uids repeat
// across folders) and ECB+ (gold: topics; undated, so entity threading
// never applies). Run with STORYLINE_STORIES=1; it logs B-cubed figures.
func TestStoryThreading(t *testing.T) {
	if os.Getenv("STORYLINE_STORIES") == "" {
		t.Skip("set STORYLINE_STORIES=1 to score story threading on T17 and ECB+")
	}
	root := filepath.Join(dataDir, "t17")
	dirs, _ := filepath.Glob(filepath.Join(root, "*", "articles.json"))
	if len(dirs) == 0 {
		t.Skip("Timeline17 data absent")
	}
	tmp := t.TempDir()
	var paths []string
	for _, p := range dirs {
		folder := filepath.Base(filepath.Dir(p))
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(raw, &recs); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			r["uid"] = folder + "-" + r["uid"].(string)
		}
		b, _ := json.Marshal(recs)
		out := filepath.Join(tmp, folder+".json")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, out)
	}
	tdocs := ingestDocs(t, paths...)
	tgold := map[string]string{}
	for _, d := range tdocs {
		tgold[d.Article.ID] = strings.SplitN(d.Article.ID, "_", 2)[0]
	}
	edocs, egold := ecbDocs(t)
	_, gst := goldMaps(egold)
	for _, c := range []struct {
		name string
		o    Options
	}{{"default", Options{}}, {"no entity threading", Options{StoryEntity: -1}}} {
		_, tst := linkAll(New(c.o), tdocs)
		ts := evaluate.ScoreClusters(tgold, tst)
		_, est := linkAll(New(c.o), streamOrder(edocs))
		es := evaluate.ScoreClusters(gst, est)
		t.Logf("%-20s T17 stories B3 P %.3f R %.3f F %.3f (%d stories) | ECB+ stories B3 F %.3f", c.name,
			ts.BCubed.P, ts.BCubed.R, ts.BCubed.F(), ts.Predicted, es.BCubed.F())
	}
}

package timeline

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestWrite(t *testing.T) {
	docs := loadFixture(t, "testdata/story.json")
	tl := Build(docs, Options{Dates: 3, PerDate: 2})
	for _, tt := range []struct{ format, file string }{
		{FormatText, "story.txt"},
		{FormatMarkdown, "story.md"},
		{FormatJSON, "story.timeline.json"},
		{FormatTimelineJS, "story.timelinejs.json"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tl, tt.format, "Deepwater Horizon"); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s output differs from %s:\n%s", tt.format, golden, b.String())
			}
		})
	}
	if err := Write(&bytes.Buffer{}, tl, "xml", ""); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestJSONContract(t *testing.T) {
	docs := loadFixture(t, "testdata/story.json")
	b, err := json.Marshal(ToJSON(Build(docs, Options{Dates: 2})))
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		for _, k := range []string{"date", "text", "events", "sources"} {
			if e[k] == nil {
				t.Errorf("entry without %q: %s", k, b)
			}
		}
	}
}

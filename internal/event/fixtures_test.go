package event

import (
	"os"
	"strings"
	"testing"
	"time"
)

type fixture struct {
	date time.Time
	text string
	want []string
}

func readFixtures(t *testing.T) []fixture {
	b, err := os.ReadFile("testdata/fixtures.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, block := range strings.Split(string(b), "\n\n") {
		var f fixture
		for _, line := range strings.Split(block, "\n") {
			k, v, ok := strings.Cut(line, ": ")
			switch {
			case !ok:
			case k == "date":
				if f.date, err = time.Parse("2006-01-02", v); err != nil {
					t.Fatal(err)
				}
			case k == "text":
				f.text = v
			case k == "want":
				f.want = append(f.want, v)
			}
		}
		if f.text != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestFixtures(t *testing.T) {
	x := NewExtractor()
	for _, f := range readFixtures(t) {
		ents := getResolver(t).Article(f.text)
		tx := tagger.Tag(f.text, f.date)
		evs := x.Extract(f.text, f.date, "", ents, tx)
		var got []string
		for _, e := range evs {
			got = append(got, format(e))
			checkSpans(t, f.text, e)
		}
		if strings.Join(got, "\n") != strings.Join(f.want, "\n") {
			t.Errorf("%q:\n got %q\nwant %q", f.text, got, f.want)
		}
	}
}

package event

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// format renders an event on one line for tests and dumps.
func format(e Event) string {
	var ps []string
	for _, p := range e.Participants {
		ps = append(ps, p.Name)
	}
	w := e.When
	if e.Mod != "" {
		w += "/" + e.Mod
	}
	neg := ""
	if e.Negated {
		neg = " NEG"
	}
	return fmt.Sprintf("%s %s | %s | %s | %s%s", e.Kind, strings.Join(ps, "+"), e.Place, w, e.Status, neg)
}

func TestDumpEvents(t *testing.T) {
	if os.Getenv("EVENT_DUMP") == "" {
		t.Skip("EVENT_DUMP not set")
	}
	x := NewExtractor()
	for _, an := range readArticles(t, "../../examples") {
		fmt.Println("==", an.a.ID)
		for _, e := range x.Extract(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx) {
			fmt.Printf("  %s  [%q %d mentions]\n", format(e), e.Trigger.Text, len(e.Mentions))
			if os.Getenv("EVENT_DUMP") == "2" {
				for _, m := range e.Mentions {
					fmt.Printf("      - %q %s %.80q\n", m.Trigger.Text, m.Status, m.Sentence.Text)
				}
			}
		}
	}
}

// TestDumpT17 prints the events of the first Timeline17 articles of the
// articles.json named by EVENT_T17, to eyeball false positives.
func TestDumpT17(t *testing.T) {
	if os.Getenv("EVENT_T17") == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(os.Getenv("EVENT_T17"))
	var recs []struct {
		DCT  string `json:"dct"`
		Text string `json:"text"`
	}
	json.Unmarshal(raw, &recs)
	x := NewExtractor()
	n := 0
	for _, r := range recs[:min(len(recs), 80)] {
		date, _ := time.Parse("2006-01-02", r.DCT)
		ents := getResolver(t).Article(r.Text)
		tx := tagger.Tag(r.Text, date)
		for _, e := range x.Extract(r.Text, date, "", ents, tx) {
			n++
			if n > 60 {
				return
			}
			fmt.Printf("%s  %.160q\n", format(e), e.Sentence.Text)
		}
	}
}

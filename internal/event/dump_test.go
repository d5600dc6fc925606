package event

import (
	"fmt"
	"os"
	"strings"
	"testing"
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

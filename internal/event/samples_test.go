package event

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// want is one expected event: kind, participants (any order), place, when
// ("" = not checked, "-" = must be empty) and status.
type want struct {
	kind, who, place, when, status string
}

// The five sample articles with every contact event they report, written
// out by reading them.
var sampleWant = map[string][]want{
	"000_6394e120e0103872": {
		{"meeting", "Anthony Blinken+Wang Yi", "Munich", "2024-02-16", "happened"},
		{"summit", "Joe Biden+Xi Jinping", "Woodside", "2023-11", "happened"}, // "summit held last November in California", "met in person in Woodside, California last fall"
		{"call", "Anthony Blinken+Wang Yi", "", "2023-12", "happened"},
		{"talks", "Wang Yi+Jake Sullivan", "Bangkok", "2024-01", "happened"},
		{"call", "Xi Jinping+Joe Biden", "", "2024-SP", "possible"},
		{"meeting", "Anthony Blinken+Subrahmanyam Jaishankar", "Munich", "", "happened"},
	},
	"001_ce929a0f18dc0e62": {
		{"meeting", "Antony Blinken+Wang Yi", "Munich", "", "possible"},
		{"visit", "Antony Blinken", "Beijing", "XXXX-02-05", "postponed"},
		{"talks", "Joe Biden+Xi Jinping", "", "-", "planned"}, // "he'd be speaking to Chinese leader Xi Jinping"
	},
	"002_51946f49cf6bceed": {
		{"meeting", "Antony Blinken+Wang Yi", "", "2023-06-19", "planned"},
		{"meeting", "Antony Blinken+Xi Jinping", "", "2023-06-19", "possible"},
		{"visit", "Antony Blinken", "Beijing", "", "happened"},
		{"meeting", "Antony Blinken+Qin Gang", "", "2023-06-18", "happened"},
		{"meeting", "Xi Jinping+Joe Biden", "Bali", "2022-11", "happened"},
		{"visit", "Qin Gang", "Washington", "FUTURE_REF", "planned"},
		{"meeting", "Xi Jinping+Bill Gates", "", "2023-W24", "happened"},
	},
	"003_265e0c7a51896b9a": {
		{"meeting", "Antony Blinken+Wang Yi", "Beijing", "2023-06-19", "happened"},
		{"visit", "Antony Blinken", "Beijing", "", "happened"},
		{"talks", "Antony Blinken+Qin Gang", "", "2023-06-18", "happened"},
		{"meeting", "Antony Blinken+Xi Jinping", "", "2023-06-19", "possible"},
		{"meeting", "Xi Jinping+Bill Gates", "Beijing", "2023-W24", "happened"},
	},
	"004_869f1232419da740": {
		{"call", "Joe Biden+Xi Jinping", "", "FUTURE_REF", "planned"},
		{"call", "Joe Biden+Xi Jinping", "", "2024-04", "happened"},
		{"meeting", "Joe Biden+Xi Jinping", "Woodside", "2023-11", "happened"},
		{"talks", "Antony Blinken+Wang Yi", "", "2024-09-27", "happened"},
	},
}

func sameWho(e Event, who string) bool {
	var got []string
	for _, p := range e.Participants {
		got = append(got, p.Name)
	}
	exp := strings.Split(who, "+")
	slices.Sort(got)
	slices.Sort(exp)
	return slices.Equal(got, exp)
}

func matches(e Event, w want) bool {
	if family(e.Kind) != family(w.kind) || !sameWho(e, w.who) || e.Status != w.status {
		return false
	}
	if w.place != "" && e.Place != w.place {
		return false
	}
	switch w.when {
	case "":
	case "-":
		if e.When != "" {
			return false
		}
	default:
		if e.When != w.when {
			return false
		}
	}
	return true
}

func TestSamples(t *testing.T) {
	arts := readArticles(t, "../../examples")
	if len(arts) != len(sampleWant) {
		t.Fatalf("read %d samples, want %d", len(arts), len(sampleWant))
	}
	x := NewExtractor()
	for _, an := range arts {
		t.Run(an.a.ID, func(t *testing.T) {
			evs := x.Extract(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx)
			ws := sampleWant[an.a.ID]
			used := make([]bool, len(evs))
			for _, w := range ws {
				found := false
				for i, e := range evs {
					if !used[i] && matches(e, w) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("missing %v", w)
				}
			}
			for i, e := range evs {
				if !used[i] {
					t.Errorf("unexpected %s (%q)", format(e), e.Sentence.Text)
				}
				checkSpans(t, an.a.Text, e)
			}
		})
	}
}

// checkSpans checks that every span of e lies within txt and holds its text.
func checkSpans(t testing.TB, txt string, e Event) {
	t.Helper()
	check := func(what string, s *Span) {
		if s == nil {
			return
		}
		if s.Start < 0 || s.End > len(txt) || s.Start > s.End || txt[s.Start:s.End] != s.Text {
			t.Errorf("%s span %+v not in text", what, *s)
		}
	}
	check("trigger", &e.Trigger)
	check("sentence", &e.Sentence)
	check("place", e.PlaceEvidence)
	check("when", e.WhenEvidence)
	check("status", e.StatusEvidence)
	for i := range e.Participants {
		check("participant", &e.Participants[i].Evidence)
	}
	for i := range e.Mentions {
		check("mention trigger", &e.Mentions[i].Trigger)
		check("mention sentence", &e.Mentions[i].Sentence)
	}
}

var _ = filepath.Join

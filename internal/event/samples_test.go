package event

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// sample is what a careful reader extracts from one sample article: every
// contact event it reports, written as canon prints it (kind, participants
// in name order, place, TIMEX3 value with its mod, status), and the
// attribution of some telling mentions.
type sample struct {
	events []string
	// belongs maps a phrase of the article to the event (as in events)
	// whose mention its contact word must be.
	belongs map[string]string
	// not lists phrases whose contact-looking words report no contact:
	// no event may have a mention triggered inside them.
	not []string
}

// The five sample articles (examples/, also ../shared/data/seeds), read by
// hand. Undated articles are anchored (see anchors).
var samples = map[string]sample{
	"000_6394e120e0103872": {
		events: []string{
			"meeting Anthony Blinken+Wang Yi | Munich | 2024-02-16 | happened",
			"summit Joe Biden+Xi Jinping | Woodside | 2023-11 | happened", // "summit held last November in California", "met in person in Woodside, California last fall"
			"call Anthony Blinken+Wang Yi |  | 2023-12 | happened",
			"talks Jake Sullivan+Wang Yi | Bangkok | 2024-01/END | happened",
			"call Joe Biden+Xi Jinping |  | 2024-SP | possible",
			"meeting China+United States |  |  | happened",                                     // "have held separate meetings in recent weeks to curb the trafficking of fentanyl"
			"meeting Anthony Blinken+Subrahmanyam Jaishankar | Munich | 2024-02-16 | happened", // "Shortly before his meeting with the Chinese minister"
		},
		belongs: map[string]string{
			"The meeting comes":                "meeting Anthony Blinken+Wang Yi | Munich | 2024-02-16 | happened",
			"his meeting with the Chinese":     "meeting Anthony Blinken+Wang Yi | Munich | 2024-02-16 | happened",
			"met in person in Woodside":        "summit Joe Biden+Xi Jinping | Woodside | 2023-11 | happened",
			"The Sino-US talks are being held": "meeting Anthony Blinken+Wang Yi | Munich | 2024-02-16 | happened",
		},
		not: []string{"did not comment to reporters", "approved in early February the sale"},
	},
	"001_ce929a0f18dc0e62": {
		events: []string{
			"meeting Antony Blinken+Wang Yi | Munich | 2023-W07-WE | possible",
			"visit Antony Blinken | Munich | 2023-02-16 | happened", // "as he boarded his flight for Munich on Thursday"
			"visit Antony Blinken | Beijing | 2023-02-05 | postponed",
			"talks Joe Biden+Xi Jinping |  |  | planned", // "he'd be speaking to Chinese leader Xi Jinping"
		},
		belongs: map[string]string{
			"considering meeting with Wang": "meeting Antony Blinken+Wang Yi | Munich | 2023-W07-WE | possible",
			"The potential meeting carries": "meeting Antony Blinken+Wang Yi | Munich | 2023-W07-WE | possible",
			"the trip’s participants":       "visit Antony Blinken | Munich | 2023-02-16 | happened",
		},
		not: []string{"slowed progress in the talks", "with knowledge of the talks said", "Bloomberg first reported", "spoke on condition of anonymity", "give public statements", "responded to a request for comment", "called on Thursday by calling"},
	},
	"002_51946f49cf6bceed": {
		events: []string{
			"meeting Antony Blinken+Wang Yi | Beijing | 2023-06-19 | planned",
			"meeting Antony Blinken+Xi Jinping | Beijing | 2023-06-19 | possible",
			"visit Antony Blinken | Beijing | 2023-06-19 | happened",
			"meeting Antony Blinken+Qin Gang | Beijing | 2023-06-18 | happened", // the trip gives the place
			"meeting Joe Biden+Xi Jinping | Bali | 2022-11 | happened",
			"visit Qin Gang | Washington | FUTURE_REF | planned",
			"meeting Bill Gates+Xi Jinping | Beijing | 2023-W24 | happened", // "the first American friend I met in Beijing this year," Xi told Gates
		},
		belongs: map[string]string{
			"Neither side has confirmed a meeting": "meeting Antony Blinken+Xi Jinping | Beijing | 2023-06-19 | possible",
			"Sunday’s talks":                       "meeting Antony Blinken+Qin Gang | Beijing | 2023-06-18 | happened",
			"Blinken must first meet":              "meeting Antony Blinken+Wang Yi | Beijing | 2023-06-19 | planned",
		},
		not: []string{"Qin told Blinken", "said State Department spokesman"},
	},
	"003_265e0c7a51896b9a": {
		events: []string{
			"meeting Antony Blinken+Wang Yi | Beijing | 2023-06-19 | happened",
			"visit Antony Blinken | Beijing | 2023-06-19 | happened",
			"talks Antony Blinken+Qin Gang | Beijing | 2023-06-18 | happened",
			"meeting Antony Blinken+Xi Jinping | Beijing | 2023-06-19 | possible",
			"meeting Bill Gates+Xi Jinping | Beijing | 2023-W24 | happened",
		},
		belongs: map[string]string{
			"going into the talks":                                 "talks Antony Blinken+Qin Gang | Beijing | 2023-06-18 | happened",
			"Sunday’s dialogue":                                    "talks Antony Blinken+Qin Gang | Beijing | 2023-06-18 | happened",
			"The two met at Beijing’s":                             "meeting Antony Blinken+Wang Yi | Beijing | 2023-06-19 | happened",
			"Neither side has confirmed a meeting between the two": "meeting Antony Blinken+Xi Jinping | Beijing | 2023-06-19 | possible",
		},
		not: []string{"speaks at a news conference", "discussed increasing flights", "educational exchanges"},
	},
	"004_869f1232419da740": {
		events: []string{
			"call Joe Biden+Xi Jinping |  | FUTURE_REF | planned",
			"call Joe Biden+Xi Jinping |  | 2024-04 | happened",
			"meeting Joe Biden+Xi Jinping | Woodside | 2023-11 | happened",
			"talks Antony Blinken+Wang Yi |  | 2024-09-27 | happened",
		},
		belongs: map[string]string{
			"This call would follow": "call Joe Biden+Xi Jinping |  | FUTURE_REF | planned",
		},
		not: []string{"ensure continued dialogue", "a moderated online conversation", "told reporters at a press briefing", "In a statement", "approved $567 million"},
	},
}

// canon renders an event like format, with the participants in name order.
func canon(e Event) string {
	names := e.Names()
	slices.Sort(names)
	e.Participants = nil
	for _, n := range names {
		e.Participants = append(e.Participants, Participant{Name: n})
	}
	return format(e)
}

func TestSamples(t *testing.T) {
	arts := readArticles(t, "../../examples")
	if len(arts) != len(samples) {
		t.Fatalf("read %d samples, want %d", len(arts), len(samples))
	}
	x := NewExtractor()
	for _, an := range arts {
		t.Run(an.a.ID, func(t *testing.T) {
			want := samples[an.a.ID]
			evs := x.Extract(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx)
			var got []string
			for _, e := range evs {
				got = append(got, canon(e))
				checkSpans(t, an.a.Text, e)
			}
			for _, w := range want.events {
				if i := slices.Index(got, w); i >= 0 {
					got = slices.Delete(got, i, i+1)
				} else {
					t.Errorf("missing   %s", w)
				}
			}
			for _, g := range got {
				t.Errorf("unexpected %s", g)
			}
			for phrase, w := range want.belongs {
				ps := strings.Index(an.a.Text, phrase)
				if ps < 0 {
					t.Fatalf("phrase %q not in the article", phrase)
				}
				owner := mentionOwner(evs, ps, ps+len(phrase))
				if owner != w {
					t.Errorf("%q is a mention of %q, want %q", phrase, owner, w)
				}
			}
			for _, phrase := range want.not {
				ps := strings.Index(an.a.Text, phrase)
				if ps < 0 {
					t.Fatalf("phrase %q not in the article", phrase)
				}
				if owner := mentionOwner(evs, ps, ps+len(phrase)); owner != "" {
					t.Errorf("%q is a mention of %q, want none", phrase, owner)
				}
			}
		})
	}
}

// mentionOwner returns the event (as canon prints it) with a mention whose
// trigger lies in bytes [start, end), "" when none.
func mentionOwner(evs []Event, start, end int) string {
	for _, e := range evs {
		for _, m := range e.Mentions {
			if m.Trigger.Start >= start && m.Trigger.End <= end {
				return canon(e)
			}
		}
	}
	return ""
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
	// The When contract: a date has its source and evidence; no date says
	// so.
	switch {
	case e.When == "" && (e.WhenFrom != WhenNone || e.WhenEvidence != nil || e.Mod != ""):
		t.Errorf("%s: no date but when_from %q, evidence %v, mod %q", format(e), e.WhenFrom, e.WhenEvidence, e.Mod)
	case e.When != "" && (e.WhenEvidence == nil || e.WhenFrom == "" || e.WhenFrom == WhenNone):
		t.Errorf("%s: date without evidence (when_from %q)", format(e), e.WhenFrom)
	case e.WhenFrom == WhenTimex && e.WhenText != e.WhenEvidence.Text:
		t.Errorf("%s: when_text %q is not its evidence %q", format(e), e.WhenText, e.WhenEvidence.Text)
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

// TestSample001Dates checks that the undated sample 001 gives the same
// events whether it is dated Thursday 16 or Friday 17 February 2023, the
// two days its text allows.
func TestSample001Dates(t *testing.T) {
	arts := readArticles(t, "../../examples/001_ce929a0f18dc0e62.txt")
	if len(arts) != 1 {
		t.Fatalf("read %d articles", len(arts))
	}
	an := &arts[0]
	want := slices.Clone(samples[an.a.ID].events)
	slices.Sort(want)
	for _, d := range []time.Time{time.Date(2023, 2, 16, 0, 0, 0, 0, time.UTC), time.Date(2023, 2, 17, 0, 0, 0, 0, time.UTC)} {
		var got []string
		for _, e := range NewExtractor().Extract(an.a.Text, d, an.a.Place, an.ents, tagger.Tag(an.a.Text, d)) {
			got = append(got, canon(e))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("dated %s:\n got %q\nwant %q", d.Format("2006-01-02"), got, want)
		}
	}
}

package timex

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// learnedDoc is one dated document taught to an EventMemory in a test.
type learnedDoc struct {
	text string
	date string
	conf float64
}

func memoryOf(tg *Tagger, docs []learnedDoc) *EventMemory {
	m := NewEventMemory()
	for _, d := range docs {
		m.Learn(d.text, day(d.date), d.conf, tg.Tag(d.text, day(d.date)))
	}
	return m
}

// sampleMemory learns from the dated samples as the pipeline would: each
// with the date ResolveDocDate gives it (000 and 004 inferred, 002 and 003
// from their header line). 001, undated, is not learned.
func sampleMemory(t *testing.T, tg *Tagger, files ...string) *EventMemory {
	t.Helper()
	m := NewEventMemory()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", f))
		if err != nil {
			t.Skip("sample not present:", err)
		}
		dd := tg.ResolveDocDate(time.Time{}, string(b))
		if dd.Date.IsZero() {
			t.Fatalf("%s: sample not dated", f)
		}
		m.Learn(string(b), dd.Date, dd.Confidence, tg.Tag(string(b), dd.Date))
	}
	return m
}

func readSample(t *testing.T, f string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", f))
	if err != nil {
		t.Skip("sample not present:", err)
	}
	return string(b)
}

// TestEventMemorySamples: 001 is undated and its text fixes February and
// the Biden term but not the year; sample 000 (February 2024) remembers
// the Chinese balloon at the beginning of the year before, and 001 shot
// the balloon down "a week ago": February 2023. Without that memory, or
// with a memory that knows nothing of the balloon, 001 stays undated.
func TestEventMemorySamples(t *testing.T) {
	tg := New()
	const undated = "001_ce929a0f18dc0e62.txt"
	tests := []struct {
		name    string
		learn   []string
		want    string // "" = stays unknown; else the month YYYY-MM
		minConf float64
	}{
		{"archive with the balloon", []string{"000_6394e120e0103872.txt", "002_51946f49cf6bceed.txt", "003_265e0c7a51896b9a.txt", "004_869f1232419da740.txt"}, "2023-02", MinInferredConfidence},
		{"balloon report alone", []string{"000_6394e120e0103872.txt"}, "2023-02", MinInferredConfidence},
		{"no evidence in the archive", []string{"002_51946f49cf6bceed.txt", "003_265e0c7a51896b9a.txt", "004_869f1232419da740.txt"}, "", 0},
		{"empty memory", nil, "", 0},
	}
	text := readSample(t, undated)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := sampleMemory(t, tg, tc.learn...)
			dd := tg.ResolveDocDateWith(time.Time{}, text, m)
			if tc.want == "" {
				if dd.Source != "unknown" || !dd.Date.IsZero() {
					t.Fatalf("dated %s (%s, %.2f), want unknown; recalled %+v", dd.Date.Format("2006-01-02"), dd.Source, dd.Confidence, m.Recall(text))
				}
				return
			}
			if dd.Source != "inferred" || dd.Date.Format("2006-01") != tc.want || dd.Confidence < tc.minConf || dd.Confidence >= 1 {
				t.Fatalf("dated %s (%s, %.2f), want %s inferred with confidence in [%.2f, 1)", dd.Date.Format("2006-01-02"), dd.Source, dd.Confidence, tc.want, tc.minConf)
			}
			// The text's own constraints keep the day in the conference
			// week: "Feb. 5-6" was postponed, the conference opened Friday.
			if dd.Date.Day() < 10 || dd.Date.Day() > 20 {
				t.Errorf("day %s outside the week of the conference", dd.Date.Format("2006-01-02"))
			}
			t.Logf("001 dated %s (confidence %.2f)", dd.Date.Format("2006-01-02 Mon"), dd.Confidence)
		})
	}
}

// TestEventMemoryNeverPinsARecurringEvent: an annual event remembered in
// one or several years, a pair learned from a sentence calling its event
// annual or numbering it, and a pair whose dates disagree date nothing.
func TestEventMemoryNeverPinsARecurringEvent(t *testing.T) {
	tg := New()
	tests := []struct {
		name    string
		learn   []learnedDoc
		undated string
	}{
		{"known recurring event in two years", []learnedDoc{
			{"Blinken met Wang Yi today at the Munich Security Conference.", "2023-02-17", 1},
			{"Blinken met Wang Yi today at the Munich Security Conference.", "2024-02-16", 1},
		}, "Officials said the Munich Security Conference, which opened a week ago, ended with no deal."},
		{"known recurring event in one year", []learnedDoc{
			{"Leaders gathered today at the Munich Security Conference.", "2024-02-16", 1},
		}, "The Munich Security Conference opened a week ago, President Joe Biden said."},
		{"an event called annual", []learnedDoc{
			{"The annual lantern parade drew crowds in Harbin today.", "2019-01-05", 1},
		}, "The lantern parade held a week ago drew crowds, President Barack Obama said."},
		{"a numbered edition", []learnedDoc{
			{"The 35th lantern parade drew crowds in Harbin today.", "2019-01-05", 1},
		}, "The lantern parade held a week ago drew crowds, President Barack Obama said."},
		{"dates that disagree", []learnedDoc{
			{"The lantern parade drew crowds in Harbin today.", "2015-01-05", 1},
			{"The lantern parade drew crowds in Harbin today.", "2019-01-05", 1},
		}, "The lantern parade held a week ago drew crowds, President Barack Obama said."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := memoryOf(tg, tc.learn)
			if rec := m.Recall(tc.undated); len(rec) != 0 {
				t.Errorf("recalled %+v", rec)
			}
			with, cw, okw := tg.InferDocDateWith(tc.undated, m)
			without, c, ok := tg.InferDocDate(tc.undated)
			if okw != ok || !with.Equal(without) || cw != c {
				t.Errorf("memory changed the inference: %s (%.2f, %v), without %s (%.2f, %v)",
					with.Format("2006-01-02"), cw, okw, without.Format("2006-01-02"), c, ok)
			}
			if dd := tg.ResolveDocDateWith(time.Time{}, tc.undated, m); dd.Source != "unknown" {
				t.Errorf("dated %s (%s, %.2f), want unknown", dd.Date.Format("2006-01-02"), dd.Source, dd.Confidence)
			}
		})
	}
}

// TestEventMemoryRecall checks what is remembered: the span of the
// anchoring date (narrowed by its mod), agreement across documents, the
// weight of a pair many documents share, and that a bare mention in one
// sentence does not constrain the date.
func TestEventMemoryRecall(t *testing.T) {
	tg := New()
	tests := []struct {
		name       string
		learn      []learnedDoc
		text       string
		pair       string // "" = nothing recalled
		from, to   string // the remembered span [from, to)
		minW, maxW float64
	}{
		{"a day", []learnedDoc{{"The spy balloon was shot down on Feb. 4, 2023, off South Carolina.", "2023-02-06", 1}},
			"He spoke of the spy balloon shot down a week ago.", "spy balloon", "2023-02-04", "2023-02-05", 1, 1},
		{"the beginning of last year", []learnedDoc{{"Ties soured at the beginning of last year over the Chinese balloon.", "2024-02-16", 0.5}},
			"He raised the Chinese balloon again.", "chinese balloon", "2023-01-01", "2023-05-02", 0.5, 0.5},
		{"two reports that agree", []learnedDoc{
			{"The spy balloon was shot down on Feb. 4, 2023.", "2023-02-06", 1},
			{"The spy balloon crossed the country early this month.", "2023-02-20", 1},
		}, "The spy balloon was mentioned.", "spy balloon", "2023-02-04", "2023-02-05", 1, 1},
		{"a pair every report shares", []learnedDoc{
			{"The spy balloon was shot down on Feb. 4, 2023.", "2023-02-06", 1},
			{"The spy balloon affair goes on.", "2023-03-06", 1},
			{"Critics of the spy balloon response met.", "2023-04-06", 1},
		}, "The spy balloon was mentioned.", "spy balloon", "2023-02-04", "2023-02-05", 0.3, 0.5},
		{"no anchoring date", []learnedDoc{{"The spy balloon affair goes on.", "2023-03-06", 1}},
			"The spy balloon was mentioned.", "", "", "", 0, 0},
		{"a decade is no event", []learnedDoc{{"The spy balloon era of the 1950s.", "2023-03-06", 1}},
			"The spy balloon was mentioned.", "", "", "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := memoryOf(tg, tc.learn)
			rec := m.Recall(tc.text)
			if tc.pair == "" {
				if len(rec) != 0 {
					t.Fatalf("recalled %+v", rec)
				}
				return
			}
			if len(rec) != 1 {
				t.Fatalf("recalled %+v, want one", rec)
			}
			r := rec[0]
			if r.Pair != tc.pair || !r.Start.Equal(day(tc.from)) || !r.End.Equal(day(tc.to)) || r.Weight < tc.minW || r.Weight > tc.maxW {
				t.Errorf("recalled %q %s..%s weight %.2f, want %q %s..%s weight in [%.2f, %.2f]", r.Pair,
					r.Start.Format("2006-01-02"), r.End.Format("2006-01-02"), r.Weight, tc.pair, tc.from, tc.to, tc.minW, tc.maxW)
			}
			if r.Sentence[r.PairStart:r.PairEnd] == "" {
				t.Errorf("empty pair span")
			}
		})
	}
	// A bare mention in a single sentence adds no constraint.
	m := memoryOf(tg, tests[0].learn)
	cheap, costly, _ := tg.memoryConstraints("The spy balloon was mentioned.", m)
	if len(cheap)+len(costly) != 0 {
		t.Errorf("bare mention constrained the date: %d cheap, %d costly", len(cheap), len(costly))
	}
	// Looking back, it does.
	if _, costly, _ := tg.memoryConstraints("He spoke of the spy balloon shot down a week ago.", m); len(costly) != 1 {
		t.Errorf("%d constraints from a look back, want 1", len(costly))
	}
}

// TestEventMemoryZeroDate: documents without a date or confidence teach
// nothing.
func TestEventMemoryZeroDate(t *testing.T) {
	m := NewEventMemory()
	m.Learn("The spy balloon was shot down on Feb. 4, 2023.", time.Time{}, 1, nil)
	m.Learn("The spy balloon was shot down on Feb. 4, 2023.", day("2023-02-06"), 0, nil)
	if m.Docs() != 0 || len(m.Recall("The spy balloon.")) != 0 {
		t.Errorf("learned %d documents", m.Docs())
	}
}

// FuzzEventMemory: learning any text and recalling from any text never
// panics, recalled pairs lie inside their sentence with a weight in (0, 1]
// and a non-empty span, and the memory-aided inference keeps its contract.
func FuzzEventMemory(f *testing.F) {
	f.Add("The spy balloon was shot down on Feb. 4, 2023, off South Carolina.", "He spoke of the spy balloon shot down a week ago. Feb. 5-6.")
	f.Add("Ties soured at the beginning of last year over the Chinese balloon. Mr. Blinken met Wang.", "The Chinese balloon, Dr. X said.")
	f.Add("The 59th Munich Security Conference opened today.", "The annual fair. St. Louis. U.S. A. B.")
	tg := New()
	f.Fuzz(func(t *testing.T, learn, text string) {
		if len(learn) > 2000 || len(text) > 2000 {
			return
		}
		m := NewEventMemory()
		d := day("2023-02-06")
		m.Learn(learn, d, 0.9, tg.Tag(learn, d))
		m.Learn(text, d.AddDate(1, 0, 0), 1, tg.Tag(text, d.AddDate(1, 0, 0)))
		for _, r := range m.Recall(text) {
			if r.PairStart < 0 || r.PairEnd > len(r.Sentence) || r.PairStart >= r.PairEnd || r.Weight <= 0 || r.Weight > 1 || !r.Start.Before(r.End) {
				t.Fatalf("bad recall %+v", r)
			}
		}
		got, c, ok := tg.InferDocDateWith(text, m)
		if ok != !got.IsZero() || ok && (c <= 0 || c > 1) {
			t.Fatalf("InferDocDateWith = %v %v %v", got, c, ok)
		}
	})
}

// TestEventMemoryBareMentions: events merely mentioned, without a relative
// expression, bound the date only when two sentences recall agreeing
// events under different pairs; one mention alone does nothing.
func TestEventMemoryBareMentions(t *testing.T) {
	tg := New()
	m := memoryOf(tg, []learnedDoc{
		{"The spy balloon was shot down on Feb. 4, 2023. Navy divers found balloon debris on Feb. 7, 2023.", "2023-02-10", 1},
	})
	tests := []struct {
		name     string
		text     string
		from, to string // "" = the memory changes nothing
	}{
		{"two agreeing mentions", "Navy divers studied more balloon debris. The spy balloon affair strained ties, President Joe Biden said.", "2023-02-07", "2024-08-07"},
		{"one mention", "The spy balloon affair strained ties, President Joe Biden said.", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			with, cw, okw := tg.InferDocDateWith(tc.text, m)
			if tc.from == "" {
				without, c, ok := tg.InferDocDate(tc.text)
				if okw != ok || !with.Equal(without) || cw != c {
					t.Errorf("memory changed the inference: %s (%.2f), without %s (%.2f)", with.Format("2006-01-02"), cw, without.Format("2006-01-02"), c)
				}
				return
			}
			if !okw || with.Before(day(tc.from)) || !with.Before(day(tc.to)) {
				t.Errorf("inferred %s (%.2f, %v), want in [%s, %s)", with.Format("2006-01-02"), cw, okw, tc.from, tc.to)
			}
		})
	}
}

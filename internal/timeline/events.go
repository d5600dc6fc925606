package timeline

import (
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// StoryEvent is a real-world event of the story, linked across the
// articles that report it: Build places each one on the timeline at its
// own date (a day, a month, a season, ...), with its status, its
// participants and the sentences that report it.
type StoryEvent struct {
	ID     string
	Kind   string // meeting, talks, summit, call, visit
	Status string // of the latest report: happened, planned, possible, ...
	// When is the event's TIMEX3 value at its own granularity
	// ("2024-04-12", "2024-04", "2024-SP"), or FUTURE_REF for an event
	// planned after its latest report; "" when no report dates it, and
	// then the event is not placed.
	When  string
	Names []string // participants
	Place string
	// Reports are the sentences reporting the event, one per mention.
	Reports []EventReport
}

// EventReport is one article's report of a StoryEvent: the byte offsets
// of the reporting sentence in that Doc's Text.
type EventReport struct {
	Doc string
	// Article is the id of the article's own event this report is
	// (store.StoredEvent.ID): the timeline shows it as the story event.
	Article    string
	Start, End int
}

// placement is where a story event goes on the timeline: the first day of
// its period and the label of the period when it is not a single day.
type placement struct {
	day   int
	label string // "" for a day; else the TIMEX3 value or "after YYYY-MM-DD"
}

// place returns where ev goes, or false when it has no usable date.
// FUTURE_REF goes to the day after the latest dated report.
func (st *story) place(ev *StoryEvent) (placement, bool) {
	switch ev.When {
	case "":
		return placement{}, false
	case "FUTURE_REF":
		last := -1
		for _, r := range ev.Reports {
			if i := st.docIndex(r.Doc); i >= 0 && st.pub[i] > last {
				last = st.pub[i]
			}
		}
		if last < 0 {
			return placement{}, false
		}
		return placement{day: last + 1, label: "after " + dayTime(last).Format(time.DateOnly)}, true
	}
	start, end, ok := timex.ValueRange(ev.When)
	if !ok {
		return placement{}, false
	}
	p := placement{day: dayOf(start)}
	if end.Sub(start) > 24*time.Hour {
		p.label = ev.When
	}
	return p, true
}

// docIndex returns the index of the document with the given id, or -1.
func (st *story) docIndex(id string) int {
	if st.byID == nil {
		st.byID = make(map[string]int, len(st.docs))
		for i := range st.docs {
			st.byID[st.docs[i].ID] = i
		}
	}
	if i, ok := st.byID[id]; ok {
		return i
	}
	return -1
}

// placedEvent is a story event with where it goes.
type placedEvent struct {
	*StoryEvent
	at placement
}

// addStoryEvents places the story events on out, whose entries are the
// selected days: on the entry of an event's day when there is one, else on
// an entry of its own (a period entry when the event spans more than a
// day), quoting the event's reports (addReports). It returns the entries in
// no particular order.
func (st *story) addStoryEvents(out []Entry, events []placedEvent, perDate int, used map[string]bool) []Entry {
	out = st.moveReports(out, events)
	at := make(map[placement]int, len(out)) // placement -> index in out
	for i, e := range out {
		at[placement{day: dayOf(e.Date)}] = i
	}
	for _, ev := range events {
		tev := Event{ID: ev.ID, Kind: ev.Kind, Status: ev.Status, When: ev.When, Participants: ev.Names, Place: ev.Place}
		for _, r := range ev.Reports {
			if !slices.Contains(tev.Sources, r.Doc) {
				tev.Sources = append(tev.Sources, r.Doc)
			}
		}
		idx, ok := at[ev.at]
		if !ok {
			idx = len(out)
			out = append(out, Entry{Date: dayTime(ev.at.day), Label: ev.at.label})
			at[ev.at] = idx
		}
		e := &out[idx]
		// the article's own events that report ev are ev
		e.Events = slices.DeleteFunc(e.Events, func(x Event) bool {
			return x.ID != ev.ID && slices.ContainsFunc(ev.Reports, func(r EventReport) bool { return r.Article != "" && r.Article == x.ID })
		})
		if k := slices.IndexFunc(e.Events, func(x Event) bool { return x.ID != "" && x.ID == ev.ID }); k >= 0 {
			e.Events[k] = mergeEvent(e.Events[k], tev)
		} else {
			if n := len(ev.Reports); n > 0 {
				tev.Doc, tev.Start, tev.End = ev.Reports[n-1].Doc, ev.Reports[n-1].Start, ev.Reports[n-1].End
			}
			e.Events = append(e.Events, tev)
		}
		st.addReports(e, ev.StoryEvent, perDate, used)
	}
	return out
}

// mergeEvent fills in the story-level fields of an event an entry already
// holds from its sentences.
func mergeEvent(have, ev Event) Event {
	have.Status, have.When, have.Participants, have.Place, have.Sources = ev.Status, ev.When, ev.Participants, ev.Place, ev.Sources
	return have
}

// addReports makes sure e quotes ev: when none of e's sentences reports
// it, the sentence of its latest report is added; then further reports
// (reportOrder), while e has fewer than perDate sentences (skipping sentences the
// timeline already shows). The reporting documents are cited.
func (st *story) addReports(e *Entry, ev *StoryEvent, perDate int, used map[string]bool) {
	quoted := func(r EventReport) bool {
		return slices.ContainsFunc(e.Sentences, func(s Sentence) bool {
			return s.Doc == r.Doc && s.Start < r.End && s.End > r.Start
		})
	}
	add := func(r EventReport, force bool) bool {
		i := st.docIndex(r.Doc)
		if i < 0 || r.Start < 0 || r.End > len(st.docs[i].Text) || r.Start >= r.End || quoted(r) {
			return false
		}
		d := &st.docs[i]
		txt := strings.Join(strings.Fields(d.Text[r.Start:r.End]), " ")
		if used[txt] && !force {
			return false
		}
		used[txt] = true
		e.Sentences = append(e.Sentences, Sentence{Doc: d.ID, Source: d.Source, URL: d.URL, Text: txt, Start: r.Start, End: r.End})
		return true
	}
	order := reportOrder(ev.Reports)
	if !slices.ContainsFunc(ev.Reports, quoted) {
		for _, k := range order {
			if add(ev.Reports[k], true) {
				break
			}
		}
	}
	for _, k := range order {
		if len(e.Sentences) >= perDate {
			break
		}
		add(ev.Reports[k], false)
	}
	for _, r := range ev.Reports {
		if !slices.Contains(e.Sources, r.Doc) {
			e.Sources = append(e.Sources, r.Doc)
		}
	}
}

// reportOrder returns the indexes of reports in the order they are
// quoted: the latest article first (reports come in linking order) and,
// within an article, its first (full) mention first.
func reportOrder(reports []EventReport) []int {
	out := make([]int, 0, len(reports))
	for end := len(reports); end > 0; {
		start := end - 1
		for start > 0 && reports[start-1].Doc == reports[end-1].Doc {
			start--
		}
		for k := start; k < end; k++ {
			out = append(out, k)
		}
		end = start
	}
	return out
}

// moveReports drops from the selected days (out) the sentences that
// report a story event placed on another date (the event's own entry
// quotes them), and the days left without a sentence.
func (st *story) moveReports(out []Entry, events []placedEvent) []Entry {
	for _, ev := range events {
		for j := range out {
			e := &out[j]
			if ev.at.label == "" && dayOf(e.Date) == ev.at.day {
				continue
			}
			e.Sentences = slices.DeleteFunc(e.Sentences, func(s Sentence) bool {
				return slices.ContainsFunc(ev.Reports, func(r EventReport) bool {
					return r.Doc == s.Doc && r.Start < s.End && r.End > s.Start
				})
			})
		}
	}
	return slices.DeleteFunc(out, func(e Entry) bool { return len(e.Sentences) == 0 })
}

// Package timeline owns date selection and sentence selection for a story
// or a query: given the articles of a story with their temporal expressions
// (and, later, their dated events), it picks the dates that matter and, for
// each, the sentences that say what happened on that day, each citing its
// sources; and it writes timelines as text, Markdown, JSON and TimelineJS.
//
// It reads documents handed to it (FromStore reads them from an archive,
// never writing to it) and knows nothing of the pipeline or the CLI; it
// depends on packages text and timex for sentence spans and TIMEX3 values.
package timeline

import (
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// Doc is one article of a story, with its analysis.
type Doc struct {
	ID     string
	Title  string
	Source string // outlet name, empty when unknown
	URL    string
	// Date is the publication date; the zero time when unknown.
	Date time.Time
	// Text is the article body; Timexes and Events point into it.
	Text string
	// Timexes are the temporal expressions of Text with byte offsets, as
	// package timex tags them.
	Timexes []timex.Timex
	// Events are the dated event mentions of Text, when an event
	// extractor has run; nil otherwise.
	Events []Event
}

// Event is one dated event mention in a Doc: what the events stage reports
// for a sentence. Start and End are byte offsets into Doc.Text of the text
// that reports it (its sentence or trigger); sentences overlapping them count
// as stating the event.
type Event struct {
	ID     string `json:"id,omitempty"`
	Kind   string `json:"kind,omitempty"`   // meeting, talks, call, visit, ...
	Status string `json:"status,omitempty"` // happened, planned, ...
	// When is the TIMEX3 value of the event's time ("2024-02-16"), or "".
	When  string `json:"when,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Doc is the id of the document Start and End point into; Build sets
	// it on the events of an Entry.
	Doc string `json:"doc,omitempty"`
	// Participants, Place and Sources are set on the events of a story
	// (Options.Events): the participants' names, the place, and every
	// document reporting the event.
	Participants []string `json:"participants,omitempty"`
	Place        string   `json:"place,omitempty"`
	Sources      []string `json:"sources,omitempty"`
}

// Entry is one date of a timeline.
type Entry struct {
	// Date is the day (UTC midnight); for a period entry, its first day.
	Date time.Time
	// Label is empty for a day; for an entry standing for a longer period
	// (a story event dated to a month, a season, a week, ...) it is the
	// period's TIMEX3 value, or "after YYYY-MM-DD" for an event planned
	// after its latest report.
	Label string
	// Score is the date's selection score (higher is more important).
	Score float64
	// Sentences are the selected sentences, most central first.
	Sentences []Sentence
	// Events are the events dated to this day found in the selected
	// sentences' articles (none until an events stage fills Doc.Events).
	Events []Event
	// Sources lists the document ids cited by the sentences, each once.
	Sources []string
}

// Sentence is one selected sentence and where it comes from.
type Sentence struct {
	Doc    string  `json:"doc"`              // document id
	Source string  `json:"source,omitempty"` // outlet, when known
	URL    string  `json:"url,omitempty"`    // the article's address, when known
	Text   string  `json:"text"`
	Start  int     `json:"start"` // byte offsets into the document's text
	End    int     `json:"end"`
	Score  float64 `json:"score"`
}

// Options configure Build. The zero value is usable.
type Options struct {
	// Dates is the number of dates to select (default 10).
	Dates int
	// PerDate is the number of sentences per date (default 1).
	PerDate int
	// From and To, when not zero, bound the dates selected (inclusive).
	From, To time.Time
	// SentenceBoost, when not nil, returns an extra score (typically in
	// [0,1]) for a candidate sentence: the hook through which sentences
	// stating a kind of event (contact verbs, say) are preferred.
	SentenceBoost func(d *Doc, s Sentence) float64
	// Events are the story's linked real-world events. Each dated one is
	// placed at its own date, on top of the Dates selected: on that day's
	// entry, or on an entry of its own (a period entry when it is dated to
	// more than a day), quoting its reports.
	Events []StoryEvent
}

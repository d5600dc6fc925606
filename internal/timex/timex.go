// Package timex owns temporal expressions in English news text: it finds
// TIMEX3 expressions (DATE, TIME, DURATION, SET), normalises them to TIMEX3
// values against an anchor (normally the document creation time), infers a
// document's date from its text when metadata has none, validates TIMEX3
// values, and reads and writes TimeML.
//
// Tagging works on tokens, not on regular expressions: the text is tokenised
// once and a hand-written grammar is matched over the tokens, so the cost is
// linear in the text and independent of the number of patterns.
//
// Conventions follow the TimeBank/TempEval-3 annotation of news:
//
//   - Extents leave out leading prepositions ("on Monday" → "Monday") and
//     keep "the" and modifiers that change the value ("the third quarter",
//     "the end of January", "early next year", "more than two years").
//   - Ranges give one expression per date: "Feb. 5-6" → 2023-02-05 and
//     2023-02-06, "1957-58" → 1957 and 1958.
//   - The tense of the clause decides the direction of underspecified
//     expressions: "met on Monday" → the Monday on or before the anchor,
//     "will meet on Monday" → on or after it. Plans, timetables and limits
//     look ahead too: "will be named ... for a mission in December",
//     "planned a rally on Saturday", "the leaders meet Monday", "the offer
//     runs until Friday", "extended the loans through January". A month
//     without a year is taken in the nearest year consistent with the
//     tense; "last November" is the November at least two months back,
//     else the previous year's.
//   - Vague expressions get reference values: "now", "currently" →
//     PRESENT_REF; "recently", "the past few days" → PAST_REF; "soon", "the
//     coming days" → FUTURE_REF. Durations use P/PT values ("seven and a half
//     hours" → PT7.5H, "several years" → PXY); sets carry quant/freq.
//   - In quarterly-results context "a year ago" and "year-earlier" refer to
//     the year-ago quarter (1988-Q3), as annotators of financial news do.
//   - Anaphoric expressions take the reference time, the last date of the
//     right granularity mentioned shortly before, not the anchor: "In June
//     1998 ... later that year" → 1998; "In March ... the following month"
//     → April; "that day", "that same day", "that quarter", "the next
//     morning" likewise. Without a reference they are not tagged.
//   - Open-ended and comparative points carry TimeML point mods: "1994 or
//     later" → ON_OR_AFTER, "post-1959" → AFTER, "pre-1990" → BEFORE,
//     "more than a decade ago" → BEFORE, "less than a year ago" → AFTER.
//     Signal words outside the extent ("before 1990") set no mod, as in
//     TimeBank.
//
// An EventMemory learns, from the archive's dated articles, when the events
// they mention happened (distinctive word pairs anchored to resolved dates)
// and lets InferDocDateWith date an undated article that refers to the same
// events ("the spy balloon shot down a week ago").
//
// The package has no mutable global state; a Tagger is immutable and safe for
// concurrent use. It does not read files, and it knows nothing about articles,
// stores or the CLI.
package timex

import (
	"sync"
	"time"
)

// Timex is one TIMEX3 expression found in a text.
type Timex struct {
	// ID is the TIMEX3 tid ("t1"); empty for tagger output until written.
	ID string `json:"tid,omitempty"`
	// Start and End are byte offsets into the tagged text: Text == text[Start:End].
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Type is DATE, TIME, DURATION or SET.
	Type string `json:"type"`
	// Value is the normalised TIMEX3 value (see ValidValue).
	Value string `json:"value"`
	// Mod is the TIMEX3 mod (START, MID, END, APPROX, BEFORE, AFTER,
	// LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE, ON_OR_BEFORE,
	// ON_OR_AFTER) or "".
	Mod   string `json:"mod,omitempty"`
	Quant string `json:"quant,omitempty"`
	Freq  string `json:"freq,omitempty"`
}

// Tagger finds and normalises temporal expressions. The zero value is not
// usable; call New. A Tagger is immutable and safe for concurrent use.
type Tagger struct {
	// scratch pools the working buffers of Tag. It holds no state that
	// affects results: a buffer is used by one call at a time, and
	// nothing Tag returns refers to it.
	scratch sync.Pool // of *scratch
}

// scratch is the per-call working memory of Tag.
type scratch struct {
	toks []token
	// low holds the lower-cased text; tokens' low strings alias it, so
	// they must not outlive the call (results are built from the
	// original text and fresh strings only).
	low []byte
	out []Timex
}

// New returns a Tagger for English news text.
func New() *Tagger { return &Tagger{} }

// Tag returns the temporal expressions of text in document order, with
// non-overlapping spans inside text. Relative and underspecified expressions
// are resolved against anchor (usually the document creation time; only its
// calendar date is used). When anchor is the zero time, relative expressions
// stay underspecified: "today" → PRESENT_REF, "last year" → PAST_REF,
// "Monday" → XXXX-WXX-1, "November" → XXXX-11, "two years ago" → PAST_REF.
func (t *Tagger) Tag(text string, anchor time.Time) []Timex {
	p := parser{text: text}
	if !anchor.IsZero() {
		p.a = time.Date(anchor.Year(), anchor.Month(), anchor.Day(), 0, 0, 0, 0, time.UTC)
		p.has = true
	}
	sc, _ := t.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{toks: make([]token, 0, len(text)/4+16)}
	}
	p.toks, sc.low = tokenize(text, sc.toks, sc.low)
	p.out = sc.out[:0]
	p.run()
	var out []Timex
	if len(p.out) > 0 {
		out = make([]Timex, len(p.out))
		copy(out, p.out)
	}
	// Pool the buffers without their strings, so that a pooled buffer
	// keeps no text alive; very large buffers are not kept.
	if cap(p.toks) <= maxPooledTokens && cap(sc.low) <= 4*maxPooledTokens {
		clear(p.toks)
		clear(p.out)
		sc.toks, sc.out = p.toks[:0], p.out[:0]
		t.scratch.Put(sc)
	}
	return out
}

// maxPooledTokens bounds the token buffers kept between calls (16 MB, the
// tokens of about 1 MB of text).
const maxPooledTokens = 1 << 18

// Package clean owns the generic cleaning of scraped article text: Unicode
// normalisation, removal of site furniture (boilerplate lines), inference of
// a missing title, extraction of a leading dateline, and repair of words
// glued together by scraping.
//
// It works on article.Article values handed to it by the readers and
// changes only their Text, Title and Place. It must not read files or the
// network at cleaning time (its word statistics are embedded), must not
// depend on analysis, linking or storage packages, and its rules must stay
// generic: no rule may name a particular outlet or word of a sample.
//
// The cleaned Text is the reference for every later stage: they store byte
// offsets into it. Cleaning therefore keeps the article's own quotation
// marks and dashes; use FoldForMatch to compare text loosely.
package clean

import (
	"sync"

	"github.com/storyline-news/storyline/internal/article"
)

// Options tune a Cleaner. The zero value is the recommended setting.
type Options struct {
	// DisableGlue turns off glued-word repair.
	DisableGlue bool
	// DisableBoilerplate turns off removal of site furniture lines.
	DisableBoilerplate bool
	// MinRepeat is the number of articles of one source a short line must
	// appear in before it is treated as furniture (default 3).
	MinRepeat int
	// MaxFurnitureWords is the longest line, in words, that repetition alone
	// may mark as furniture (default 12).
	MaxFurnitureWords int
}

// Cleaner cleans articles. It is safe for concurrent use: the per-source
// line statistics it keeps are guarded by a mutex, and everything else it
// reads is immutable.
type Cleaner struct {
	opts  Options
	table func() *wordTable
	lines *lineStats
}

// New returns a Cleaner with the given options, using the embedded word
// table.
func New(opts Options) *Cleaner {
	if opts.MinRepeat <= 0 {
		opts.MinRepeat = 3
	}
	if opts.MaxFurnitureWords <= 0 {
		opts.MaxFurnitureWords = 12
	}
	return &Cleaner{opts: opts, table: defaultTable, lines: newLineStats()}
}

// Report says what Clean changed in an article.
type Report struct {
	// RemovedLines are the furniture lines taken out of the text, in order.
	RemovedLines []string `json:"removed_lines,omitempty"`
	// Splits are the glued words repaired.
	Splits []Split `json:"splits,omitempty"`
	// TitleInferred is true when Title was empty and was taken from the text.
	TitleInferred bool `json:"title_inferred,omitempty"`
	// DatelineFound is true when a leading dateline moved into Place.
	DatelineFound bool `json:"dateline_found,omitempty"`
	// Dateline is the dateline as it stood in the text, when found.
	Dateline string `json:"dateline,omitempty"`
}

// lineStats counts, per source, in how many articles each short line occurs.
type lineStats struct {
	mu   sync.Mutex
	seen map[string]map[string]int // source → line key → articles
	docs map[string]map[string]bool
}

func newLineStats() *lineStats {
	return &lineStats{seen: map[string]map[string]int{}}
}

var _ = article.Article{}

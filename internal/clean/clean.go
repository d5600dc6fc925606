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
	"strings"
	"sync"
	"unicode"

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
	vocab sync.Pool // of map[string]int, reused across Clean calls
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
	// RemovedLines are the furniture lines taken out of the text, in order,
	// then a headline repeated at the head of the body and a trailing
	// agency credit, when removed.
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

// Clean cleans a in place, in this order: Unicode normalisation of Title
// and Text; removal of furniture lines (patterns anywhere, short lines
// without sentence structure at the head and tail, lines repeated across
// articles of the same source, see Observe); inference of an empty Title
// from a short first line; removal of a duplicated headline; extraction of
// a leading dateline into Place (only when Place is empty; the place keeps
// the case it is written in, "BEIJING" or "Munich, Germany") and of a
// trailing agency credit (". AFP, BLOOMBERG"); repair of glued words in
// Text and Title. It returns what it changed. Cleaning a cleaned article
// changes nothing more. Safe for concurrent use on different articles.
func (c *Cleaner) Clean(a *article.Article) Report {
	var rep Report
	if a == nil {
		return rep
	}
	a.Title = normalizeUnicode(a.Title)
	if strings.IndexByte(a.Title, '\n') >= 0 {
		a.Title = strings.Join(strings.Fields(a.Title), " ")
	}
	text := normalizeUnicode(a.Text)
	lines := strings.Split(text, "\n")
	// Removing a line can expose another (furniture under furniture, a
	// repeated headline under a site name or a dateline): repeat until
	// nothing changes, so that cleaning a cleaned article changes nothing
	// more.
	for pass := 0; pass < 4; pass++ {
		before := strings.Join(lines, "\n")
		if !c.opts.DisableBoilerplate {
			lines, rep.RemovedLines = c.removeFurniture(lines, a.Source, rep.RemovedLines)
		}
		lines = trimBlank(lines)
		if a.Title == "" {
			if t, rest := inferTitle(lines); t != "" {
				a.Title = t
				lines = rest
				rep.TitleInferred = true
			}
		} else if len(lines) > 0 && FoldForMatch(strings.ToLower(lines[0])) == FoldForMatch(strings.ToLower(a.Title)) {
			rep.RemovedLines = append(rep.RemovedLines, lines[0])
			lines = trimBlank(lines[1:])
		}
		if a.Place == "" {
			text := strings.Join(lines, "\n")
			if d, ok := findDateline(c.table(), text); ok {
				a.Place = d.place
				rep.DatelineFound = true
				rep.Dateline = strings.TrimSpace(d.text)
				lines = trimBlank(strings.Split(text[len(d.text):], "\n"))
			}
		}
		if strings.Join(lines, "\n") == before {
			break
		}
	}
	text = strings.Join(lines, "\n")
	// A credit is stripped only from a body that keeps some words, so the
	// text left behind never becomes furniture on a second cleaning.
	if i := trailingCredit(text); i > 0 && strings.IndexFunc(text[:i], isLetterOrDigit) >= 0 {
		rep.RemovedLines = append(rep.RemovedLines, text[i:])
		text = strings.TrimRight(text[:i], " ")
	}
	if !c.opts.DisableGlue {
		vocab, _ := c.vocab.Get().(map[string]int)
		if vocab == nil {
			vocab = make(map[string]int, 512)
		}
		defer func() {
			clear(vocab)
			c.vocab.Put(vocab)
		}()
		addVocab(vocab, text)
		addVocab(vocab, a.Title)
		if edits := c.glueEdits(text, vocab); len(edits) > 0 {
			var sp []Split
			text, sp = applyGlueEdits(text, edits)
			rep.Splits = append(rep.Splits, sp...)
		}
		if edits := c.glueEdits(a.Title, vocab); len(edits) > 0 {
			var sp []Split
			a.Title, sp = applyGlueEdits(a.Title, edits)
			rep.Splits = append(rep.Splits, sp...)
		}
	}
	a.Text = text
	return rep
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// trimBlank drops leading and trailing empty lines and collapses runs of
// empty lines left by removals into one.
func trimBlank(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

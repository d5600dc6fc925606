package article

import (
	"regexp"
	"strings"
)

var (
	// dateLineRe matches a leading "date 2023-06-19" metadata marker as
	// scrapers write it, possibly followed by body text on the same line.
	dateLineRe = regexp.MustCompile(`(?i)^[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?:[ \t]+|$)`)
	// headerRe matches an RFC-822-like "Name: value" header line.
	headerRe = regexp.MustCompile(`^[ \t]*([A-Za-z][A-Za-z-]*)[ \t]*:[ \t]*(.*?)[ \t]*$`)
)

// textHeaders maps the header names a text file may start with (lower
// case) to the Article field they set.
var textHeaders = map[string]string{
	"title": "title", "headline": "title",
	"date": "date", "published": "date",
	"author": "author", "byline": "author", "authors": "author",
	"source": "source", "publisher": "source",
	"url": "url", "link": "url",
	"language": "language", "lang": "language",
}

// maxHeaderLines bounds how far down the metadata block of a text file may go.
const maxHeaderLines = 30

// readText reads a plain-text article. Metadata at the top become fields:
// RFC-822-like header lines (Title, Date, Author, Source, URL, Language) and
// a "date YYYY-MM-DD" marker, of which only the marker is removed when body
// text follows on the same line. Everything else is body, with line endings
// normalised and paragraphs separated by one blank line; no title, dateline
// or boilerplate is inferred here (that is package clean's work).
func (r *Reader) readText(s *session, in *input) error {
	if in.partial != nil {
		return s.fail(in.partial)
	}
	a := parseText(string(decodeDeclared(in.data, in.contentType)))
	a.ID = baseID(in)
	if a.URL == "" {
		a.URL = in.url
	}
	return s.article(a, 0, "text")
}

// parseText splits text into metadata and body.
func parseText(text string) *Article {
	text = normalizeNewlines(text)
	a := &Article{}
	lines := strings.Split(text, "\n")
	i := 0
	for i < len(lines) && i < maxHeaderLines {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			i++
			continue
		}
		if m := dateLineRe.FindStringSubmatchIndex(line); m != nil {
			if t, ok := parseDate(line[m[2]:m[3]]); ok {
				setDate(a, t, DateFromHeader, 1)
				rest := line[m[1]:]
				if strings.TrimSpace(rest) == "" {
					i++
					continue
				}
				lines[i] = rest
				break
			}
		}
		m := headerRe.FindStringSubmatch(line)
		if m == nil {
			break
		}
		field := textHeaders[strings.ToLower(m[1])]
		if field == "" || !setTextField(a, field, m[2]) {
			break
		}
		i++
	}
	a.Text = paragraphs(lines[i:])
	return a
}

// setTextField sets the Article field named by field from a header value.
// It reports false, leaving the line to the body, for a date it cannot read.
func setTextField(a *Article, field, v string) bool {
	switch field {
	case "title":
		a.Title = v
	case "date":
		t, ok := parseDate(v)
		if !ok {
			return false
		}
		setDate(a, t, DateFromHeader, 1)
	case "author":
		a.Author = v
	case "source":
		a.Source = v
	case "url":
		a.URL = v
	case "language":
		a.Language = v
	}
	return true
}

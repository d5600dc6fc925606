package article

import (
	"strings"
	"time"
	"unicode"
)

// setDate records a publication date and where it came from.
func setDate(a *Article, t time.Time, src string, conf float64) {
	a.Date, a.DateSource, a.DateConfidence = t, src, conf
}

// normalizeNewlines turns CRLF and lone CR line endings into LF.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// paragraphs joins lines into a body: trailing white space is cut from each
// line, runs of blank (or white-space-only) lines become one blank line,
// and blank lines at the start and end are dropped. Lines inside a paragraph
// stay as they are.
func paragraphs(lines []string) string {
	var b strings.Builder
	blank := false
	for _, line := range lines {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		if b.Len() == 0 {
			line = strings.TrimLeftFunc(line, unicode.IsSpace)
		}
		b.WriteString(line)
	}
	return b.String()
}

// bodyText normalises the text of a structured record (JSON, feed): line
// endings, blank-line runs and, when the text has single line breaks but no
// blank line, one paragraph per line, as news-please and most scrapers
// write it.
func bodyText(s string) string {
	s = normalizeNewlines(s)
	if s == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 1 && !strings.Contains(s, "\n\n") && !hasBlankLine(lines) {
		var b strings.Builder
		for _, line := range lines {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(line)
		}
		return b.String()
	}
	return paragraphs(lines)
}

func hasBlankLine(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			return true
		}
	}
	return false
}

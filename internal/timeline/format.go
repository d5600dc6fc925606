package timeline

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Output formats of Write.
const (
	FormatText       = "text"
	FormatMarkdown   = "markdown"
	FormatJSON       = "json"
	FormatTimelineJS = "timelinejs"
)

// Formats returns the formats Write accepts.
func Formats() []string {
	return []string{FormatText, FormatMarkdown, FormatJSON, FormatTimelineJS}
}

// JSONEntry is one entry of the JSON format, the contract of
// `storyline timeline --format json` (see docs/DESIGN.md): fields may be
// added, never renamed or dropped.
type JSONEntry struct {
	Date string `json:"date"` // YYYY-MM-DD; a period entry's first day
	// Period is Entry.Label: the TIMEX3 value of a period entry ("2024-04")
	// or "after YYYY-MM-DD"; absent for a day.
	Period    string     `json:"period,omitempty"`
	Text      string     `json:"text"` // the sentences joined by a space
	Events    []Event    `json:"events"`
	Sources   []string   `json:"sources"` // document ids
	Sentences []Sentence `json:"sentences"`
}

// ToJSON returns the JSON view of a timeline; Events and Sources are empty
// lists, never null.
func ToJSON(tl []Entry) []JSONEntry {
	out := make([]JSONEntry, 0, len(tl))
	for _, e := range tl {
		j := JSONEntry{
			Date:      e.Date.Format(time.DateOnly),
			Period:    e.Label,
			Events:    e.Events,
			Sources:   e.Sources,
			Sentences: e.Sentences,
		}
		texts := make([]string, len(e.Sentences))
		for i, s := range e.Sentences {
			texts[i] = s.Text
		}
		j.Text = strings.Join(texts, " ")
		if j.Events == nil {
			j.Events = []Event{}
		}
		if j.Sources == nil {
			j.Sources = []string{}
		}
		if j.Sentences == nil {
			j.Sentences = []Sentence{}
		}
		out = append(out, j)
	}
	return out
}

// Write writes a timeline to w in one of Formats: text for the terminal
// (one line per sentence, its sources in brackets), Markdown for reports,
// JSON as ToJSON, or TimelineJS JSON for embedding. title names the story
// in the formats that show one.
func Write(w io.Writer, tl []Entry, format, title string) error {
	switch format {
	case FormatText, "":
		return writeText(w, tl)
	case FormatMarkdown:
		return writeMarkdown(w, tl, title)
	case FormatJSON:
		return encodeJSON(w, ToJSON(tl))
	case FormatTimelineJS:
		return encodeJSON(w, ToTimelineJS(tl, title))
	}
	return fmt.Errorf("unknown timeline format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cite(s Sentence) string {
	if s.Source != "" {
		return s.Source + ": " + s.Doc
	}
	return s.Doc
}

// label is how an entry's date is shown: the day, or the period.
func label(e Entry) string {
	if e.Label != "" {
		return e.Label
	}
	return e.Date.Format(time.DateOnly)
}

// eventLine describes a story event in one line: status, kind,
// participants, place and sources. It is empty for an event of a
// document's own (no participants or sources known).
func eventLine(ev Event) string {
	if len(ev.Participants) == 0 && len(ev.Sources) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", ev.Status, ev.Kind)
	if len(ev.Participants) > 0 {
		b.WriteString(": " + strings.Join(ev.Participants, ", "))
	}
	if ev.Place != "" {
		b.WriteString(" in " + ev.Place)
	}
	if len(ev.Sources) > 0 {
		b.WriteString(" (" + strings.Join(ev.Sources, ", ") + ")")
	}
	return b.String()
}

func writeText(w io.Writer, tl []Entry) error {
	width := len(time.DateOnly)
	for _, e := range tl {
		width = max(width, len(label(e)))
	}
	for _, e := range tl {
		lead := label(e)
		next := func() string {
			l := lead + strings.Repeat(" ", width-len(lead))
			lead = ""
			return l
		}
		for _, ev := range e.Events {
			if line := eventLine(ev); line != "" {
				if _, err := fmt.Fprintf(w, "%s  %s\n", next(), line); err != nil {
					return err
				}
			}
		}
		for _, s := range e.Sentences {
			if _, err := fmt.Fprintf(w, "%s  %s [%s]\n", next(), s.Text, cite(s)); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeMarkdown(w io.Writer, tl []Entry, title string) error {
	var b strings.Builder
	if title != "" {
		fmt.Fprintf(&b, "# %s\n\n", title)
	}
	for _, e := range tl {
		head := e.Date.Format("2 January 2006")
		if e.Label != "" {
			head = e.Label
		}
		fmt.Fprintf(&b, "## %s\n\n", head)
		for _, ev := range e.Events {
			if line := eventLine(ev); line != "" {
				fmt.Fprintf(&b, "- **%s**\n", mdEscape(line))
			}
		}
		for _, s := range e.Sentences {
			c := mdEscape(cite(s))
			if s.URL != "" {
				c = "[" + c + "](" + strings.ReplaceAll(s.URL, ")", "%29") + ")"
			}
			fmt.Fprintf(&b, "- %s (%s)\n", mdEscape(s.Text), c)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape escapes the characters that would start Markdown markup.
func mdEscape(s string) string {
	return mdEscaper.Replace(s)
}

// TimelineJS is the JSON a TimelineJS3 embed reads.
type TimelineJS struct {
	Title  *TJSSlide  `json:"title,omitempty"`
	Events []TJSSlide `json:"events"`
}

// TJSSlide is one TimelineJS slide.
type TJSSlide struct {
	StartDate *TJSDate `json:"start_date,omitempty"`
	Text      TJSText  `json:"text"`
	Group     string   `json:"group,omitempty"`
}

// TJSDate is a TimelineJS date; fields are strings as in its examples.
type TJSDate struct {
	Year  string `json:"year"`
	Month string `json:"month,omitempty"`
	Day   string `json:"day,omitempty"`
}

// TJSText is a slide's headline and HTML text.
type TJSText struct {
	Headline string `json:"headline,omitempty"`
	Text     string `json:"text,omitempty"`
}

// ToTimelineJS returns a TimelineJS3 document: one slide per date, the
// first sentence as headline and every sentence, with its sources, as text.
func ToTimelineJS(tl []Entry, title string) TimelineJS {
	doc := TimelineJS{Events: []TJSSlide{}}
	if title != "" {
		doc.Title = &TJSSlide{Text: TJSText{Headline: htmlEscape(title)}}
	}
	for _, e := range tl {
		var b strings.Builder
		for _, s := range e.Sentences {
			c := htmlEscape(cite(s))
			if s.URL != "" {
				c = `<a href="` + htmlEscape(s.URL) + `">` + c + "</a>"
			}
			fmt.Fprintf(&b, "<p>%s <small>[%s]</small></p>", htmlEscape(s.Text), c)
		}
		head := ""
		if len(e.Sentences) > 0 {
			head = htmlEscape(headline(e.Sentences[0].Text))
		}
		for _, ev := range e.Events {
			if line := eventLine(ev); line != "" {
				fmt.Fprintf(&b, "<p><strong>%s</strong></p>", htmlEscape(line))
			}
		}
		date := &TJSDate{Year: fmt.Sprint(e.Date.Year()), Month: fmt.Sprint(int(e.Date.Month())), Day: fmt.Sprint(e.Date.Day())}
		if e.Label != "" && !strings.HasPrefix(e.Label, "after ") {
			// a period: as precise as its value (a year or a month)
			date.Day = ""
			if len(e.Label) == 4 {
				date.Month = ""
			}
		}
		doc.Events = append(doc.Events, TJSSlide{
			StartDate: date,
			Text:      TJSText{Headline: head, Text: b.String()},
		})
	}
	return doc
}

// headline shortens a sentence to at most 12 words.
func headline(s string) string {
	f := strings.Fields(s)
	if len(f) <= 12 {
		return s
	}
	return strings.Join(f[:12], " ") + " …"
}

func htmlEscape(s string) string {
	return htmlEscaper.Replace(s)
}

// The escapers of mdEscape and htmlEscape, built once (a Replacer is safe
// for concurrent use).
var (
	mdEscaper   = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", "&lt;")
	htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

package timex

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Doc is one document read from a TimeML file.
type Doc struct {
	// ID is the DOCID element, or "" when absent.
	ID string `json:"id,omitempty"`
	// Text is the content of the TEXT element with all markup removed and
	// entities decoded. Offsets in Gold refer to it.
	Text string `json:"text"`
	// DCT is the document creation time from the CREATION_TIME TIMEX3, or the
	// zero time when the file has none or its value is not a calendar date.
	DCT time.Time `json:"-"`
	// DCTValue is the raw TIMEX3 value of the creation time ("" when absent).
	DCTValue string `json:"dct,omitempty"`
	// Gold holds the TIMEX3 annotations found inside TEXT, in document order,
	// with Start/End byte offsets into Text.
	Gold []Timex `json:"gold,omitempty"`
}

// ParseTimeML reads a TimeML document (DOCID, DCT, TEXT with inline TIMEX3,
// EVENT, SIGNAL... tags). Tags other than TIMEX3 are dropped; their text is
// kept. A file without a TEXT element yields an error.
func ParseTimeML(r io.Reader) (Doc, error) {
	var doc Doc
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var (
		b       strings.Builder
		inText  bool
		inDCT   bool
		inID    bool
		sawText bool
		open    = -1 // index in doc.Gold of the TIMEX3 being read
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return doc, fmt.Errorf("timeml: parse: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText, sawText = true, true
			case "DCT":
				inDCT = true
			case "DOCID":
				inID = true
			case "TIMEX3":
				tx := timexFromAttrs(t.Attr)
				if inDCT || attr(t.Attr, "functionInDocument") == "CREATION_TIME" && !inText {
					if doc.DCTValue == "" {
						doc.DCTValue = tx.Value
						doc.DCT = parseDCT(tx.Value)
					}
					continue
				}
				if inText {
					tx.Start = b.Len()
					doc.Gold = append(doc.Gold, tx)
					open = len(doc.Gold) - 1
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText = false
			case "DCT":
				inDCT = false
			case "DOCID":
				inID = false
			case "TIMEX3":
				if open >= 0 {
					g := &doc.Gold[open]
					g.End = b.Len()
					g.Text = b.String()[g.Start:g.End]
					open = -1
				}
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			} else if inID {
				doc.ID += strings.TrimSpace(string(t))
			}
		}
	}
	if !sawText {
		return doc, errors.New("timeml: no TEXT element")
	}
	doc.Text = b.String()
	for i := range doc.Gold {
		if doc.Gold[i].End < doc.Gold[i].Start {
			doc.Gold[i].End = doc.Gold[i].Start
		}
	}
	return doc, nil
}

func attr(as []xml.Attr, name string) string {
	for _, a := range as {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func timexFromAttrs(as []xml.Attr) Timex {
	return Timex{
		ID:    attr(as, "tid"),
		Type:  attr(as, "type"),
		Value: attr(as, "value"),
		Mod:   attr(as, "mod"),
		Quant: attr(as, "quant"),
		Freq:  attr(as, "freq"),
	}
}

// parseDCT parses the calendar-date prefix of a TIMEX3 value such as
// "1998-01-08" or "1998-01-08T10:00"; it returns the zero time otherwise.
func parseDCT(v string) time.Time {
	if len(v) >= 10 {
		if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return t
		}
	}
	if len(v) == 8 {
		if t, err := time.Parse("20060102", v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// WriteTimeML writes doc.Text as a TimeML document with the given timexes as
// inline TIMEX3 tags (tid, type, value and, when set, mod, quant, freq) and
// the creation time, when doc.DCT is set or doc.DCTValue is non-empty, as
// TIMEX3 t0 with functionInDocument="CREATION_TIME". Timexes must lie inside
// the text; overlapping or out-of-range ones are skipped. Timexes without an
// ID get "t1", "t2", ... in order.
func WriteTimeML(w io.Writer, doc Doc, timexes []Timex) error {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" ?>\n<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n\n")
	if doc.ID != "" {
		b.WriteString("<DOCID>")
		xmlEscape(&b, doc.ID)
		b.WriteString("</DOCID>\n\n")
	}
	dct := doc.DCTValue
	if dct == "" && !doc.DCT.IsZero() {
		dct = doc.DCT.Format("2006-01-02")
	}
	if dct != "" {
		b.WriteString(`<DCT><TIMEX3 tid="t0" type="DATE" value="`)
		xmlEscape(&b, dct)
		b.WriteString(`" temporalFunction="false" functionInDocument="CREATION_TIME">`)
		xmlEscape(&b, dct)
		b.WriteString("</TIMEX3></DCT>\n\n")
	}
	b.WriteString("<TEXT>")
	pos, n := 0, 0
	for _, tx := range timexes {
		if tx.Start < pos || tx.End > len(doc.Text) || tx.End <= tx.Start {
			continue
		}
		n++
		xmlEscape(&b, doc.Text[pos:tx.Start])
		id := tx.ID
		if id == "" {
			id = fmt.Sprintf("t%d", n)
		}
		fmt.Fprintf(&b, `<TIMEX3 tid="%s" type="%s" value="`, id, tx.Type)
		xmlEscape(&b, tx.Value)
		b.WriteByte('"')
		for _, kv := range [...][2]string{{"mod", tx.Mod}, {"quant", tx.Quant}, {"freq", tx.Freq}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, ` %s="`, kv[0])
				xmlEscape(&b, kv[1])
				b.WriteByte('"')
			}
		}
		b.WriteByte('>')
		xmlEscape(&b, doc.Text[tx.Start:tx.End])
		b.WriteString("</TIMEX3>")
		pos = tx.End
	}
	xmlEscape(&b, doc.Text[pos:])
	b.WriteString("</TEXT>\n\n</TimeML>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("timeml: write: %w", err)
	}
	return nil
}

func xmlEscape(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteByte(c)
		}
	}
}

// ReadDoc reads one input document for tagging: TimeML when the content
// looks like TimeML (a <TimeML> or <TEXT> element; its TIMEX3 tags become
// Gold and are not used for tagging), otherwise plain text. name, typically
// the file name, gives the ID when the document has none: its base name
// without extension.
func ReadDoc(r io.Reader, name string) (Doc, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Doc{}, fmt.Errorf("timex: read %s: %w", name, err)
	}
	var doc Doc
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	if strings.Contains(string(head), "<TimeML") || strings.Contains(string(head), "<TEXT>") {
		doc, err = ParseTimeML(strings.NewReader(string(b)))
		if err != nil {
			return doc, fmt.Errorf("timex: %s: %w", name, err)
		}
	} else {
		doc.Text = string(b)
	}
	if doc.ID == "" && name != "" {
		base := name
		if i := strings.LastIndexAny(base, `/\`); i >= 0 {
			base = base[i+1:]
		}
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			base = base[:i]
		}
		doc.ID = base
	}
	return doc, nil
}

// TaggedDoc is the tagging result of one document, shaped as one JSONL line.
type TaggedDoc struct {
	ID string `json:"id,omitempty"`
	// DCT is the creation date used as anchor (YYYY-MM-DD), "" when unknown.
	DCT string `json:"dct,omitempty"`
	// DCTSource is "metadata" (from the file or the caller), "header",
	// "inferred" or "unknown"; DCTConfidence is in [0, 1].
	DCTSource     string  `json:"dct_source"`
	DCTConfidence float64 `json:"dct_confidence"`
	Timexes       []Timex `json:"timexes"`
}

// TagDoc tags a document: its DCT (set by ReadDoc from a TimeML creation
// time, or by the caller, e.g. from --dct) is the anchor; when it is zero the
// date is resolved from the text with ResolveDocDate. Gold annotations in doc
// are ignored. Timexes get IDs t1, t2, ...
func (t *Tagger) TagDoc(doc Doc) TaggedDoc {
	dd := t.ResolveDocDate(doc.DCT, doc.Text)
	out := TaggedDoc{ID: doc.ID, DCTSource: dd.Source, DCTConfidence: dd.Confidence}
	if !dd.Date.IsZero() {
		out.DCT = dd.Date.Format("2006-01-02")
	}
	out.Timexes = t.Tag(doc.Text, dd.Date)
	for i := range out.Timexes {
		out.Timexes[i].ID = fmt.Sprintf("t%d", i+1)
	}
	return out
}

// WriteTaggedTimeML writes doc with the result of TagDoc: the timexes of td
// as TIMEX3 tags and td's creation date (which may have been inferred) as
// the CREATION_TIME TIMEX3 when doc itself has none.
func WriteTaggedTimeML(w io.Writer, doc Doc, td TaggedDoc) error {
	if doc.DCT.IsZero() && doc.DCTValue == "" {
		doc.DCTValue = td.DCT
	}
	if doc.ID == "" {
		doc.ID = td.ID
	}
	return WriteTimeML(w, doc, td.Timexes)
}

package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// jsonRecord holds the fields storyline reads from a JSON article record:
// news-please (title, maintext/text, date_publish, url, source_domain,
// authors, language), Timeline17 (uid, dct, text) and generic exports (id,
// title, body/content/text, date/published, url, source). Fields whose JSON
// type may vary are kept raw and read leniently.
type jsonRecord struct {
	ID  json.RawMessage `json:"id"`
	UID json.RawMessage `json:"uid"`
	DID json.RawMessage `json:"dId"`
	OID json.RawMessage `json:"_id"`

	Title    string `json:"title"`
	Headline string `json:"headline"`

	MainText    string `json:"maintext"`
	Text        string `json:"text"`
	Body        string `json:"body"`
	Content     string `json:"content"`
	ArticleBody string `json:"articleBody"`
	Description string `json:"description"`

	DatePublish   json.RawMessage `json:"date_publish"`
	Published     json.RawMessage `json:"published"`
	PublishedAt   json.RawMessage `json:"published_at"`
	DatePublished json.RawMessage `json:"datePublished"`
	PubDate       json.RawMessage `json:"pubDate"`
	PublishedAtCC json.RawMessage `json:"publishedAt"`
	Date          json.RawMessage `json:"date"`
	DCT           json.RawMessage `json:"dct"`

	URL  string `json:"url"`
	Link string `json:"link"`

	SourceDomain string          `json:"source_domain"`
	Source       json.RawMessage `json:"source"`
	Publisher    json.RawMessage `json:"publisher"`

	Authors json.RawMessage `json:"authors"`
	Author  json.RawMessage `json:"author"`

	Language string `json:"language"`
	Lang     string `json:"lang"`

	// Articles and Results hold the records of a wrapper object, as
	// news APIs return them ({"status": "ok", "articles": [...]}).
	Articles json.RawMessage `json:"articles"`
	Results  json.RawMessage `json:"results"`
}

// readJSON reads JSON input: a top-level array of records, one record, a
// wrapper object whose "articles" or "results" array holds the records (as
// news APIs answer), or JSON Lines (one record a line). A .json file that
// fails as one document but whose first line is an object is read as JSON
// Lines. In JSON Lines a broken line is one failed Item and the other lines
// still come through; in an array a syntax error ends the source (the
// records before it are emitted). A JSON Feed is handed to readFeed.
//
// Record ids: "id", "uid", "dId" or "_id" (string, number or {"$oid"});
// else, for a single-record file, the file name without extension; else
// the ContentID.
func (r *Reader) readJSON(s *session, in *input, lines bool) error {
	data := decodeDeclared(in.data, in.contentType)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' && isJSONFeed(trimmed) {
		return r.readFeed(s, in)
	}
	if lines {
		return readJSONLines(s, data, in.partial)
	}
	if len(trimmed) == 0 {
		if in.partial != nil {
			return s.fail(in.partial)
		}
		return s.fail(ErrEmpty)
	}
	switch trimmed[0] {
	case '[':
		return readJSONArray(s, data, in.partial)
	case '{':
		dec := json.NewDecoder(bytes.NewReader(data))
		var rec jsonRecord
		err := dec.Decode(&rec)
		var typeErr *json.UnmarshalTypeError
		if err == nil || errors.As(err, &typeErr) {
			rest := data[dec.InputOffset():]
			if len(bytes.TrimSpace(rest)) == 0 {
				if in.partial != nil {
					return s.fail(in.partial)
				}
				if list := rec.wrapped(); list != nil {
					return readJSONArray(s, list, nil)
				}
				a := rec.article()
				if a.ID == "" {
					a.ID = baseID(in)
				}
				return s.article(a, 0, "json")
			}
		}
		if firstLineIsObject(data) {
			return readJSONLines(s, data, in.partial)
		}
		if in.partial != nil {
			return s.fail(in.partial)
		}
		if err == nil {
			err = errors.New("unexpected data after the JSON object")
		}
		return s.fail(jsonError(data, err))
	default:
		if in.partial != nil {
			return s.fail(in.partial)
		}
		return s.fail(errors.New("invalid JSON: not an object or an array"))
	}
}

// readJSONArray streams the records of a top-level JSON array.
func readJSONArray(s *session, data []byte, partial error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // '['
		return s.fail(jsonError(data, err))
	}
	n := 0
	for dec.More() {
		n++
		if err := s.ctx.Err(); err != nil {
			return err
		}
		start := skipSep(data, int(dec.InputOffset()))
		if start < len(data) && data[start] != '{' {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return arrayFailure(s, data, partial, n, err)
			}
			if err := s.failRecord(n, errors.New("not a JSON object")); err != nil {
				return err
			}
			continue
		}
		var rec jsonRecord
		err := dec.Decode(&rec)
		var typeErr *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &typeErr) {
			return arrayFailure(s, data, partial, n, err)
		}
		if err := s.article(rec.article(), n, "json"); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return arrayFailure(s, data, partial, n+1, err)
	}
	if partial != nil {
		return s.fail(partial)
	}
	if len(bytes.TrimSpace(data[dec.InputOffset():])) > 0 {
		return s.fail(errors.New("invalid JSON: unexpected data after the array"))
	}
	return nil
}

// arrayFailure reports a syntax error that ends reading an array at record
// n, or the truncation that caused it.
func arrayFailure(s *session, data []byte, partial error, n int, err error) error {
	if partial != nil {
		return s.fail(partial)
	}
	return s.fail(fmt.Errorf("record %d: %w", n, jsonError(data, err)))
}

// skipSep returns the offset of the first byte at or after i that is not
// white space or a comma.
func skipSep(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ',':
			i++
		default:
			return i
		}
	}
	return i
}

// readJSONLines reads one record a line; blank lines are skipped. Record
// numbers count non-blank lines; error messages also give the line number.
// When the input was cut short, its unterminated last line is dropped.
func readJSONLines(s *session, data []byte, partial error) error {
	if partial != nil {
		if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
			data = data[:i+1]
		} else {
			data = nil
		}
	}
	n, lineNo := 0, 0
	for line := range bytes.Lines(data) {
		lineNo++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		n++
		if err := s.ctx.Err(); err != nil {
			return err
		}
		if line[0] != '{' {
			if err := s.failRecord(n, fmt.Errorf("line %d: not a JSON object", lineNo)); err != nil {
				return err
			}
			continue
		}
		var rec jsonRecord
		err := json.Unmarshal(line, &rec)
		var typeErr *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &typeErr) {
			if err := s.failRecord(n, jsonLineError(lineNo, err)); err != nil {
				return err
			}
			continue
		}
		if err := s.article(rec.article(), n, "jsonl"); err != nil {
			return err
		}
	}
	if partial != nil {
		return s.fail(partial)
	}
	if n == 0 {
		return s.fail(ErrEmpty)
	}
	return nil
}

// jsonError describes a decoding error, with line and column for syntax
// errors.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off := min(int(syn.Offset), len(data))
		line := 1 + bytes.Count(data[:off], []byte{'\n'})
		col := off - (bytes.LastIndexByte(data[:off], '\n') + 1)
		return fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("invalid JSON: unexpected end of input: %w", err)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// wrapped returns the array of records of a wrapper object (one with an
// "articles" or "results" array and no article fields of its own), or nil.
func (rec *jsonRecord) wrapped() json.RawMessage {
	if rec.Title != "" || rec.Headline != "" || rec.MainText != "" || rec.Text != "" || rec.Body != "" || rec.Content != "" || rec.ArticleBody != "" {
		return nil
	}
	for _, raw := range []json.RawMessage{rec.Articles, rec.Results} {
		if len(raw) > 0 && raw[0] == '[' {
			return raw
		}
	}
	return nil
}

// jsonLineError describes a decoding error of JSON Lines line lineNo.
func jsonLineError(lineNo int, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("invalid JSON at line %d, column %d: %w", lineNo, syn.Offset, err)
	}
	return fmt.Errorf("invalid JSON at line %d: %w", lineNo, err)
}

// article turns the record into an Article; ID is left empty when the
// record has none.
func (rec *jsonRecord) article() *Article {
	a := &Article{
		ID:       firstNonEmpty(rawID(rec.ID), rawID(rec.UID), rawID(rec.DID), rawID(rec.OID)),
		Title:    firstNonEmpty(rec.Title, rec.Headline),
		Text:     recordText(firstNonEmpty(rec.MainText, rec.Text, rec.Body, rec.Content, rec.ArticleBody, rec.Description)),
		URL:      firstNonEmpty(rec.URL, rec.Link),
		Source:   firstNonEmpty(rawName(rec.Source), rec.SourceDomain, rawName(rec.Publisher)),
		Author:   firstNonEmpty(rawNames(rec.Authors), rawNames(rec.Author)),
		Language: firstNonEmpty(rec.Language, rec.Lang),
	}
	for _, raw := range []json.RawMessage{rec.DatePublish, rec.Published, rec.PublishedAt, rec.DatePublished, rec.PubDate, rec.PublishedAtCC, rec.Date, rec.DCT} {
		if t, ok := rawDate(raw); ok {
			setDate(a, t, DateFromJSON, 1)
			break
		}
	}
	return a
}

// recordText normalises the body of a record, converting it from HTML to
// paragraphs when it holds paragraph or line-break markup (as CMS exports do).
func recordText(s string) string {
	if looksLikeHTML(s) {
		return htmlFragmentText(s)
	}
	return bodyText(s)
}

// looksLikeHTML reports whether s holds HTML block or line-break markup.
func looksLikeHTML(s string) bool {
	i := strings.IndexByte(s, '<')
	if i < 0 {
		return false
	}
	s = s[i:]
	for _, tag := range []string{"<p>", "<p ", "</p>", "<br", "<div", "<P>", "</P>", "<BR", "<DIV"} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	return false
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// rawString returns the value of a JSON string, or "" when raw is not one.
func rawString(raw json.RawMessage) string {
	if len(raw) < 2 || raw[0] != '"' {
		return ""
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// rawID reads an id that is a string, a number or a MongoDB {"$oid": ...}.
func rawID(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '"':
		return strings.TrimSpace(rawString(raw))
	case c == '-' || c >= '0' && c <= '9':
		return string(raw)
	case c == '{':
		var o struct {
			OID json.RawMessage `json:"$oid"`
		}
		if json.Unmarshal(raw, &o) == nil {
			return rawID(o.OID)
		}
	}
	return ""
}

// rawName reads a name that is a string or an object with a "name" field.
func rawName(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		return rawString(raw)
	case '{':
		var o struct {
			Name json.RawMessage `json:"name"`
		}
		if json.Unmarshal(raw, &o) == nil {
			return rawString(o.Name)
		}
	}
	return ""
}

// rawNames reads one name or a list of names (strings or {"name": ...}),
// joined with ", ".
func rawNames(raw json.RawMessage) string {
	if len(raw) == 0 || raw[0] != '[' {
		return rawName(raw)
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	names := make([]string, 0, len(list))
	for _, item := range list {
		if n := strings.TrimSpace(rawName(item)); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// rawDate reads a date that is a string in a common format, a Unix time in
// seconds or milliseconds, or a MongoDB {"$date": ...}.
func rawDate(raw json.RawMessage) (t time.Time, ok bool) {
	if len(raw) == 0 {
		return t, false
	}
	switch c := raw[0]; {
	case c == '"':
		return parseDate(rawString(raw))
	case c >= '0' && c <= '9':
		return parseEpoch(string(raw))
	case c == '{':
		var o struct {
			Date json.RawMessage `json:"$date"`
		}
		if json.Unmarshal(raw, &o) == nil && len(o.Date) > 0 && o.Date[0] != '{' {
			return rawDate(o.Date)
		}
	}
	return t, false
}

// firstLineIsObject reports whether data has more than one line and its
// first non-blank line is a complete JSON object: the mark of JSON Lines
// saved as .json.
func firstLineIsObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return false
	}
	line := bytes.TrimSpace(data[:i])
	return len(line) > 0 && line[0] == '{' && json.Valid(line)
}

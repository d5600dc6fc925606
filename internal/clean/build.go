package clean

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// wordCounter accumulates word statistics from running text.
type wordCounter struct {
	counts  map[string]*wordStat
	bigrams map[string]uint32 // "left right", lower case, adjacent words
	total   uint64
	docs    uint64
	inDoc   map[string]bool // words of the current document
	source  int             // index of the source being read
	srcDocs [numSources]uint32
	df      map[string]*[numSources]uint32
}

// numSources is the number of text sources of the table; only the first
// spreadSources count for Spread (CoNLL-2003 documents are too uneven:
// many are tables of results).
const (
	numSources    = 4
	spreadSources = 3
)

// doc counts one document's text from source src.
func (wc *wordCounter) doc(src int, text string) {
	wc.docs++
	wc.source = src
	wc.srcDocs[src]++
	clear(wc.inDoc)
	wc.add(text)
}

// spreads fills in Spread from the per-source document frequencies.
func (wc *wordCounter) spreads() {
	for w, d := range wc.df {
		s := wc.counts[w]
		m := uint32(1000)
		for i, n := range d[:spreadSources] {
			if wc.srcDocs[i] == 0 {
				continue
			}
			if p := uint32(uint64(n) * 1000 / uint64(wc.srcDocs[i])); p < m {
				m = p
			}
		}
		s.Spread = m
	}
}

// add counts the letter-run words of text. A word is sentence-initial when
// the last non-space, non-quote character before it is '.', '!', '?', ':'
// or a line break, or when it starts the text.
func (wc *wordCounter) add(text string) {
	initial := true
	prev := "" // previous word, lower case, when only spaces separate it from here
	var buf []byte
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			if r != ' ' && r != '\t' {
				prev = ""
			}
			switch {
			case r == '.' || r == '!' || r == '?' || r == ':' || r == '\n':
				initial = true
			case unicode.IsSpace(r) || strings.ContainsRune("\"'`()[]“”‘’«»", r):
				// keep state
			default:
				initial = false
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += s2
		}
		if !fragment(text, i, j) {
			lw := wc.count(text[i:j], initial)
			if prev != "" && lw != "" {
				buf = append(append(append(buf[:0], prev...), ' '), lw...)
				wc.bigrams[string(buf)]++
			}
			prev = lw
		} else {
			prev = ""
		}
		initial = false
		i = j
	}
}

// fragment reports whether the letter run text[i:j] is a piece of a larger
// token rather than a word: next to a digit ("19th"), after an apostrophe
// ("we're", "don't" → "t"), before "'t" ("don"), or a prefix before a
// hyphen ("re-elected", "co-sponsor"). Such pieces are not counted, so the
// table does not make words of them.
func fragment(text string, i, j int) bool {
	if i > 0 {
		c := text[i-1]
		if c >= '0' && c <= '9' || c == '\'' {
			return true
		}
		if i >= 3 && text[i-3:i] == "’" {
			return true
		}
	}
	if j < len(text) {
		c := text[j]
		switch {
		case c >= '0' && c <= '9':
			return true
		case c == '-' && j+1 < len(text) && isASCIILetter(text[j+1]):
			return true
		case c == '\'' && j+1 < len(text) && text[j+1] == 't' && (j+2 == len(text) || !isASCIILetter(text[j+2])):
			return true
		case strings.HasPrefix(text[j:], "’t") && (j+4 == len(text) || !isASCIILetter(text[j+4])):
			return true
		}
	}
	return false
}

func (wc *wordCounter) count(w string, initial bool) string {
	if len(w) > 40 {
		return ""
	}
	lw := strings.ToLower(w)
	s := wc.counts[lw]
	if s == nil {
		s = &wordStat{}
		wc.counts[lw] = s
	}
	wc.total++
	s.N++
	if !wc.inDoc[lw] {
		wc.inDoc[lw] = true
		d := wc.df[lw]
		if d == nil {
			d = new([numSources]uint32)
			wc.df[lw] = d
		}
		d[wc.source]++
	}
	if lw == w {
		s.Lower++
	} else if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !initial {
		s.CapMid++
	}
	return lw
}

// BuildWordFreq rebuilds the embedded word-frequency table from the news
// text under dataDir (the development data folder, see DATA.md) and writes
// it to w. It reads TempEval-3 silver (tempeval3/silver/*.tml, tags
// stripped), Timeline17 (t17/*/articles.json, field text), ECB+
// (ecbplus/*/*.xml, token elements), and CoNLL-2003 (conll2003/eng.train,
// first column) when present. TimeBank and AQUAINT are never read: they are
// held apart for evaluation. The output is deterministic.
func BuildWordFreq(ctx context.Context, dataDir string, w io.Writer) error {
	wc := &wordCounter{counts: make(map[string]*wordStat, 1<<18), bigrams: make(map[string]uint32, 1<<20), inDoc: map[string]bool{}, df: map[string]*[numSources]uint32{}}
	silver, err := filepath.Glob(filepath.Join(dataDir, "tempeval3", "silver", "*.tml"))
	if err != nil {
		return fmt.Errorf("wordfreq: glob silver: %w", err)
	}
	t17, _ := filepath.Glob(filepath.Join(dataDir, "t17", "*", "articles.json"))
	ecb, _ := filepath.Glob(filepath.Join(dataDir, "ecbplus", "*", "*.xml"))
	if len(silver)+len(t17)+len(ecb) == 0 {
		return fmt.Errorf("wordfreq: no source files under %s", dataDir)
	}
	for _, p := range silver {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wordfreq: %w", err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("wordfreq: read %s: %w", p, err)
		}
		wc.doc(0, timeMLText(string(b)))
	}
	for _, p := range t17 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wordfreq: %w", err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("wordfreq: read %s: %w", p, err)
		}
		var recs []struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(b, &recs); err != nil {
			return fmt.Errorf("wordfreq: parse %s: %w", p, err)
		}
		for _, r := range recs {
			wc.doc(1, r.Text)
		}
	}
	for _, p := range ecb {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("wordfreq: %w", err)
		}
		text, err := ecbText(p)
		if err != nil {
			return err
		}
		wc.doc(2, text)
	}
	conll := filepath.Join(dataDir, "conll2003", "eng.train")
	if _, err := os.Stat(conll); err == nil {
		docs, err := conllDocs(conll)
		if err != nil {
			return err
		}
		for _, d := range docs {
			wc.doc(3, d)
		}
	}
	wc.spreads()
	return writeWordTable(w, wc.counts, wc.bigrams, wc.total, wc.docs)
}

// timeMLText returns the TEXT element of a TimeML document with all tags
// removed (the whole document when it has no TEXT element).
func timeMLText(doc string) string {
	if i := strings.Index(doc, "<TEXT>"); i >= 0 {
		doc = doc[i+len("<TEXT>"):]
		if j := strings.Index(doc, "</TEXT>"); j >= 0 {
			doc = doc[:j]
		}
	}
	return stripTags(doc)
}

// stripTags removes XML tags and decodes the five predefined entities.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'")
	return r.Replace(b.String())
}

// conllDocs returns the documents of a CoNLL-2003 file as text: tokens
// (first column) joined with spaces, one sentence a line.
func conllDocs(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("wordfreq: read %s: %w", path, err)
	}
	var docs []string
	var cur strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		tok, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch {
		case tok == "-DOCSTART-":
			if cur.Len() > 0 {
				docs = append(docs, cur.String())
				cur.Reset()
			}
		case tok == "":
			cur.WriteByte('\n')
		default:
			cur.WriteString(tok)
			cur.WriteByte(' ')
		}
	}
	if cur.Len() > 0 {
		docs = append(docs, cur.String())
	}
	return docs, nil
}

// ecbText joins the token elements of an ECB+ document with spaces, one
// sentence a line.
func ecbText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("wordfreq: open %s: %w", path, err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var b strings.Builder
	sent := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("wordfreq: parse %s: %w", path, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "token" {
			continue
		}
		var t struct {
			Sentence string `xml:"sentence,attr"`
			Text     string `xml:",chardata"`
		}
		if err := dec.DecodeElement(&t, &se); err != nil {
			return "", fmt.Errorf("wordfreq: token in %s: %w", path, err)
		}
		if t.Sentence != sent {
			b.WriteByte('\n')
			sent = t.Sentence
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String(), nil
}

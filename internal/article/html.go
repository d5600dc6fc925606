package article

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// shortPage is trafilatura's MinExtractedSize: under this many characters of
// text it falls back to its baseline extraction.
const shortPage = 250

// htmlDateConfidence is the DateConfidence of a date found by go-htmldate:
// usually page metadata, sometimes the URL or the page text.
const htmlDateConfidence = 0.9

// readHTML extracts the article of a web page with go-trafilatura (its
// readability and dom-distiller fallbacks enabled): title, author, site
// name, language and URL from the page metadata, the body from its content
// node as paragraphs, the publication date from go-htmldate. The charset
// comes from a BOM, the Content-Type header or <meta charset>; undeclared
// bytes that are not UTF-8 are read as Windows-1252.
func (r *Reader) readHTML(s *session, in *input) error {
	if in.partial != nil {
		return s.fail(in.partial)
	}
	a, err := extractHTML(decodeHTML(in.data, in.contentType), in.url)
	if err != nil {
		return s.fail(err)
	}
	a.ID = baseID(in)
	return s.article(a, 0, "html")
}

// decodeHTML converts an HTML page to UTF-8 following its declared charset.
func decodeHTML(data []byte, contentType string) []byte {
	_, name, _ := charset.DetermineEncoding(data, contentType)
	switch name {
	case "utf-8", "windows-1252":
		// Undeclared or Latin: keep valid UTF-8 (a page mislabelled as
		// Latin-1 is far more common than Latin-1 that is valid UTF-8)
		// and read the other bytes as Windows-1252.
		return toUTF8(data)
	case "utf-16le", "utf-16be":
		if hasUTF16BOM(data) {
			return decodeUTF16(data)
		}
	}
	enc, _ := charset.Lookup(name)
	if enc == nil {
		return toUTF8(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return toUTF8(data)
	}
	return toUTF8(out)
}

// extractHTML runs the extractor on a UTF-8 page. pageURL, when known, is
// the address the page was fetched from.
func extractHTML(page []byte, pageURL string) (a *Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("extract HTML: extractor panicked: %v", p)
		}
	}()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled, // run below, on our terms
	}
	if pageURL != "" {
		if u, err := url.Parse(pageURL); err == nil {
			opts.OriginalURL = u
		}
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil, fmt.Errorf("extract HTML: %w", err)
	}
	if res == nil || res.ContentNode == nil {
		return nil, fmt.Errorf("extract HTML: %w", ErrNoText)
	}
	md := res.Metadata
	a = &Article{
		Title:    md.Title,
		Author:   md.Author,
		Source:   md.Sitename,
		Language: md.Language,
		URL:      md.URL,
	}
	if a.URL == "" {
		a.URL = pageURL
	}
	a.Text = dropTitle(nodeParagraphs(res.ContentNode), a.Title)
	if utf8.RuneCountInString(a.Text) < shortPage {
		// trafilatura's rescue path for pages this short repeats paragraphs
		// and glues the <title> onto the text: read the body directly.
		if own := dropTitle(bodyParagraphs(doc), a.Title); own != "" {
			a.Text = own
		}
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("extract HTML: %w", ErrNoText)
	}
	dopts := htmldate.Options{UseOriginalDate: true, SkipExtensiveSearch: true, ExtractTime: true, URL: a.URL}
	if d, err := htmldate.FromDocument(doc, dopts); err == nil && !d.IsZero() {
		setDate(a, d.DateTime, DateFromHTML, htmlDateConfidence)
	}
	return a, nil
}

// dropTitle removes the first paragraph of text when it repeats the title.
func dropTitle(text, title string) string {
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if sameText(first, title) {
		return rest
	}
	return text
}

// sameText compares two strings ignoring case and white space differences.
func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

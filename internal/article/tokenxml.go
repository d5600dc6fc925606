package article

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
)

// readTokenXML reads a tokenised-corpus document (the ECB+ layout: a
// Document root holding <token sentence="N">word</token> elements, plus
// annotation markup that is ignored); see TokenXMLText. The id is the file
// name. A dateline does not date the article: tokenised corpora are
// research collections read without dates (ECB+ is evaluated so), and
// their page stamps mix publication and update times.
func (r *Reader) readTokenXML(s *session, in *input) error {
	d, err := TokenXMLText(in.data)
	if err != nil {
		return s.fail(fmt.Errorf("token XML: %w", err))
	}
	return s.article(&Article{ID: baseID(in), Title: d.Title, Text: d.Text, URL: d.URL}, 0, "tokenxml")
}

// TokenDoc is the plain text of a tokenised-corpus document.
type TokenDoc struct {
	// URL is the source address when the first sentence is one (scraped
	// corpora such as ECB+ open with it); "" otherwise.
	URL string
	// Title is the first sentence that is neither the source URL nor a
	// dateline.
	Title string
	// Text holds the sentences after the title, one a line, tokens joined
	// by spaces; a dateline that came before the title is its first line.
	Text string
}

// TokenXMLText turns a tokenised-corpus document (ECB+ layout) into its
// source URL (a first sentence that is an http(s) address, with the
// tokeniser's spaces removed), its title (the first other sentence, or the
// second when the first is a dateline such as "May 2 , 2013 , 1 : 12 PM")
// and its text (the remaining sentences, a dateline first). A document of
// one sentence has that sentence as text and no title.
func TokenXMLText(data []byte) (TokenDoc, error) {
	var doc struct {
		Tokens []struct {
			Sent int    `xml:"sentence,attr"`
			Text string `xml:",chardata"`
		} `xml:"token"`
	}
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return TokenDoc{}, err
	}
	var sents []string
	var b strings.Builder
	sent := -1
	for _, t := range doc.Tokens {
		if t.Sent != sent && sent >= 0 {
			sents = append(sents, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		sent = t.Sent
		b.WriteString(t.Text)
	}
	if b.Len() > 0 {
		sents = append(sents, b.String())
	}
	var d TokenDoc
	if len(sents) > 1 {
		if u := sourceURL(sents[0]); u != "" {
			d.URL, sents = u, sents[1:]
		}
	}
	if len(sents) > 1 && isDateline(sents[0]) {
		// the headline follows the dateline, which stays in the text
		sents[0], sents[1] = sents[1], sents[0]
	}
	switch len(sents) {
	case 0:
	case 1:
		d.Text = sents[0]
	default:
		d.Title, d.Text = sents[0], strings.Join(sents[1:], "\n")
	}
	return d, nil
}

// sourceURL returns the address a tokenised sentence spells ("http : / /
// www . example . com / a - b"), "" when the sentence is no http(s) URL.
func sourceURL(s string) string {
	if !strings.HasPrefix(s, "http") {
		return ""
	}
	joined := strings.Join(strings.Fields(s), "")
	u, err := url.Parse(joined)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(u.Host, ".") {
		return ""
	}
	return joined
}

// isTokenXML reports whether head starts a tokenised-corpus document.
func isTokenXML(head []byte) bool {
	return rootElement(head) == "document" && bytes.Contains(head, []byte("<token "))
}

package article

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// readTokenXML reads a tokenised-corpus document (the ECB+ layout: a
// Document root holding <token sentence="N">word</token> elements, plus
// annotation markup that is ignored): tokens are joined by spaces and
// sentences by newlines; the first sentence is the title; the id is the
// file name.
func (r *Reader) readTokenXML(s *session, in *input) error {
	title, text, err := TokenXMLText(in.data)
	if err != nil {
		return s.fail(fmt.Errorf("token XML: %w", err))
	}
	return s.article(&Article{ID: baseID(in), Title: title, Text: text}, 0, "tokenxml")
}

// TokenXMLText turns a tokenised-corpus document (ECB+ layout) into a
// title (its first sentence) and a text (the other sentences, one a line,
// tokens joined by spaces).
func TokenXMLText(data []byte) (title, text string, err error) {
	var doc struct {
		Tokens []struct {
			Sent int    `xml:"sentence,attr"`
			Text string `xml:",chardata"`
		} `xml:"token"`
	}
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return "", "", err
	}
	var b strings.Builder
	sent, firstEnd := -1, -1
	for _, t := range doc.Tokens {
		switch {
		case t.Sent != sent && sent >= 0:
			if firstEnd < 0 {
				firstEnd = b.Len()
			}
			b.WriteByte('\n')
		case b.Len() > 0:
			b.WriteByte(' ')
		}
		sent = t.Sent
		b.WriteString(t.Text)
	}
	all := b.String()
	if firstEnd < 0 {
		return "", all, nil
	}
	return all[:firstEnd], strings.TrimLeft(all[firstEnd:], "\n"), nil
}

// isTokenXML reports whether head starts a tokenised-corpus document.
func isTokenXML(head []byte) bool {
	return rootElement(head) == "document" && bytes.Contains(head, []byte("<token "))
}

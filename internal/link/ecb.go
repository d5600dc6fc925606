package link

import (
	"encoding/xml"
	"fmt"
	"os"
	"strings"
)

// ReadECB reads one ECB+ token-XML document (ecbplus/<topic>/<topic>_<n>ecb[plus].xml)
// and returns its plain text: tokens joined by spaces, sentences by newlines.
// The title is the first sentence (ECB+ has no separate headline); text
// holds every sentence, the first included. It reads only the tokens and
// ignores the annotation layers.
func ReadECB(path string) (title, text string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	var doc struct {
		Tokens []struct {
			Sent int    `xml:"sentence,attr"`
			Text string `xml:",chardata"`
		} `xml:"token"`
	}
	if err := xml.NewDecoder(f).Decode(&doc); err != nil {
		return "", "", fmt.Errorf("%s: %w", path, err)
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
	text = b.String()
	if firstEnd < 0 {
		firstEnd = len(text)
	}
	return text[:firstEnd], text, nil
}

package watch

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// ReadFeedList reads the feeds to watch: an OPML document (every outline's
// xmlUrl, at any depth) or plain text with one feed URL a line (blank lines
// and lines starting with # are skipped). Duplicates are dropped; a line or
// outline that is not an http(s) URL is an error naming it.
func ReadFeedList(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read feed list: %w", err)
	}
	var urls []string
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(trimmed, []byte("<")) {
		if urls, err = readOPML(trimmed); err != nil {
			return nil, err
		}
	} else {
		sc := bufio.NewScanner(bytes.NewReader(trimmed))
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			urls = append(urls, line)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read feed list: %w", err)
		}
	}
	seen := map[string]bool{}
	out := urls[:0]
	for _, u := range urls {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, fmt.Errorf("feed list: %q is not an http(s) URL", u)
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out, nil
}

type opmlOutline struct {
	XMLURL   string        `xml:"xmlUrl,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

func readOPML(data []byte) ([]string, error) {
	var doc struct {
		XMLName xml.Name      `xml:"opml"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read OPML feed list: %w", err)
	}
	var urls []string
	var walk func([]opmlOutline)
	walk = func(os []opmlOutline) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" {
				urls = append(urls, u)
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body)
	return urls, nil
}

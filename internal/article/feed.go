package article

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// xmlEncodingRe finds the encoding of an XML declaration.
var xmlEncodingRe = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']`)

// readFeed reads an RSS, Atom or JSON Feed document with gofeed: one
// Article per item (record #N), the item's full content (content:encoded,
// Atom content, content_html/content_text) preferred over its description
// and turned from HTML into paragraphs. Source is the feed title, Language
// the feed language, ID the item's GUID (else a content hash), and the date
// the item's published (else updated) date.
func (r *Reader) readFeed(s *session, in *input) error {
	if in.partial != nil {
		return s.fail(in.partial)
	}
	data := in.data
	if !utf8.Valid(data) {
		m := xmlEncodingRe.FindSubmatch(data[:min(len(data), 256)])
		if m == nil || strings.EqualFold(string(m[1]), "utf-8") {
			data = toUTF8(data)
		}
	}
	feed, err := parseFeed(data)
	if err != nil {
		return s.fail(err)
	}
	format := feed.FeedType
	if format == "json" {
		format = "jsonfeed"
	}
	for i, item := range feed.Items {
		if item == nil {
			continue
		}
		if err := s.article(feedArticle(feed, item), i+1, format); err != nil {
			return err
		}
	}
	if len(feed.Items) == 0 {
		return s.fail(fmt.Errorf("%s feed: %w: no items", format, ErrNoText))
	}
	return nil
}

// parseFeed parses a feed document, turning parser panics into errors.
func parseFeed(data []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			feed, err = nil, fmt.Errorf("parse feed: parser panicked: %v", p)
		}
	}()
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	return feed, nil
}

// feedArticle turns one feed item into an Article.
func feedArticle(feed *gofeed.Feed, item *gofeed.Item) *Article {
	content := item.Content
	if strings.TrimSpace(content) == "" {
		content = item.Description
	}
	a := &Article{
		ID:       strings.TrimSpace(item.GUID),
		Title:    htmlFragmentLine(item.Title),
		Text:     htmlFragmentText(content),
		URL:      item.Link,
		Source:   htmlFragmentLine(feed.Title),
		Language: feed.Language,
	}
	var names []string
	for _, p := range item.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, p.Name)
		}
	}
	a.Author = strings.Join(names, ", ")
	var t *time.Time
	switch {
	case item.PublishedParsed != nil:
		t = item.PublishedParsed
	case item.UpdatedParsed != nil:
		t = item.UpdatedParsed
	}
	if t != nil {
		if tt, ok := plausible(*t); ok {
			setDate(a, tt, DateFromFeed, 1)
		}
	}
	return a
}

// htmlFragmentLine returns the text of a one-line HTML fragment (a title).
func htmlFragmentLine(s string) string {
	return oneLine(htmlFragmentText(s))
}

// Package article owns the Article model that every later stage reads, the
// readers that turn input files, streams and URLs into articles, and the rules
// that give each article its document id.
//
// A Reader reads plain text (with leading metadata headers), HTML pages
// (main content via go-trafilatura, date via go-htmldate), JSON, JSON Lines,
// RSS, Atom and JSON Feed, any of them gzipped, from files, directories,
// standard input and http(s) URLs. Reading never stops at a bad input: every
// article and every failure (of a whole input or of one record) comes out as
// an Item naming its origin. Readers only decode and map fields; choosing a
// title from the body, datelines and boilerplate are package clean's work.
//
// It may not depend on any analysis package (clean, timex, ner, ...) nor on the
// store: data flows one way, from readers to the store.
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Date sources recorded in Article.DateSource. They say where a publication
// date came from, so a reader of the archive can judge how far to trust it.
const (
	DateFromHeader   = "header"   // a "Date:" or "date YYYY-MM-DD" line of a text file
	DateFromJSON     = "json"     // a date field of a JSON record
	DateFromHTML     = "html"     // go-htmldate on an HTML page
	DateFromFeed     = "feed"     // an RSS, Atom or JSON Feed item date
	DateFromInferred = "inferred" // inferred from the text (see package timex)
)

// Article is one news report as read from its input, before or after
// cleaning. Fields that the input does not provide stay empty; a zero Date
// means the publication date is unknown (never the ingest time).
type Article struct {
	// ID is the document id: the record's own id field for JSON, the file
	// name without extension for files, else a content hash (see ContentID).
	ID string `json:"id"`
	// Title is the headline, empty when none was found.
	Title string `json:"title,omitempty"`
	// Text is the body: paragraphs separated by a blank line ("\n\n"),
	// UTF-8, without the title.
	Text string `json:"text"`
	// URL is the canonical address of the article when known.
	URL string `json:"url,omitempty"`
	// Source is the outlet or site name ("Reuters", "bbc.co.uk").
	Source string `json:"source,omitempty"`
	// Author is the byline when known.
	Author string `json:"author,omitempty"`
	// Language is a BCP 47 code when known ("en").
	Language string `json:"language,omitempty"`
	// Date is the publication date; the zero time when unknown.
	Date time.Time `json:"date,omitzero"`
	// DateSource says where Date came from (one of the DateFrom constants);
	// empty when Date is zero.
	DateSource string `json:"date_source,omitempty"`
	// DateConfidence is in [0,1]: 1 for metadata, lower for inferred dates.
	DateConfidence float64 `json:"date_confidence,omitempty"`
	// Place is the dateline place ("BEIJING") when the text had one.
	Place string `json:"place,omitempty"`
	// Origin names where the article was read from: a file path or URL,
	// with "#N" appended for the N-th record (1-based) of a multi-record file.
	Origin string `json:"origin,omitempty"`
	// Format is the input format the article was read from: "text",
	// "html", "json", "jsonl", "rss", "atom", "jsonfeed".
	Format string `json:"format,omitempty"`
}

// ContentID returns a stable id derived from the article's title and text,
// used when the input provides no id and no file name: "h" followed by the
// first 16 hex digits of a SHA-256.
func ContentID(title, text string) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write([]byte(text))
	return "h" + hex.EncodeToString(h.Sum(nil))[:16]
}

// ContentHash returns the hex SHA-256 of the fields that make an article's
// content: title and text. Two ingests of the same document with the same
// hash are the same version.
func ContentHash(a *Article) string {
	h := sha256.New()
	h.Write([]byte(a.Title))
	h.Write([]byte{0})
	h.Write([]byte(a.Text))
	return hex.EncodeToString(h.Sum(nil))
}

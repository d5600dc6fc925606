package server

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// atomNS is the Atom 1.0 namespace (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

// feedSize is the number of entries in a feed.
const feedSize = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Links     []atomLink  `xml:"link"`
	Author    *atomPerson `xml:"author,omitempty"`
	Summary   *atomText   `xml:"summary,omitempty"`
}

// baseURL is the scheme and host the request reached, for absolute links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// excerpt returns about n bytes of text, cut at a word boundary.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	for cut > 0 && !isRuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + " …"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (s *Server) writeAtom(w http.ResponseWriter, r *http.Request, f atomFeed) {
	f.NS = atomNS
	f.Gen = "storyline"
	f.Author = atomPerson{Name: "storyline"}
	if f.Updated == "" {
		f.Updated = atomTime(time.Unix(0, 0))
	}
	body, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		s.pageError(w, r, http.StatusInternalServerError, "encode feed: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	s.writeTagged(w, r, http.StatusOK, append([]byte(xml.Header), append(body, '\n')...))
}

// recordEntry is an article as an Atom entry. Updated is when the archive
// stored its current version; Published its publication date, if known.
func recordEntry(base string, rec *store.Record, summary string) atomEntry {
	link := base + "/articles/" + url.PathEscape(rec.ID)
	title := rec.Title
	if title == "" {
		title = rec.ID
	}
	e := atomEntry{
		ID:      link,
		Title:   atomText{Type: "text", Body: title},
		Updated: atomTime(rec.IngestedAt),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Summary: &atomText{Type: "text", Body: summary},
	}
	if !rec.Date.IsZero() {
		e.Published = atomTime(rec.Date)
	}
	if rec.URL != "" {
		e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: rec.URL})
	}
	if rec.Author != "" {
		e.Author = &atomPerson{Name: rec.Author}
	} else if rec.Source != "" {
		e.Author = &atomPerson{Name: rec.Source}
	}
	return e
}

// feedArticles is the Atom feed of the latest ingested articles.
func (s *Server) feedArticles(w http.ResponseWriter, r *http.Request) {
	recs, _, err := s.listArticles(r.Context(), articleQuery{page: page{Limit: feedSize}, Order: "-ingest"})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	base := baseURL(r)
	f := atomFeed{
		ID:    base + "/feeds/articles.atom",
		Title: "storyline: latest articles",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/feeds/articles.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/articles"},
		},
	}
	var updated time.Time
	for _, rec := range recs {
		f.Entries = append(f.Entries, recordEntry(base, rec, excerpt(rec.Text, 400)))
		if rec.IngestedAt.After(updated) {
			updated = rec.IngestedAt
		}
	}
	if !updated.IsZero() {
		f.Updated = atomTime(updated)
	}
	s.writeAtom(w, r, f)
}

// feedSearch is the Atom feed of a search: its best matches, each entry
// summarised by its snippet (markers removed).
func (s *Server) feedSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearchQuery(r.URL.Query(), feedSize)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if q.Q == "" {
		s.pageError(w, r, http.StatusBadRequest, "A search feed needs a query: /feeds/search.atom?q=words")
		return
	}
	hits, _, err := s.search(r.Context(), q)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	base := baseURL(r)
	qs := url.Values{"q": {q.Q}}.Encode()
	f := atomFeed{
		ID:    base + "/feeds/search.atom?" + qs,
		Title: "storyline: search for " + q.Q,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/feeds/search.atom?" + qs},
			{Rel: "alternate", Type: "text/html", Href: base + "/search?" + qs},
		},
	}
	var updated time.Time
	for _, h := range hits {
		rec, err := s.archive.Get(r.Context(), h.ID)
		if err != nil {
			continue // removed since the search: skip it
		}
		snippet, _ := splitHighlights(h.Snippet)
		f.Entries = append(f.Entries, recordEntry(base, rec, snippet))
		if rec.IngestedAt.After(updated) {
			updated = rec.IngestedAt
		}
	}
	if !updated.IsZero() {
		f.Updated = atomTime(updated)
	}
	s.writeAtom(w, r, f)
}

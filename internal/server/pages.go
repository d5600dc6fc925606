package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"home", "articles", "article", "search", "error", "events", "event", "entities", "entity", "timeline", "stories", "story"}

var templateFuncs = template.FuncMap{
	"date":       displayDate,
	"isodate":    func(t time.Time) string { return t.UTC().Format(time.DateOnly) },
	"articleURL": func(id string) string { return "/articles/" + url.PathEscape(id) },
	"highlight":  highlightSnippet,
	"percent":    func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
	"inc":        func(n int) int { return n + 1 },
	"apiURL":     func(id string) string { return "/api/v1/articles/" + url.PathEscape(id) },
	"eventURL":   func(id string) string { return "/events/" + url.PathEscape(id) },
	"entityURL":  func(id string) string { return "/entities/" + url.PathEscape(id) },
	"eventsOf":   func(name string) string { return "/events?" + url.Values{"entity": {name}}.Encode() },
	"timelineOf": func(name string) string { return "/timeline?" + url.Values{"entity": {name}}.Encode() },
	"entityFeed": entityFeedURL,
	"cap":        capitalise,
	"join":       strings.Join,
	"storyURL":   storyURL,
	"storyFeed":  storyFeedURL,
}

func parseTemplates() (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(templateFuncs).
			ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// staticHandler serves the embedded CSS and JavaScript.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded directory exists at build time
	}
	fsrv := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// displayDate formats a publication date for people; "undated" for zero.
func displayDate(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return t.UTC().Format("2 January 2006")
}

// highlightSnippet escapes a search snippet, then turns the store's
// highlight markers into <mark> elements. Escaping first means no markup
// in the article text ever reaches the page.
func highlightSnippet(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	esc = strings.ReplaceAll(esc, store.HighlightStart, "<mark>")
	esc = strings.ReplaceAll(esc, store.HighlightEnd, "</mark>")
	// An unbalanced marker (a cut snippet) would leave an open <mark>.
	if n := strings.Count(esc, "<mark>") - strings.Count(esc, "</mark>"); n > 0 {
		esc += strings.Repeat("</mark>", n)
	}
	return template.HTML(esc)
}

// layoutData is what layout.html reads; every page's data embeds it.
type layoutData struct {
	Title string
	// Nav is the current section: "home", "articles" or "search".
	Nav   string
	Query string
	// Feed, when set, is the page's Atom feed, linked in the head.
	Feed      string
	FeedTitle string
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	b, err := s.renderBytes(name, data)
	if err != nil {
		s.log.Error("render page", "page", name, "error", err)
		s.metrics.errors.Add(1)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	s.writeTagged(w, r, status, b)
}

// renderBytes executes a page's template.
func (s *Server) renderBytes(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// builtBody is a response body built once and served many times, with
// its ETag, and gzipped with its own ETag for the clients that accept it
// (browsers and feed readers do): a story page of hundreds of articles is
// several hundred kilobytes, a few tens gzipped.
type builtBody struct {
	body, gz    []byte
	etag, gzTag string
}

// build returns a builtBody of b, or err.
func build(b []byte, err error) (*builtBody, error) {
	if err != nil {
		return nil, err
	}
	out := &builtBody{body: b, etag: etagOf(b)}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	out.gz = buf.Bytes()
	out.gzTag = strings.TrimSuffix(out.etag, `"`) + `-gz"`
	return out, nil
}

// acceptsGzip reports whether a request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// writeBody writes a built body (of a page or of JSON) with its ETag,
// gzipped when the request accepts it.
// serveJSON answers r with the JSON body cached under key, building it
// with build when it is not (builtBodies.do), or with the API's error.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, key string, build func(context.Context) (*builtBody, error)) {
	s.serveBuilt(w, r, key, jsonType, s.apiFail, build)
}

// servePage is serveJSON for HTML pages, failing with an error page.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, key string, build func(context.Context) (*builtBody, error)) {
	s.serveBuilt(w, r, key, htmlType, s.pageFail, build)
}

// serveBuilt answers r with the body of contentType cached under key,
// building it when needed, or with fail's answer to the error.
func (s *Server) serveBuilt(w http.ResponseWriter, r *http.Request, key, contentType string,
	fail func(http.ResponseWriter, *http.Request, error), build func(context.Context) (*builtBody, error)) {
	b, err := s.bodies.do(r.Context(), key, build)
	if err != nil {
		fail(w, r, err)
		return
	}
	s.writeBody(w, r, contentType, b)
}

func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, contentType string, b *builtBody) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		s.writeWithETag(w, r, http.StatusOK, b.gz, b.gzTag)
		return
	}
	s.writeWithETag(w, r, http.StatusOK, b.body, b.etag)
}

const (
	htmlType = "text/html; charset=utf-8"
	jsonType = "application/json; charset=utf-8"
)

// jsonBody encodes v as writeJSON does.
func jsonBody(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode response: %w", err)
	}
	return append(b, '\n'), nil
}

type errorPage struct {
	layoutData
	Status  int
	Message string
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status >= 500 {
		s.log.Error("page failed", "path", r.URL.Path, "error", msg)
		s.metrics.errors.Add(1)
		msg = "Something went wrong on our side."
	}
	s.render(w, r, status, "error", errorPage{
		layoutData: layoutData{Title: http.StatusText(status)},
		Status:     status, Message: msg,
	})
}

func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	switch {
	case errors.As(err, &br):
		s.pageError(w, r, http.StatusBadRequest, br.msg)
	case errors.Is(err, store.ErrNotFound):
		s.pageError(w, r, http.StatusNotFound, "There is no such article in the archive.")
	default:
		s.pageError(w, r, http.StatusInternalServerError, err.Error())
	}
}

// listItems renders articles as the <li> rows of a page's article list.
// The rows of the longest pages are built here rather than in a template
// because html/template's per-action escaping, by reflection, was most of
// the cost of a listing page; every value is escaped with
// html.EscapeString and every attribute is quoted, which is safe in the
// text and attribute contexts used, and the link is a path-escaped local
// path.
func listItems(recs []*store.Record, showID bool) template.HTML {
	var b strings.Builder
	b.Grow(len(recs) * 320)
	for _, r := range recs {
		title := r.Title
		if title == "" {
			title = untitled(r)
		}
		b.WriteString(`<li class="article-item"><a class="article-title" href="/articles/`)
		b.WriteString(html.EscapeString(url.PathEscape(r.ID)))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(title))
		b.WriteString("</a>\n<p class=\"meta\">")
		if r.Date.IsZero() {
			b.WriteString("<span>undated</span>")
		} else {
			b.WriteString(`<time datetime="`)
			b.WriteString(r.Date.UTC().Format(time.DateOnly))
			b.WriteString(`">`)
			b.WriteString(displayDate(r.Date))
			b.WriteString("</time>")
		}
		if r.Source != "" {
			b.WriteString(" · <span>")
			b.WriteString(html.EscapeString(r.Source))
			b.WriteString("</span>")
		}
		if showID {
			b.WriteString(` · <span class="doc-id">`)
			b.WriteString(html.EscapeString(r.ID))
			b.WriteString("</span>")
		}
		b.WriteString("</p></li>\n")
	}
	return template.HTML(b.String())
}

// untitled names an article without a title by the start of its text.
func untitled(r *store.Record) string {
	if t := excerpt(r.Text, 80); t != "" {
		return t
	}
	return r.ID
}

type homePage struct {
	layoutData
	Stats   store.Stats
	Latest  template.HTML
	Stories []storyView
	// More is true when more stories exist than the home page lists.
	More bool
}

// homeStories is how many stories the home page lists.
const homeStories = 5

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	latest, _, err := s.listArticles(r.Context(), articleQuery{page: page{Limit: 10}, Order: "-ingest"})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	all, err := x.list(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	sts, more := pageOf(all, page{Limit: homeStories})
	views := storyViews(ai, x, sts)
	s.render(w, r, http.StatusOK, "home", homePage{
		layoutData: layoutData{Title: "Archive", Nav: "home", Feed: "/feeds/articles.atom", FeedTitle: "Latest articles"},
		Stats:      st, Latest: listItems(latest, false), Stories: views, More: more,
	})
}

type articlesPage struct {
	layoutData
	Q        articleQuery
	From, To string
	Items    template.HTML
	Prev     string
	Next     string
}

func pageLinks(path string, v url.Values, p page, more bool) (prev, next string) {
	if p.Offset > 0 {
		pv := url.Values{}
		for k, vs := range v {
			pv[k] = vs
		}
		if o := max(0, p.Offset-p.Limit); o > 0 {
			pv.Set("offset", strconv.Itoa(o))
		}
		prev = path
		if enc := pv.Encode(); enc != "" {
			prev += "?" + enc
		}
	}
	if more {
		nv := url.Values{}
		for k, vs := range v {
			nv[k] = vs
		}
		nv.Set("offset", strconv.Itoa(p.Offset+p.Limit))
		next = path + "?" + nv.Encode()
	}
	return prev, next
}

func (s *Server) pageArticles(w http.ResponseWriter, r *http.Request) {
	q, err := parseArticleQuery(r.URL.Query())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	items, more, err := s.listArticles(r.Context(), q)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p := articlesPage{
		layoutData: layoutData{Title: "Articles", Nav: "articles", Feed: "/feeds/articles.atom", FeedTitle: "Latest articles"},
		Q:          q, Items: listItems(items, true),
	}
	if !q.From.IsZero() {
		p.From = q.From.Format(time.DateOnly)
	}
	if !q.To.IsZero() {
		p.To = q.To.Format(time.DateOnly)
	}
	p.Prev, p.Next = pageLinks("/articles", q.values(), q.page, more)
	s.render(w, r, http.StatusOK, "articles", p)
}

// segment is a run of article text, inside a temporal expression or not.
type segment struct {
	Text  string
	Timex *timex.Timex
}

type articlePage struct {
	layoutData
	A          *store.Record
	Paragraphs [][]segment
	Timexes    []timex.Timex
}

// paragraphs splits text into paragraphs (blank-line separated) of
// segments, the temporal expressions marked. Expressions with offsets out
// of range or overlapping an earlier one are left unmarked.
func paragraphs(text string, txs []timex.Timex) [][]segment {
	var out [][]segment
	pos, ti := 0, 0
	for pos <= len(text) {
		end := strings.Index(text[pos:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		var segs []segment
		cur := pos
		for ti < len(txs) && txs[ti].Start < end {
			t := &txs[ti]
			ti++
			if t.Start < cur || t.End > end || t.End <= t.Start {
				continue
			}
			if t.Start > cur {
				segs = append(segs, segment{Text: text[cur:t.Start]})
			}
			segs = append(segs, segment{Text: text[t.Start:t.End], Timex: t})
			cur = t.End
		}
		if cur < end {
			segs = append(segs, segment{Text: text[cur:end]})
		}
		if len(segs) > 0 {
			out = append(out, segs)
		}
		pos = end + 2
	}
	return out
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	rec, txs, err := s.pathArticle(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	title := rec.Title
	if title == "" {
		title = untitled(rec)
	}
	s.render(w, r, http.StatusOK, "article", articlePage{
		layoutData: layoutData{Title: title, Nav: "articles"},
		A:          rec, Paragraphs: paragraphs(rec.Text, txs), Timexes: txs,
	})
}

type searchPage struct {
	layoutData
	Hits     []store.Hit
	Searched bool
	Prev     string
	Next     string
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearchQuery(r.URL.Query(), 20)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	hits, more, err := s.search(r.Context(), q)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p := searchPage{
		layoutData: layoutData{Title: "Search", Nav: "search", Query: q.Q},
		Hits:       hits, Searched: q.Q != "",
	}
	if q.Q != "" {
		p.Title = "Search: " + q.Q
		p.Feed = "/feeds/search.atom?" + url.Values{"q": {q.Q}}.Encode()
		p.FeedTitle = "Search: " + q.Q
		p.Prev, p.Next = pageLinks("/search", url.Values{"q": {q.Q}}, q.page, more)
	}
	s.render(w, r, http.StatusOK, "search", p)
}

package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// testServer is a server over a fresh archive holding the sample articles
// of examples/ and testdata/script.json.
type testServer struct {
	*httptest.Server
	st *store.SQLite
}

func newTestServer(t testing.TB, opts Options) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ing := pipeline.New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st, pipeline.Options{Workers: 2, Link: linkstage.New(st, linkstage.Options{})})
	sum, err := ing.Ingest(ctx, []string{"../../examples", "testdata/script.json"}, nil)
	if err != nil || sum.Added != 6 {
		t.Fatalf("ingest fixtures: %+v, %v", sum, err)
	}
	if opts.Ingester == nil {
		opts.Ingester = ing
	}
	srv, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, st: st}
}

// do sends a request and returns the response with its body read.
func (ts *testServer) do(t testing.TB, method, path string, body io.Reader, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func TestAPIRoutes(t *testing.T) {
	ts := newTestServer(t, Options{Token: "sekrit"})
	type list struct {
		Items []map[string]any `json:"items"`
		Next  string           `json:"next"`
	}
	tests := []struct {
		name, method, path string
		body               string
		hdr                []string
		status             int
		check              func(t *testing.T, b []byte)
	}{
		{name: "openapi", method: "GET", path: "/api/openapi.json", status: 200},
		{name: "stats", method: "GET", path: "/api/v1/stats", status: 200, check: func(t *testing.T, b []byte) {
			if st := decode[store.Stats](t, b); st.Articles != 6 {
				t.Errorf("articles = %d, want 6", st.Articles)
			}
		}},
		{name: "list", method: "GET", path: "/api/v1/articles", status: 200, check: func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 6 || l.Next != "" {
				t.Errorf("got %d items, next %q", len(l.Items), l.Next)
			}
			if _, ok := l.Items[0]["text"]; ok {
				t.Error("listing carries full text")
			}
		}},
		{name: "list paged", method: "GET", path: "/api/v1/articles?limit=2&offset=2&order=id", status: 200, check: func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 2 || l.Items[0]["id"] != "002_51946f49cf6bceed" || !strings.Contains(l.Next, "offset=4") {
				t.Errorf("page: %+v", l)
			}
		}},
		{name: "list newest ingested", method: "GET", path: "/api/v1/articles?order=-ingest&limit=5", status: 200, check: func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 5 || l.Next == "" {
				t.Errorf("page: %d items, next %q", len(l.Items), l.Next)
			}
		}},
		{name: "list date range", method: "GET", path: "/api/v1/articles?from=2023-06-19&to=2023-06-19", status: 200, check: func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			for _, it := range l.Items {
				if !strings.HasPrefix(it["date"].(string), "2023-06-19") {
					t.Errorf("out of range: %v", it["date"])
				}
			}
			if len(l.Items) < 1 {
				t.Error("no article on 2023-06-19")
			}
		}},
		{name: "list source", method: "GET", path: "/api/v1/articles?source=%3Cb%3Eevil%3C%2Fb%3E+times", status: 200, check: func(t *testing.T, b []byte) {
			if l := decode[list](t, b); len(l.Items) != 1 || l.Items[0]["id"] != "xss-1" {
				t.Errorf("source filter: %+v", l.Items)
			}
		}},
		{name: "list bad date", method: "GET", path: "/api/v1/articles?from=yesterday", status: 400},
		{name: "list bad limit", method: "GET", path: "/api/v1/articles?limit=-1", status: 400},
		{name: "list bad order", method: "GET", path: "/api/v1/articles?order=random", status: 400},
		{name: "article", method: "GET", path: "/api/v1/articles/002_51946f49cf6bceed", status: 200, check: func(t *testing.T, b []byte) {
			a := decode[map[string]any](t, b)
			if a["id"] != "002_51946f49cf6bceed" || !strings.Contains(a["text"].(string), "Blinken") {
				t.Errorf("article: %v", a["id"])
			}
			if tx, _ := a["timexes"].([]any); len(tx) == 0 {
				t.Error("no timexes")
			}
		}},
		{name: "article missing", method: "GET", path: "/api/v1/articles/nope", status: 404},
		{name: "search", method: "GET", path: "/api/v1/search?q=Blinken+Wang", status: 200, check: func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no hits")
			}
			snip := l.Items[0]["snippet"].(string)
			if strings.ContainsAny(snip, store.HighlightStart+store.HighlightEnd) {
				t.Errorf("markers leaked: %q", snip)
			}
			if h, _ := l.Items[0]["highlights"].([]any); len(h) == 0 {
				t.Error("no highlights")
			}
		}},
		{name: "search syntax", method: "GET", path: "/api/v1/search?q=%22unbalanced+AND", status: 200},
		{name: "search missing q", method: "GET", path: "/api/v1/search", status: 400},
		{name: "ingest no token", method: "POST", path: "/api/v1/articles", body: `{"id":"n1","title":"T","text":"Ministers met on Monday in Paris."}`,
			hdr: []string{"Content-Type", "application/json"}, status: 401},
		{name: "ingest wrong token", method: "POST", path: "/api/v1/articles", body: `{"id":"n1","title":"T","text":"x"}`,
			hdr: []string{"Content-Type", "application/json", "Authorization", "Bearer nope"}, status: 401},
		{name: "ingest json", method: "POST", path: "/api/v1/articles",
			body: `[{"id":"n1","title":"Paris talks","text":"Ministers met on Monday in Paris to discuss trade."},{"id":"n2","title":"Rome talks","text":"Envoys will meet next week in Rome."}]`,
			hdr:  []string{"Content-Type", "application/json", "Authorization", "Bearer sekrit"}, status: 201, check: func(t *testing.T, b []byte) {
				r := decode[apiIngestResult](t, b)
				if r.Added != 2 || len(r.IDs) != 2 {
					t.Errorf("ingest: %+v", r)
				}
			}},
		{name: "ingest again", method: "POST", path: "/api/v1/articles",
			body: `{"id":"n1","title":"Paris talks","text":"Ministers met on Monday in Paris to discuss trade."}`,
			hdr:  []string{"Content-Type", "application/json", "Authorization", "Bearer sekrit"}, status: 200, check: func(t *testing.T, b []byte) {
				if r := decode[apiIngestResult](t, b); r.Duplicate != 1 {
					t.Errorf("ingest again: %+v", r)
				}
			}},
		{name: "ingest text", method: "POST", path: "/api/v1/articles",
			body: "Title: Raw text report\nDate: 2024-05-02\n\nDelegates met in Geneva on Tuesday to discuss the accord.\n",
			hdr:  []string{"Content-Type", "text/plain", "Authorization", "Bearer sekrit"}, status: 201},
		{name: "ingest json lines", method: "POST", path: "/api/v1/articles",
			body: "{\"id\":\"l1\",\"title\":\"Oslo\",\"text\":\"Envoys met in Oslo on Monday.\"}\n{\"id\":\"l2\",\"title\":\"Bern\",\"text\":\"Envoys will meet in Bern next week.\"}\n",
			hdr:  []string{"Content-Type", "application/x-ndjson", "Authorization", "Bearer sekrit"}, status: 201, check: func(t *testing.T, b []byte) {
				if r := decode[apiIngestResult](t, b); r.Added != 2 {
					t.Errorf("json lines: %+v", r)
				}
			}},
		{name: "ingest bad json", method: "POST", path: "/api/v1/articles", body: `{"id":`,
			hdr: []string{"Content-Type", "application/json", "Authorization", "Bearer sekrit"}, status: 400},
		{name: "ingest empty", method: "POST", path: "/api/v1/articles", body: "",
			hdr: []string{"Content-Type", "text/plain", "Authorization", "Bearer sekrit"}, status: 400},
		{name: "ingest media type", method: "POST", path: "/api/v1/articles", body: "x",
			hdr: []string{"Content-Type", "image/png", "Authorization", "Bearer sekrit"}, status: 415},
		{name: "unknown api route", method: "GET", path: "/api/v1/nothing", status: 404},
		{name: "method not allowed", method: "DELETE", path: "/api/v1/articles", status: 405},
		{name: "healthz", method: "GET", path: "/healthz", status: 200},
		{name: "metrics", method: "GET", path: "/metrics", status: 200, check: func(t *testing.T, b []byte) {
			for _, want := range []string{"storyline_articles ", "storyline_ingest_articles_total{outcome=\"new\"}", "storyline_http_requests_total{", "storyline_errors_total"} {
				if !strings.Contains(string(b), want) {
					t.Errorf("metrics lack %q", want)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" || tt.method == "POST" {
				body = strings.NewReader(tt.body)
			}
			resp, b := ts.do(t, tt.method, tt.path, body, tt.hdr...)
			if resp.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tt.method, tt.path, resp.StatusCode, tt.status, b)
			}
			if strings.HasPrefix(tt.path, "/api/") {
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("content type %q", ct)
				}
				if resp.StatusCode >= 400 {
					e := decode[apiError](t, b)
					if e.Error.Status != resp.StatusCode || e.Error.Code == "" || e.Error.Message == "" {
						t.Errorf("error shape: %s", b)
					}
				}
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no CSP header")
			}
			if tt.check != nil {
				tt.check(t, b)
			}
		})
	}
}

func TestETag(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, path := range []string{"/api/v1/articles", "/api/v1/articles/003_265e0c7a51896b9a", "/api/v1/search?q=Xi", "/articles", "/feeds/articles.atom"} {
		resp, _ := ts.do(t, "GET", path, nil)
		etag := resp.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", path)
		}
		resp, b := ts.do(t, "GET", path, nil, "If-None-Match", etag)
		if resp.StatusCode != http.StatusNotModified || len(b) != 0 {
			t.Errorf("%s: conditional GET answered %d with %d bytes", path, resp.StatusCode, len(b))
		}
	}
}

func TestBodyLimit(t *testing.T) {
	ts := newTestServer(t, Options{MaxBodyBytes: 1024})
	resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(strings.Repeat("word ", 1000)), "Content-Type", "text/plain")
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
}

func TestCheckListen(t *testing.T) {
	tests := []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"[::1]:8080", "", true},
		{"localhost:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.10:8080", "", false},
		{"0.0.0.0:8080", "t", true},
		{"nonsense", "", false},
	}
	for _, tt := range tests {
		if err := CheckListen(tt.addr, tt.token); (err == nil) != tt.ok {
			t.Errorf("CheckListen(%q, %q) = %v, want ok=%v", tt.addr, tt.token, err, tt.ok)
		}
	}
}

func TestPagesEscapeMarkup(t *testing.T) {
	ts := newTestServer(t, Options{})
	xssEvent := "/events/" + store.StoredEvent{Doc: "xss-1"}.ID()
	for _, path := range []string{"/", "/articles", "/articles/xss-1", "/search?q=talks", "/search?q=%3Cscript%3E",
		"/events", "/events?entity=%3Cscript%3E", xssEvent, "/entities", "/timeline", "/timeline?q=script", "/timeline?q=%3Cscript%3E&entity=%3Cb%3E"} {
		resp, b := ts.do(t, "GET", path, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		page := string(b)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") || strings.Contains(page, "<b>Evil") {
			t.Errorf("%s: article markup reached the page unescaped", path)
		}
		if strings.Count(page, "<script") != 1 || !strings.Contains(page, `<script src="/static/app.js" defer></script>`) {
			t.Errorf("%s: a script besides the static one", path)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	_, b := ts.do(t, "GET", "/articles/xss-1", nil)
	if !strings.Contains(string(b), "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") {
		t.Error("the title's <script> is not shown as text")
	}
	_, b = ts.do(t, "GET", xssEvent, nil)
	if !strings.Contains(string(b), "&lt;script&gt;alert(&#39;event&#39;)&lt;/script&gt;") {
		t.Error("the event sentence's <script> is not shown as text")
	}
}

func TestArticlePage(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, b := ts.do(t, "GET", "/articles/002_51946f49cf6bceed", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	page := string(b)
	for _, want := range []string{`<mark class="timex" title="DATE`, "2023-06-19", "Temporal expressions", `<main id="main"`, `class="skip-link"`} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	resp, _ = ts.do(t, "GET", "/articles/nope", nil)
	if resp.StatusCode != 404 {
		t.Errorf("missing article: %d", resp.StatusCode)
	}
}

func TestSearchPageHighlights(t *testing.T) {
	ts := newTestServer(t, Options{})
	_, b := ts.do(t, "GET", "/search?q=Blinken", nil)
	if !strings.Contains(string(b), "<mark>Blinken</mark>") {
		t.Error("no highlighted match")
	}
	if !strings.Contains(string(b), `href="/feeds/search.atom?q=Blinken"`) {
		t.Error("search page does not link its feed")
	}
}

func TestHighlightSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a \x02b\x03 c", "a <mark>b</mark> c"},
		{"<script>\x02x\x03", "&lt;script&gt;<mark>x</mark>"},
		{"cut \x02off", "cut <mark>off</mark>"},
		{"plain & simple", "plain &amp; simple"},
	}
	for _, tt := range tests {
		if got := string(highlightSnippet(tt.in)); got != tt.want {
			t.Errorf("highlightSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// atomDoc is enough of RFC 4287 to check a feed's required elements.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestAtomFeeds(t *testing.T) {
	ts := newTestServer(t, Options{})
	tests := []struct {
		path    string
		entries int
	}{
		{"/feeds/articles.atom", 6},
		{"/feeds/search.atom?q=Blinken", 4},
		{"/feeds/search.atom?q=script", 1},
		{"/feeds/search.atom?q=nothingmatchesthis", 0},
	}
	for _, tt := range tests {
		resp, b := ts.do(t, "GET", tt.path, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var f atomDoc
		if err := xml.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: not Atom: %v", tt.path, err)
		}
		if f.ID == "" || f.Title == "" || !validAtomTime(f.Updated) || len(f.Author) == 0 {
			t.Errorf("%s: feed lacks id, title, updated or author: %+v", tt.path, f)
		}
		self := false
		for _, l := range f.Links {
			self = self || l.Rel == "self"
		}
		if !self {
			t.Errorf("%s: no self link", tt.path)
		}
		if tt.entries == 4 && len(f.Entries) < 3 || tt.entries != 4 && len(f.Entries) != tt.entries {
			t.Errorf("%s: %d entries, want %d", tt.path, len(f.Entries), tt.entries)
		}
		for _, e := range f.Entries {
			if e.ID == "" || e.Title == "" || !validAtomTime(e.Updated) || len(e.Links) == 0 {
				t.Errorf("%s: entry lacks a required element: %+v", tt.path, e)
			}
		}
	}
	resp, _ := ts.do(t, "GET", "/feeds/search.atom", nil)
	if resp.StatusCode != 400 {
		t.Errorf("search feed without query: %d", resp.StatusCode)
	}
}

func validAtomTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func TestStaticAndNotFound(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, tt := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/static/style.css", 200, "text/css"},
		{"/static/app.js", 200, "text/javascript"},
		{"/static/", 404, ""},
		{"/nowhere", 404, "text/html"},
	} {
		resp, _ := ts.do(t, "GET", tt.path, nil)
		if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("%s: %d %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestIDsWithSlashes: feed items keep their GUID, often a URL, as id.
func TestIDsWithSlashes(t *testing.T) {
	ts := newTestServer(t, Options{})
	id := "https://example.org/news/2024/03/talks?id=7"
	body := `{"id":"` + id + `","title":"Slash id","text":"Envoys met in Oslo on Monday."}`
	if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	for _, path := range []string{"/api/v1/articles/" + url.PathEscape(id), "/articles/" + url.PathEscape(id)} {
		resp, b := ts.do(t, "GET", path, nil)
		if resp.StatusCode != 200 || !strings.Contains(string(b), "Slash id") {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	_, b := ts.do(t, "GET", "/api/v1/articles?limit=1", nil)
	if !strings.Contains(string(b), `"href":"/api/v1/articles/`+url.PathEscape(id)+`"`) {
		t.Errorf("listing href: %s", b)
	}
}

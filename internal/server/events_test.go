package server

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// entityID returns the canonical id of the entity named name.
func entityID(t *testing.T, st *store.SQLite, name string) string {
	t.Helper()
	x, err := loadIndex(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range x.entities {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no entity %q", name)
	return ""
}

func TestEventAPI(t *testing.T) {
	ts := newTestServer(t, Options{})
	wang := entityID(t, ts.st, "Wang Yi")
	xss := store.StoredEvent{Doc: "xss-1"}.ID()
	type list struct {
		Items []apiEvent `json:"items"`
		Next  string     `json:"next"`
	}
	tests := []struct {
		name   string
		path   string
		status int
		check  func(t *testing.T, b []byte)
	}{
		{"all", "/api/v1/events?limit=200", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) < 10 || l.Next != "" {
				t.Errorf("%d events, next %q", len(l.Items), l.Next)
			}
			for _, ev := range l.Items {
				if ev.ID == "" || ev.Kind == "" || ev.Status == "" || ev.Doc == "" || ev.Reports < 1 {
					t.Errorf("incomplete event %+v", ev)
				}
			}
		}},
		{"paged", "/api/v1/events?limit=2&offset=1", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 2 || !strings.Contains(l.Next, "offset=3") {
				t.Errorf("page %+v", l)
			}
		}},
		{"by entity canonical name", "/api/v1/events?entity=wang+yi&limit=200", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no events of Wang Yi")
			}
			for _, ev := range l.Items {
				found := false
				for _, p := range ev.Participants {
					found = found || p.ID == wang
				}
				if !found {
					t.Errorf("event %s without Wang Yi: %+v", ev.ID, ev.Participants)
				}
			}
		}},
		{"by entity id", "/api/v1/events?entity=" + wang, 200, func(t *testing.T, b []byte) {
			if l := decode[list](t, b); len(l.Items) == 0 {
				t.Error("no events by entity id")
			}
		}},
		{"by kind and status", "/api/v1/events?kind=call&status=happened", 200, func(t *testing.T, b []byte) {
			for _, ev := range decode[list](t, b).Items {
				if ev.Kind != "call" || ev.Status != "happened" {
					t.Errorf("filter let through %+v", ev)
				}
			}
		}},
		{"by date", "/api/v1/events?from=2024-03-01&to=2024-03-01", 200, func(t *testing.T, b []byte) {
			found := false
			for _, ev := range decode[list](t, b).Items {
				found = found || ev.ID == xss
				if d := whenStart(ev.When); d.Format(time.DateOnly) != "2024-03-01" {
					t.Errorf("event of %s (%q) in the range", d, ev.When)
				}
			}
			if !found {
				t.Error("the event of 2024-03-01 is not listed")
			}
		}},
		{"by doc", "/api/v1/events?doc=xss-1", 200, func(t *testing.T, b []byte) {
			if l := decode[list](t, b); len(l.Items) != 1 {
				t.Errorf("doc filter: %+v", l.Items)
			}
		}},
		{"bad kind", "/api/v1/events?kind=party", 400, nil},
		{"bad status", "/api/v1/events?status=maybe", 400, nil},
		{"bad date", "/api/v1/events?from=yesterday", 400, nil},
		{"one event", "/api/v1/events/" + xss, 200, func(t *testing.T, b []byte) {
			ev := decode[apiEventFull](t, b)
			if ev.Kind != "meeting" || ev.Place != "Paris" || len(ev.Participants) != 2 || len(ev.Mentions) != 1 {
				t.Fatalf("event %+v", ev)
			}
			m := ev.Mentions[0]
			if !strings.Contains(m.Sentence, "<script>alert('event')</script>") || m.Trigger.Text != "met" || m.Status != "happened" {
				t.Errorf("mention %+v", m)
			}
			if m.Article.ID != "xss-1" || m.Article.Source != "<b>Evil</b> Times" || m.Article.Date.IsZero() || m.Article.Href != "/api/v1/articles/xss-1" {
				t.Errorf("article %+v", m.Article)
			}
		}},
		{"no event", "/api/v1/events/ev-000000000000", 404, nil},
		{"entities", "/api/v1/entities?type=PER&limit=200", 200, func(t *testing.T, b []byte) {
			l := decode[struct{ Items []apiEntity }](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no persons")
			}
			for _, e := range l.Items {
				if e.Type != "PER" {
					t.Errorf("type filter let through %+v", e)
				}
			}
		}},
		{"bad entity type", "/api/v1/entities?type=ANIMAL", 400, nil},
		{"one entity", "/api/v1/entities/" + wang, 200, func(t *testing.T, b []byte) {
			e := decode[apiEntityFull](t, b)
			if e.Name != "Wang Yi" || e.Events == 0 || len(e.EventList) != e.Events || e.Mentions == 0 {
				t.Errorf("entity %+v", e)
			}
		}},
		{"no entity", "/api/v1/entities/en-000000000000", 404, nil},
		{"timeline of a query", "/api/v1/timeline?q=Blinken&dates=3&per_date=2", 200, func(t *testing.T, b []byte) {
			tl := decode[[]map[string]any](t, b)
			if len(tl) == 0 || len(tl) > 3 {
				t.Fatalf("%d dates", len(tl))
			}
			for _, e := range tl {
				for _, k := range []string{"date", "text", "events", "sources"} {
					if _, ok := e[k]; !ok {
						t.Errorf("entry lacks %q: %v", k, e)
					}
				}
			}
		}},
		{"timeline of the archive", "/api/v1/timeline", 200, func(t *testing.T, b []byte) {
			if tl := decode[[]map[string]any](t, b); len(tl) == 0 {
				t.Error("empty timeline")
			}
		}},
		{"timeline of an entity", "/api/v1/timeline?entity=Wang+Yi&status=happened&from=2024-01-01", 200, func(t *testing.T, b []byte) {
			for _, e := range decode[[]struct{ Date string }](t, b) {
				if e.Date < "2024-01-01" {
					t.Errorf("date %s before from", e.Date)
				}
			}
		}},
		{"timeline nothing", "/api/v1/timeline?q=zzzunknownword", 200, func(t *testing.T, b []byte) {
			if strings.TrimSpace(string(b)) != "[]" {
				t.Errorf("got %s", b)
			}
		}},
		{"timeline bad dates", "/api/v1/timeline?dates=500", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := ts.do(t, "GET", tt.path, nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, b)
			}
			if tt.check != nil {
				tt.check(t, b)
			}
		})
	}
}

func TestEventsETagAndInvalidation(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, _ := ts.do(t, "GET", "/api/v1/events", nil)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if resp, _ := ts.do(t, "GET", "/api/v1/events", nil, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", resp.StatusCode)
	}
	// A POSTed article shows at once: the ingest drops the cached index.
	body := `{"id":"post-1","title":"Oslo","date":"2024-05-06","text":"Antony Blinken met Wang Yi in Oslo on Monday."}`
	if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	_, b := ts.do(t, "GET", "/api/v1/events?doc=post-1", nil)
	if l := decode[apiList[apiEvent]](t, b); len(l.Items) != 1 || l.Items[0].Place != "Oslo" {
		t.Errorf("the new article's event is not listed: %s", b)
	}
}

func TestEventPages(t *testing.T) {
	ts := newTestServer(t, Options{})
	wang := entityID(t, ts.st, "Wang Yi")
	xss := store.StoredEvent{Doc: "xss-1"}.ID()
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/events", 200, []string{`<ol class="event-list"`, `class="badge status-happened"`, `href="/feeds/events.atom"`}},
		{"/events?entity=Wang+Yi&status=happened", 200, []string{"Events of Wang Yi", `href="/feeds/events.atom?entity=Wang&#43;Yi&amp;status=happened"`, `<option value="happened" selected>`}},
		{"/events?kind=party", 400, nil},
		{"/events/" + xss, 200, []string{`<mark class="trigger">met</mark>`, `href="/articles/xss-1"`, `href="/entities/` + wang + `"`, "Status: </span>happened"}},
		{"/events/ev-000000000000", 404, []string{"no such event"}},
		{"/entities?type=PER", 200, []string{`href="/entities/` + wang + `"`}},
		{"/entities/" + wang, 200, []string{"<h1 id=\"entity-title\">Wang Yi</h1>", `href="/feeds/entities/` + wang + `.atom"`, `class="event-title"`, `href="/timeline?entity=Wang&#43;Yi"`}},
		{"/entities/nobody", 404, nil},
		{"/timeline", 200, []string{`<ol class="timeline"`, `<time datetime="2023-06-19">`, `class="tl-source" href="/articles/`, `class="tl-event"`}},
		{"/timeline?q=Blinken&entity=Wang+Yi&status=happened", 200, []string{`<ol class="timeline"`}},
		{"/timeline?q=zzzunknownword", 200, []string{"No dated entries"}},
		{"/timeline?from=bad", 400, nil},
		{"/", 200, []string{`href="/events"`, `href="/entities"`, `href="/timeline"`}},
	}
	for _, tt := range tests {
		resp, b := ts.do(t, "GET", tt.path, nil)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			continue
		}
		page := string(b)
		for _, w := range tt.want {
			if !strings.Contains(strings.ToLower(page), strings.ToLower(w)) {
				t.Errorf("%s: no %q", tt.path, w)
			}
		}
		if strings.Contains(page, "style=") || strings.Count(page, "<script") != 1 {
			t.Errorf("%s: inline style or script", tt.path)
		}
	}
}

func TestEventFeeds(t *testing.T) {
	ts := newTestServer(t, Options{})
	wang := entityID(t, ts.st, "Wang Yi")
	tests := []struct {
		path     string
		minItems int
		title    string
	}{
		{"/feeds/events.atom", 10, "storyline: events"},
		{"/feeds/events.atom?entity=Wang+Yi&status=happened", 1, "storyline: events of Wang Yi"},
		{"/feeds/entities/" + wang + ".atom", 1, "storyline: events of Wang Yi"},
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
		if f.Title != tt.title || f.ID == "" || !validAtomTime(f.Updated) || len(f.Entries) < tt.minItems {
			t.Errorf("%s: feed %q id %q updated %q, %d entries", tt.path, f.Title, f.ID, f.Updated, len(f.Entries))
		}
		self := false
		for _, l := range f.Links {
			self = self || l.Rel == "self" && l.Href == ts.URL+tt.path
		}
		if !self {
			t.Errorf("%s: no self link: %+v", tt.path, f.Links)
		}
		for i, e := range f.Entries {
			if e.ID == "" || e.Title == "" || !validAtomTime(e.Updated) || len(e.Links) == 0 || !strings.Contains(e.Links[0].Href, "/events/ev-") {
				t.Errorf("%s: entry %d incomplete: %+v", tt.path, i, e)
			}
		}
	}
	for _, path := range []string{"/feeds/entities/" + wang, "/feeds/entities/en-000000000000.atom", "/feeds/events.atom?status=maybe"} {
		if resp, _ := ts.do(t, "GET", path, nil); resp.StatusCode < 400 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
	}
	// The entity page and the events list link their feeds.
	_, b := ts.do(t, "GET", "/entities/"+url.PathEscape(wang), nil)
	if !strings.Contains(string(b), `<link rel="alternate" type="application/atom+xml" title="Events of Wang Yi" href="/feeds/entities/`+wang+`.atom">`) {
		t.Error("entity page does not link its feed")
	}
}

func TestNewestFirst(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	x := &archiveIndex{eventAt: map[string]int{}, docs: map[string]docMeta{"a": {Date: d("2024-01-10")}}}
	evs := []*indexedEvent{
		{id: "old", date: d("2023-01-01")},
		{id: "undated", StoredEvent: store.StoredEvent{Doc: "a"}},
		{id: "new", date: d("2024-05-01")},
	}
	for i, ev := range evs {
		x.eventAt[ev.id] = i
	}
	x.newestFirst(evs)
	var got []string
	for _, ev := range evs {
		got = append(got, ev.id)
	}
	if strings.Join(got, ",") != "new,undated,old" {
		t.Errorf("order %v", got)
	}
}

func TestWhenStart(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2024-02-16", "2024-02-16"},
		{"2023-11", "2023-11-01"},
		{"2024", "2024-01-01"},
		{"2024-02-16T10:00", "2024-02-16"},
		{"2024-SP", "2024-03-01"},
		{"2024-W07", "2024-02-12"},
		{"XXXX-02-05", ""},
		{"PRESENT_REF", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := ""
		if t0 := whenStart(tt.in); !t0.IsZero() {
			got = t0.Format(time.DateOnly)
		}
		if got != tt.want {
			t.Errorf("whenStart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitSentence(t *testing.T) {
	tests := []struct {
		sent                   string
		start, tStart, tEnd    int
		before, trigger, after string
	}{
		{"Blinken met Wang.", 100, 108, 111, "Blinken ", "met", " Wang."},
		{"Talks ended.", 0, 0, 5, "", "Talks", " ended."},
		{"out of range", 10, 5, 8, "out of range", "", ""},
		{"past the end", 0, 10, 40, "past the end", "", ""},
		{"empty", 0, 2, 2, "empty", "", ""},
	}
	for _, tt := range tests {
		b, tr, a := splitSentence(tt.sent, tt.start, tt.tStart, tt.tEnd)
		if b != tt.before || tr != tt.trigger || a != tt.after {
			t.Errorf("splitSentence(%q) = %q %q %q", tt.sent, b, tr, a)
		}
	}
}

// TestEventFilterMatchesStore checks that the server's filtering over the
// cached index selects the events the store's own filter does.
func TestEventFilterMatchesStore(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	x, err := loadIndex(ctx, ts.st)
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		q eventQuery
		f store.EventFilter
	}{
		{eventQuery{}, store.EventFilter{}},
		{eventQuery{Kind: "meeting"}, store.EventFilter{Kind: "meeting"}},
		{eventQuery{Status: "planned"}, store.EventFilter{Status: "planned"}},
		{eventQuery{Doc: "xss-1"}, store.EventFilter{Doc: "xss-1"}},
		{eventQuery{From: d("2024-01-01")}, store.EventFilter{From: d("2024-01-01")}},
		{eventQuery{From: d("2023-06-01"), To: d("2023-06-30")}, store.EventFilter{From: d("2023-06-01"), To: d("2023-06-30")}},
		{eventQuery{Entity: "Xi Jinping"}, store.EventFilter{Participant: "Xi Jinping"}},
	}
	for _, tt := range tests {
		var want []string
		err := ts.st.Events(ctx, tt.f, func(se store.StoredEvent) error {
			want = append(want, se.ID())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range x.match(tt.q) {
			got = append(got, ev.id)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%+v: server selects %v, store %v", tt.q, got, want)
		}
	}
}

// scanOnly hides the store's ListFiltered, so that the server falls back
// to filtering in memory.
type scanOnly struct{ *store.SQLite }

func (scanOnly) ListFiltered() {}

// TestListFilteredMatchesScan checks that the database listing and the
// in-memory fallback give the same pages.
func TestListFilteredMatchesScan(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	db, err := New(ts.st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	scan, err := New(scanOnly{ts.st}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := scan.archive.(FilteredLister); ok {
		t.Fatal("scanOnly still lists filtered")
	}
	queries := []string{"", "order=-ingest&limit=2&offset=1", "order=date", "order=date&limit=3&offset=2", "order=id&limit=4",
		"order=ingest&offset=3", "from=2023-06-19&to=2023-06-19", "from=2024-01-01&order=-ingest", "source=%3Cb%3EEVIL%3C%2Fb%3E+times",
		"to=2023-12-31&order=id&limit=1", "offset=100"}
	for _, qs := range queries {
		v, _ := url.ParseQuery(qs)
		q, err := parseArticleQuery(v)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(s *Server) string {
			recs, more, err := s.listArticles(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range recs {
				out = append(out, r.ID)
			}
			return strings.Join(out, ",") + " more=" + strconv.FormatBool(more)
		}
		if a, b := ids(db), ids(scan); a != b {
			t.Errorf("%q: database %s, scan %s", qs, a, b)
		}
	}
}

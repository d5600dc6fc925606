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

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

// entityID returns the canonical id of the entity named name.
func entityID(t *testing.T, st *store.SQLite, name string) string {
	t.Helper()
	x, err := loadIndex(context.Background(), st, nil)
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

// linkedOf returns the id of the linked event the n-th event of an article
// was linked into.
func linkedOf(t *testing.T, st *store.SQLite, doc string, n int) string {
	t.Helper()
	dl, err := st.DocLink(context.Background(), doc)
	if err != nil || len(dl.Events) <= n {
		t.Fatalf("links of %s: %+v, %v", doc, dl, err)
	}
	return dl.Events[n]
}

func TestEventAPI(t *testing.T) {
	ts := newTestServer(t, Options{})
	wang := entityID(t, ts.st, "Wang Yi")
	xss := linkedOf(t, ts.st, "xss-1", 0)
	xssReport := store.StoredEvent{Doc: "xss-1"}.ID()
	xssStory, err := ts.st.DocLink(context.Background(), "xss-1")
	if err != nil {
		t.Fatal(err)
	}
	type list struct {
		Items []apiLinkedEvent `json:"items"`
		Next  string           `json:"next"`
	}
	var total int
	involves := func(ev apiLinkedEvent) bool {
		for i, p := range ev.ParticipantIDs {
			if p == wang || strings.EqualFold(ev.Participants[i], "Wang Yi") {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name   string
		path   string
		status int
		check  func(t *testing.T, b []byte)
	}{
		{"all", "/api/v1/events?limit=200", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			total = len(l.Items)
			if len(l.Items) < 3 || l.Next != "" {
				t.Errorf("%d events, next %q", len(l.Items), l.Next)
			}
			for _, ev := range l.Items {
				if ev.ID == "" || ev.Kind == "" || ev.Status == "" || ev.Story == "" || ev.Reports < 1 ||
					len(ev.Mentions) != ev.Reports || ev.Href != "/api/v1/events/"+ev.ID || len(ev.Participants) != len(ev.ParticipantIDs) {
					t.Errorf("incomplete event %+v", ev)
				}
			}
		}},
		{"paged", "/api/v1/events?limit=1&offset=1", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 1 || (total > 2) != strings.Contains(l.Next, "offset=2") {
				t.Errorf("page %+v", l)
			}
		}},
		{"by entity canonical name", "/api/v1/events?entity=wang+yi&limit=200", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no events of Wang Yi")
			}
			for _, ev := range l.Items {
				if !involves(ev) {
					t.Errorf("event %s without Wang Yi: %v %v", ev.ID, ev.Participants, ev.ParticipantIDs)
				}
			}
		}},
		{"by entity id", "/api/v1/events?entity=" + wang, 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no events by entity id")
			}
			for _, ev := range l.Items {
				if !involves(ev) {
					t.Errorf("event %s without Wang Yi", ev.ID)
				}
			}
		}},
		{"by kind and status", "/api/v1/events?kind=meeting&status=happened", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no happened meeting")
			}
			for _, ev := range l.Items {
				if ev.Kind != "meeting" || ev.Status != "happened" {
					t.Errorf("filter let through %+v", ev)
				}
			}
		}},
		{"by date", "/api/v1/events?from=2024-03-01&to=2024-03-01", 200, func(t *testing.T, b []byte) {
			found := false
			for _, ev := range decode[list](t, b).Items {
				found = found || ev.ID == xss
				if ev.When == nil || whenStart(*ev.When).Format(time.DateOnly) != "2024-03-01" {
					t.Errorf("event of %v in the range", ev.When)
				}
			}
			if !found {
				t.Error("the event of 2024-03-01 is not listed")
			}
		}},
		{"by doc", "/api/v1/events?doc=xss-1", 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) != 1 || l.Items[0].ID != xss {
				t.Fatalf("doc filter: %+v", l.Items)
			}
		}},
		{"by story", "/api/v1/events?story=" + xssStory.Story, 200, func(t *testing.T, b []byte) {
			l := decode[list](t, b)
			if len(l.Items) == 0 {
				t.Fatal("no event in the story")
			}
			for _, ev := range l.Items {
				if ev.Story != xssStory.Story {
					t.Errorf("story filter let through %s of %s", ev.ID, ev.Story)
				}
			}
		}},
		{"bad kind", "/api/v1/events?kind=party", 400, nil},
		{"bad status", "/api/v1/events?status=maybe", 400, nil},
		{"bad date", "/api/v1/events?from=yesterday", 400, nil},
		{"one event", "/api/v1/events/" + xss, 200, func(t *testing.T, b []byte) {
			ev := decode[apiLinkedEvent](t, b)
			if ev.ID != xss || ev.Kind != "meeting" || ev.Place != "Paris" || len(ev.Participants) != 2 || len(ev.Mentions) != 1 {
				t.Fatalf("event %+v", ev)
			}
			m := ev.Mentions[0]
			if !strings.Contains(m.Text, "<script>alert('event')</script>") || m.Status != "happened" || m.Doc != "xss-1" {
				t.Errorf("mention %+v", m)
			}
			if m.Article.ID != "xss-1" || m.Article.Source != "<b>Evil</b> Times" || m.Article.Date.IsZero() || m.Article.Href != "/api/v1/articles/xss-1" {
				t.Errorf("article %+v", m.Article)
			}
			if len(ev.Sources) != 1 || ev.Sources[0] != "<b>Evil</b> Times" {
				t.Errorf("sources %q", ev.Sources)
			}
		}},
		{"one event by a report's id", "/api/v1/events/" + xssReport, 200, func(t *testing.T, b []byte) {
			if ev := decode[apiLinkedEvent](t, b); ev.ID != xss {
				t.Errorf("report %s answers event %s, want %s", xssReport, ev.ID, xss)
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
				t.Fatalf("entity %+v", e)
			}
			for _, ev := range e.EventList {
				if !involves(ev) {
					t.Errorf("entity lists event %s without Wang Yi", ev.ID)
				}
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
	// A POSTed article shows at once: the ingest links it and drops the
	// cached links.
	body := `{"id":"post-1","title":"Oslo","date":"2024-05-06","text":"Antony Blinken met Wang Yi in Oslo on Monday."}`
	if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	_, b := ts.do(t, "GET", "/api/v1/events?doc=post-1", nil)
	if l := decode[apiList[apiLinkedEvent]](t, b); len(l.Items) != 1 || l.Items[0].Place != "Oslo" {
		t.Errorf("the new article's event is not listed: %s", b)
	}
	if resp, _ := ts.do(t, "GET", "/api/v1/events", nil, "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("conditional GET after ingest: %d", resp.StatusCode)
	}
}

func TestEventPages(t *testing.T) {
	ts := newTestServer(t, Options{})
	wang := entityID(t, ts.st, "Wang Yi")
	xss := linkedOf(t, ts.st, "xss-1", 0)
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

func TestLatestMention(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		dates []string
		want  int
	}{
		{nil, -1},
		{[]string{"2024-01-01"}, 0},
		{[]string{"2024-01-01", "2023-05-01"}, 0},
		{[]string{"2023-05-01", "2024-01-01", "2024-01-01"}, 2}, // ties: the later linked
		{[]string{"", "2024-01-01"}, 1},
	}
	for _, tt := range tests {
		var ev link.Event
		for _, s := range tt.dates {
			ev.Mentions = append(ev.Mentions, store.Mention{Date: d(s)})
		}
		if got := latestMention(ev); got != tt.want {
			t.Errorf("latestMention(%v) = %d, want %d", tt.dates, got, tt.want)
		}
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

// TestEventFilterMatchesStore checks that /api/v1/events selects what
// the store's link filter does, an entity given by id as by its name.
func TestEventFilterMatchesStore(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	wang := entityID(t, ts.st, "Wang Yi")
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		q string
		f store.LinkFilter
	}{
		{"", store.LinkFilter{}},
		{"kind=meeting", store.LinkFilter{Kind: "meeting"}},
		{"status=planned", store.LinkFilter{Status: "planned"}},
		{"doc=xss-1", store.LinkFilter{Doc: "xss-1"}},
		{"from=2024-01-01", store.LinkFilter{From: d("2024-01-01")}},
		{"from=2023-06-01&to=2023-06-30", store.LinkFilter{From: d("2023-06-01"), To: d("2023-06-30")}},
		{"entity=Xi+Jinping", store.LinkFilter{Participant: "Xi Jinping"}},
		{"entity=" + wang, store.LinkFilter{Participant: "Wang Yi"}},
	}
	for _, tt := range tests {
		var want []string
		err := ts.st.LinkedEvents(ctx, tt.f, func(ev store.LinkedEvent) error {
			want = append(want, ev.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, b := ts.do(t, "GET", "/api/v1/events?limit=200&"+tt.q, nil)
		var got []string
		for _, ev := range decode[apiList[apiLinkedEvent]](t, b).Items {
			got = append(got, ev.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: server selects %v, store %v", tt.q, got, want)
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

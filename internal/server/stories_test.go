package server

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// mainStory returns the fixtures' largest story: the US–China diplomacy
// of the five sample articles.
func mainStory(t *testing.T, ts *testServer) apiStory {
	t.Helper()
	_, b := ts.do(t, "GET", "/api/v1/stories", nil)
	l := decode[apiList[apiStory]](t, b)
	var best apiStory
	for _, st := range l.Items {
		if st.Articles > best.Articles {
			best = st
		}
	}
	if best.Articles < 5 {
		t.Fatalf("no story holds the five samples: %s", b)
	}
	return best
}

func TestStoryAPI(t *testing.T) {
	ts := newTestServer(t, Options{})
	st := mainStory(t, ts)
	if st.Start.Format(time.DateOnly) != "2023-06-19" || st.End.Format(time.DateOnly) != "2024-09-30" || st.Events == 0 {
		t.Errorf("story span or counts: %+v", st)
	}

	t.Run("list is paged", func(t *testing.T) {
		_, all := ts.do(t, "GET", "/api/v1/stories", nil)
		n := len(decode[apiList[apiStory]](t, all).Items)
		_, b := ts.do(t, "GET", "/api/v1/stories?limit=1", nil)
		l := decode[apiList[apiStory]](t, b)
		next := ""
		if n > 1 {
			next = "/api/v1/stories?limit=1&offset=1"
		}
		if len(l.Items) != 1 || l.Next != next {
			t.Errorf("page of 1 of %d stories: %s", n, b)
		}
	})

	t.Run("story has linked events in date order", func(t *testing.T) {
		_, b := ts.do(t, "GET", st.Href, nil)
		full := decode[apiStoryFull](t, b)
		if len(full.EventList) != st.Events || len(full.ArticleList) != st.Articles {
			t.Fatalf("%d events, %d articles: %+v", len(full.EventList), len(full.ArticleList), full.apiStory)
		}
		var last time.Time
		multi := false
		for _, ev := range full.EventList {
			if ev.Story != st.ID {
				t.Errorf("event %s in story %s", ev.ID, ev.Story)
			}
			if ev.When != nil {
				if d := whenStart(*ev.When); !d.IsZero() {
					if d.Before(last) {
						t.Errorf("event %s (%s) before the previous one", ev.ID, *ev.When)
					}
					last = d
				}
			}
			docs := map[string]bool{}
			for _, m := range ev.Mentions {
				docs[m.Doc] = true
				if m.Article.ID != m.Doc || !strings.HasPrefix(m.Event, "/api/v1/events/ev-") {
					t.Errorf("mention %+v", m)
				}
			}
			multi = multi || len(docs) > 1
		}
		if !multi {
			t.Error("no event is linked across two articles")
		}
	})

	t.Run("events of an article are the linked events of its story", func(t *testing.T) {
		_, b := ts.do(t, "GET", "/api/v1/events?doc=003_265e0c7a51896b9a", nil)
		l := decode[apiList[apiLinkedEvent]](t, b)
		if len(l.Items) == 0 {
			t.Fatalf("no events: %s", b)
		}
		for _, ev := range l.Items {
			if ev.Story != st.ID || !strings.HasPrefix(ev.ID, "ev-") {
				t.Errorf("event %s: story %q", ev.ID, ev.Story)
			}
		}
		_, b = ts.do(t, "GET", l.Items[0].Href, nil)
		if one := decode[apiLinkedEvent](t, b); one.Story != st.ID || one.ID != l.Items[0].ID {
			t.Errorf("event %s: story %q", one.ID, one.Story)
		}
		_, b = ts.do(t, "GET", "/events/"+l.Items[0].ID, nil)
		if want := `Part of the story <a href="/stories/` + st.ID + `#event-` + l.Items[0].ID + `">`; !strings.Contains(string(b), want) {
			t.Errorf("event page does not link its story: no %q", want)
		}
	})

	t.Run("events filter", func(t *testing.T) {
		for _, tt := range []struct{ query, status, entity string }{
			{"?status=happened", "happened", ""},
			{"?status=planned", "planned", ""},
			{"?entity=Wang+Yi", "", "Wang Yi"},
			{"?entity=wang+yi&status=happened", "happened", "Wang Yi"},
		} {
			_, b := ts.do(t, "GET", st.Href+"/events"+tt.query, nil)
			l := decode[apiList[apiLinkedEvent]](t, b)
			if len(l.Items) == 0 {
				t.Errorf("%s: no events", tt.query)
			}
			for _, ev := range l.Items {
				if tt.status != "" && ev.Status != tt.status {
					t.Errorf("%s: event %s is %s", tt.query, ev.ID, ev.Status)
				}
				if tt.entity != "" && !strings.Contains(strings.Join(ev.Participants, "|"), tt.entity) {
					t.Errorf("%s: event %s without %s: %v", tt.query, ev.ID, tt.entity, ev.Participants)
				}
			}
		}
	})

	t.Run("timeline", func(t *testing.T) {
		_, b := ts.do(t, "GET", st.Timeline+"?dates=4", nil)
		var tl []timeline.JSONEntry
		if err := json.Unmarshal(b, &tl); err != nil || len(tl) == 0 {
			t.Fatalf("timeline %s: %v", b, err)
		}
		// dates=4 bounds the dates selected from the text; the story's
		// dated events come on top, each at its own date.
		days, planned := 0, false
		for _, e := range tl {
			if e.Date == "" || e.Text == "" || len(e.Sources) == 0 {
				t.Errorf("entry %+v", e)
			}
			if e.Period == "" && !slices.ContainsFunc(e.Events, func(ev timeline.Event) bool { return len(ev.Sources) > 0 }) {
				days++
			}
			if e.Period == "after 2024-09-30" && slices.ContainsFunc(e.Events, func(ev timeline.Event) bool {
				return ev.Kind == "call" && ev.Status == "planned" && slices.Contains(ev.Participants, "Xi Jinping")
			}) {
				planned = true
			}
		}
		if days > 4 {
			t.Errorf("%d selected dates, want at most 4", days)
		}
		if !planned || tl[len(tl)-1].Period != "after 2024-09-30" {
			t.Errorf("the Biden–Xi call planned after 2024-09-30 is not the last entry: %s", b)
		}
	})

	t.Run("errors and ETag", func(t *testing.T) {
		for path, status := range map[string]int{
			"/api/v1/stories/st-missing":            404,
			"/api/v1/stories/st-missing/events":     404,
			"/api/v1/stories/st-missing/timeline":   404,
			"/api/v1/stories?limit=0":               400,
			st.Href + "/events?status=maybe":        400,
			st.Href + "/timeline?per_date=99":       400,
			"/api/v1/stories/" + st.ID + "/nothing": 404,
		} {
			if resp, b := ts.do(t, "GET", path, nil); resp.StatusCode != status {
				t.Errorf("%s: %d, want %d: %s", path, resp.StatusCode, status, b)
			}
		}
		resp, _ := ts.do(t, "GET", "/api/v1/stories", nil)
		etag := resp.Header.Get("ETag")
		if resp, _ := ts.do(t, "GET", "/api/v1/stories", nil, "If-None-Match", etag); etag == "" || resp.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET: %q %d", etag, resp.StatusCode)
		}
	})

	t.Run("ingest drops the cached replay", func(t *testing.T) {
		body := `{"id":"post-st","title":"Oslo","date":"2025-05-06","text":"Antony Blinken met Wang Yi in Oslo on Monday to discuss Taiwan and trade with China."}`
		if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
			t.Fatalf("ingest: %d %s", resp.StatusCode, b)
		}
		_, b := ts.do(t, "GET", "/api/v1/stories", nil)
		n := 0
		for _, s := range decode[apiList[apiStory]](t, b).Items {
			n += s.Articles
		}
		if n != 7 {
			t.Errorf("stories hold %d articles after the ingest, want 7: %s", n, b)
		}
	})
}

func TestStoryPages(t *testing.T) {
	ts := newTestServer(t, Options{})
	st := mainStory(t, ts)
	page := "/stories/" + st.ID
	dl, err := ts.st.DocLink(t.Context(), "xss-1")
	if err != nil {
		t.Fatal(err)
	}
	xss := dl.Story
	tests := []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/", 200, []string{`<ol class="story-list"`, `href="` + page + `"`, `<svg class="spark" role="img" aria-label="Activity of`, `<rect class="spark-bar"`},
			[]string{"Stories arrive with linking"}},
		{"/stories", 200, []string{`<ol class="story-list"`, `href="` + page + `"`, "per month", `aria-current="page">Stories`}, nil},
		// The script fixture's story: its article's title is escaped.
		{"/stories/" + xss, 200, []string{"&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Summit &amp; talks", `href="/articles/xss-1"`}, nil},
		{page, 200, []string{`<ol class="vtimeline"`, `class="badge status-happened"`, `class="badge status-planned"`,
			`class="source-link" href="/articles/002_51946f49cf6bceed"`, `href="/feeds/stories/` + st.ID + `.atom"`,
			`<link rel="alternate" type="application/atom+xml"`, `<ol class="timeline"`, `<label for="s-entity">`, `<option value="Wang Yi">`}, nil},
		{page + "?status=planned", 200, []string{`class="badge status-planned"`, `<option value="planned" selected>`}, []string{`<h3 class="vt-title">Meeting: Xi Jinping, Joe Biden <span class="badge status-happened"`}},
		{page + "?entity=Joe+Biden", 200, []string{"Joe Biden"}, []string{"Bill Gates <span"}},
		{page + "?entity=Nobody+Here", 200, []string{"No event of this story matches."}, nil},
		{page + "?status=maybe", 400, nil, nil},
		{"/stories/st-missing", 404, []string{"no such story"}, nil},
	}
	for _, tt := range tests {
		resp, b := ts.do(t, "GET", tt.path, nil)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			continue
		}
		body := string(b)
		for _, w := range tt.want {
			if !strings.Contains(strings.ToLower(body), strings.ToLower(w)) {
				t.Errorf("%s: no %q", tt.path, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(body, w) {
				t.Errorf("%s: has %q", tt.path, w)
			}
		}
		if strings.Contains(body, "style=") || strings.Count(body, "<script") != 1 {
			t.Errorf("%s: inline style or script", tt.path)
		}
	}
}

func TestStoryFeed(t *testing.T) {
	ts := newTestServer(t, Options{})
	st := mainStory(t, ts)
	path := "/feeds/stories/" + st.ID + ".atom"
	resp, b := ts.do(t, "GET", path, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var f atomDoc
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("not Atom: %v", err)
	}
	if !validAtomTime(f.Updated) || len(f.Entries) != st.Events || !strings.HasPrefix(f.Title, "storyline: ") {
		t.Errorf("feed %q updated %q, %d entries (story has %d events)", f.Title, f.Updated, len(f.Entries), st.Events)
	}
	// Entries are the story's events newest first, dated ones before
	// undated ones; updated is the latest report's article date.
	_, jb := ts.do(t, "GET", st.Href, nil)
	full := decode[apiStoryFull](t, jb)
	byID := map[string]apiLinkedEvent{}
	for _, ev := range full.EventList {
		byID[ev.ID] = ev
	}
	var prev time.Time
	undated := false
	newest := ""
	for i, e := range f.Entries {
		_, id, ok := strings.Cut(e.ID, "#event-")
		ev, known := byID[id]
		if !ok || !known || len(e.Links) == 0 || e.Links[0].Href != e.ID || !validAtomTime(e.Updated) {
			t.Fatalf("entry %d: %+v", i, e)
		}
		if want := ev.Updated.UTC().Format(time.RFC3339); e.Updated != want {
			t.Errorf("entry %s updated %s, want the latest report's date %s", id, e.Updated, want)
		}
		newest = max(newest, e.Updated)
		if !strings.Contains(e.Title, "("+ev.Status+")") {
			t.Errorf("entry %s title %q lacks the status %s", id, e.Title, ev.Status)
		}
		d := time.Time{}
		if ev.When != nil {
			d = whenStart(*ev.When)
		}
		switch {
		case d.IsZero():
			undated = true
		case undated:
			t.Errorf("dated entry %s after an undated one", id)
		case i > 0 && d.After(prev):
			t.Errorf("entry %s (%s) is newer than the one before", id, *ev.When)
		}
		if !d.IsZero() {
			prev = d
		}
	}
	if f.Updated != newest {
		t.Errorf("feed updated %s, newest entry %s", f.Updated, newest)
	}
	for _, p := range []string{"/feeds/stories/" + st.ID, "/feeds/stories/st-missing.atom"} {
		if resp, _ := ts.do(t, "GET", p, nil); resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}

func TestSparkline(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		name  string
		dates []time.Time
		bars  int
		want  string
	}{
		{"none dated", []time.Time{{}}, 0, "no dated articles"},
		{"one day", []time.Time{d("2024-02-16"), d("2024-02-16")}, 1, "2 dated articles from 16 February 2024 to 16 February 2024, per day, at most 2 in a day"},
		{"per day", []time.Time{d("2024-02-01"), d("2024-02-03"), {}}, 2, "per day, at most 1 in a day"},
		{"per week", []time.Time{d("2024-01-01"), d("2024-01-02"), d("2024-03-30")}, 2, "per week, at most 2 in a week"},
		{"per month", []time.Time{d("2023-06-19"), d("2023-06-19"), d("2024-09-30")}, 2, "per month, at most 2 in a month"},
		{"escaped", []time.Time{d("2024-01-01")}, 1, "Activity of &lt;b&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title := "<b>x</b>"
			got := string(sparkline(title, tt.dates))
			if !strings.Contains(got, tt.want) || strings.Count(got, "<rect") != tt.bars || strings.Contains(got, "<b>") {
				t.Errorf("sparkline = %s", got)
			}
			if tt.bars > 0 && (!strings.Contains(got, `role="img"`) || !strings.Contains(got, "<title>")) {
				t.Errorf("not labelled: %s", got)
			}
		})
	}
}

// TestStoriesAreTheStoredLinks checks that the story routes serve the
// links the ingest stored, and that an article POSTed later is linked
// into them by the ingest itself.
func TestStoriesAreTheStoredLinks(t *testing.T) {
	ts := newTestServer(t, Options{})
	var want []string
	err := ts.st.Stories(t.Context(), func(st store.Story) error {
		want = append(want, st.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, b := ts.do(t, "GET", "/api/v1/stories?limit=200", nil)
	var got []string
	for _, st := range decode[apiList[apiStory]](t, b).Items {
		got = append(got, st.ID)
	}
	sort.Strings(want)
	sort.Strings(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("stories served %v, stored %v", got, want)
	}
	body := `{"id":"post-later","title":"Blinken and Wang talk again","date":"2024-10-02","text":"Antony Blinken met Wang Yi in New York on Tuesday to discuss Taiwan and trade with China."}`
	if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	dl, err := ts.st.DocLink(t.Context(), "post-later")
	if err != nil {
		t.Fatalf("the POSTed article was not linked: %v", err)
	}
	_, b = ts.do(t, "GET", storyHref(dl.Story), nil)
	full := decode[apiStoryFull](t, b)
	found := false
	for _, a := range full.ArticleList {
		found = found || a.ID == "post-later"
	}
	if !found {
		t.Errorf("story %s does not list the POSTed article: %s", dl.Story, b)
	}
}

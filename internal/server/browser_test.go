package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/store"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("STORYLINE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a new, empty profile, or
// skips the test when none is installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install -y chromium)")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// saveScreenshot writes a PNG of the whole page into dir (and into
// $STORYLINE_SCREENSHOTS when set, to look at).
func saveScreenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, d := range []string{dir, os.Getenv("STORYLINE_SCREENSHOTS")} {
		if d == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot %s: %d bytes", name, len(png))
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowser drives the pages in a real headless Chromium: the home page,
// keyboard navigation, a search typed into the form, following a hit to
// its article, a hostile article shown as text, on a phone-sized screen.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	ts := newTestServer(t, Options{})
	shots := t.TempDir()

	// A phone: 390×844 CSS pixels.
	do(t, ctx, "home", chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible("h1"))
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "Archive" {
		t.Errorf("home h1 %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".article-list li").length`); n != 6 {
		t.Errorf("home lists %d latest articles, want 6", n)
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("home page scrolls sideways on a phone: %dpx wide", w)
	}
	saveScreenshot(t, ctx, shots, "home-phone.png")

	// Keyboard: the first Tab reaches the skip link; "/" focuses search
	// (app.js runs under the CSP).
	do(t, ctx, "tab", chromedp.KeyEvent("\t"))
	if cls := eval[string](t, ctx, `document.activeElement.className`); cls != "skip-link" {
		t.Errorf("first Tab focuses %q, want the skip link", cls)
	}
	eval[bool](t, ctx, `document.activeElement.blur(), true`)
	do(t, ctx, "slash", chromedp.KeyEvent("/"))
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "site-q" {
		t.Errorf(`"/" focuses %q, want the search box`, id)
	}

	// Search by typing into the form and pressing Enter. (A dispatched
	// key event types its character apart from keydown, past app.js's
	// preventDefault, so the "/" is cleared first.)
	eval[bool](t, ctx, `document.activeElement.value = "", true`)
	do(t, ctx, "search", chromedp.KeyEvent("Blinken\r"), chromedp.WaitVisible(".hit"))
	if loc := eval[string](t, ctx, `location.pathname + location.search`); loc != "/search?q=Blinken" {
		t.Errorf("search landed on %q", loc)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".hit mark").length`); n == 0 {
		t.Error("no highlighted match in the results")
	}
	if href := eval[string](t, ctx, `document.querySelector('link[rel=alternate][type="application/atom+xml"]').getAttribute("href")`); href != "/feeds/search.atom?q=Blinken" {
		t.Errorf("search page feed link %q", href)
	}
	saveScreenshot(t, ctx, shots, "search-phone.png")

	// Follow the first hit to its article.
	do(t, ctx, "follow hit", chromedp.Click(".hit a.article-title"), chromedp.WaitVisible("article.article"))
	if !strings.HasPrefix(eval[string](t, ctx, `location.pathname`), "/articles/") {
		t.Error("the hit did not lead to an article page")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".article-text mark.timex").length`); n == 0 {
		t.Error("no temporal expression highlighted in the article")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main#main, nav[aria-label], header, footer").length`); n < 4 {
		t.Errorf("landmarks missing: %d", n)
	}
	saveScreenshot(t, ctx, shots, "article-phone.png")

	// A hostile article: its markup is text, no script of its runs.
	do(t, ctx, "hostile article", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/articles/xss-1"), chromedp.WaitVisible("h1"))
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); !strings.Contains(h1, "<script>alert('title')</script>") {
		t.Errorf("hostile title not shown as text: %q", h1)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main script, main img, main b").length`); n != 0 {
		t.Errorf("%d elements from the article's markup in the page", n)
	}
	saveScreenshot(t, ctx, shots, "xss-desktop.png")

	// The articles list and its filter form.
	do(t, ctx, "articles", chromedp.Navigate(ts.URL+"/articles?from=2023-06-19&to=2023-06-19"), chromedp.WaitVisible(".filters"))
	if n := eval[int](t, ctx, `document.querySelectorAll(".article-list li").length`); n < 1 {
		t.Error("filtered articles list is empty")
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll(".filters input, .filters select")].filter(e => !document.querySelector('label[for="'+e.id+'"]')).length`); n != 0 {
		t.Errorf("%d filter fields without a label", n)
	}
	saveScreenshot(t, ctx, shots, "articles-desktop.png")

	// The timeline of the archive on a phone: dated entries, each quoting
	// its sources; an event of an entry leads to its reports, and a report
	// to its article.
	do(t, ctx, "timeline", chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/timeline"), chromedp.WaitVisible("ol.timeline"))
	if n := eval[int](t, ctx, `document.querySelectorAll(".tl-entry time[datetime]").length`); n < 3 {
		t.Errorf("timeline shows %d dated entries", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".tl-entry .tl-source").length`); n < 3 {
		t.Errorf("timeline cites %d sources", n)
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("timeline scrolls sideways on a phone: %dpx wide", w)
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll(".filters input, .filters select")].filter(e => !document.querySelector('label[for="'+e.id+'"]')).length`); n != 0 {
		t.Errorf("%d timeline filter fields without a label", n)
	}
	saveScreenshot(t, ctx, shots, "timeline-phone.png")
	do(t, ctx, "follow event", chromedp.Click("a.tl-event"), chromedp.WaitVisible("article.event"))
	if !strings.HasPrefix(eval[string](t, ctx, `location.pathname`), "/events/ev-") {
		t.Error("the timeline event did not lead to an event page")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".report blockquote mark.trigger").length`); n == 0 {
		t.Error("no report with its trigger highlighted")
	}
	if got := eval[string](t, ctx, `document.querySelector(".report .badge").textContent`); !strings.HasPrefix(got, "Status: ") {
		t.Errorf("status badge reads %q, want a text label", got)
	}
	saveScreenshot(t, ctx, shots, "event-phone.png")
	do(t, ctx, "follow report", chromedp.Click("a.report-source"), chromedp.WaitVisible("article.article"))
	if !strings.HasPrefix(eval[string](t, ctx, `location.pathname`), "/articles/") {
		t.Error("the report did not lead to its article")
	}

	// The hostile event: its sentence's markup is text.
	do(t, ctx, "hostile event", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/events/"+store.StoredEvent{Doc: "xss-1"}.ID()), chromedp.WaitVisible(".report"))
	if q := eval[string](t, ctx, `document.querySelector(".report blockquote").textContent`); !strings.Contains(q, "<script>alert('event')</script>") {
		t.Errorf("hostile sentence not shown as text: %q", q)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main script, main img, main b").length`); n != 0 {
		t.Errorf("%d elements from the event's markup in the page", n)
	}
	do(t, ctx, "events", chromedp.Navigate(ts.URL+"/events?entity=Wang+Yi"), chromedp.WaitVisible(".event-list"))
	saveScreenshot(t, ctx, shots, "events-desktop.png")
	do(t, ctx, "timeline desktop", chromedp.Navigate(ts.URL+"/timeline?q=Blinken&per_date=2"), chromedp.WaitVisible("ol.timeline"))
	saveScreenshot(t, ctx, shots, "timeline-desktop.png")
}

// TestBrowserStories follows a story from the home page on a phone: its
// dated events in a vertical timeline with status badges, an event's
// sources, and a source to its article; then the story page on a desktop,
// filtered by status.
func TestBrowserStories(t *testing.T) {
	ctx := newBrowser(t)
	ts := newTestServer(t, Options{})
	shots := t.TempDir()

	do(t, ctx, "home", chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(".story-list"))
	if n := eval[int](t, ctx, `document.querySelectorAll(".story-list svg.spark[role=img][aria-label]").length`); n < 1 {
		t.Error("no labelled sparkline on the home page")
	}
	saveScreenshot(t, ctx, shots, "home-stories-phone.png")

	do(t, ctx, "follow story", chromedp.Click(".story-list a.story-title"), chromedp.WaitVisible("ol.vtimeline"))
	storyPath := eval[string](t, ctx, `location.pathname`)
	if !strings.HasPrefix(storyPath, "/stories/st-") {
		t.Fatalf("the story link led to %q, not a story page", storyPath)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".vt-event .vt-date code").length`); n < 5 {
		t.Errorf("story shows %d dated events", n)
	}
	dates := eval[[]string](t, ctx, `[...document.querySelectorAll(".vt-event .vt-date code")].map(e => e.textContent)`)
	for i := 1; i < len(dates); i++ {
		if a, b := whenStart(dates[i-1]), whenStart(dates[i]); !a.IsZero() && !b.IsZero() && b.Before(a) {
			t.Errorf("event %d (%s) before event %d (%s)", i, dates[i], i-1, dates[i-1])
		}
	}
	badges := eval[[]string](t, ctx, `[...document.querySelectorAll(".vt-title .badge")].map(e => e.textContent)`)
	if len(badges) < 5 || !strings.HasPrefix(badges[0], "Status: ") {
		t.Errorf("status badges %q", badges)
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("story page scrolls sideways on a phone: %dpx wide", w)
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll(".filters input, .filters select")].filter(e => !document.querySelector('label[for="'+e.id+'"]')).length`); n != 0 {
		t.Errorf("%d story filter fields without a label", n)
	}
	if href := eval[string](t, ctx, `document.querySelector('link[rel=alternate][type="application/atom+xml"]').getAttribute("href")`); !strings.HasPrefix(href, "/feeds/stories/st-") {
		t.Errorf("story page feed link %q", href)
	}
	saveScreenshot(t, ctx, shots, "story-phone.png")

	// An event's sources open from the keyboard, and a source leads to
	// its article.
	do(t, ctx, "open sources", chromedp.Focus(".vt-sources summary"), chromedp.KeyEvent("\r"), chromedp.WaitVisible(".vt-sources a.source-link"))
	saveScreenshot(t, ctx, shots, "story-sources-phone.png")
	do(t, ctx, "follow source", chromedp.Click(".vt-sources a.source-link"), chromedp.WaitVisible("article.article"))
	if !strings.HasPrefix(eval[string](t, ctx, `location.pathname`), "/articles/") {
		t.Error("the source did not lead to its article")
	}

	// Desktop, filtered by status through the form.
	do(t, ctx, "story again", chromedp.Navigate(ts.URL+storyPath), chromedp.WaitVisible("ol.vtimeline"))
	do(t, ctx, "filter", chromedp.EmulateViewport(1280, 900), chromedp.SetValue("#s-status", "planned"),
		chromedp.Submit("#s-status"), chromedp.WaitReady(`option[value=planned][selected]`))
	for _, b := range eval[[]string](t, ctx, `[...document.querySelectorAll(".vt-title .badge")].map(e => e.textContent)`) {
		if !strings.HasSuffix(b, "planned") {
			t.Errorf("filtered by planned, badge %q", b)
		}
	}
	saveScreenshot(t, ctx, shots, "story-planned-desktop.png")
	do(t, ctx, "story desktop", chromedp.Navigate(ts.URL+"/stories"), chromedp.WaitVisible(".story-list"))
	saveScreenshot(t, ctx, shots, "stories-desktop.png")
}

package clean

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/article"
)

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeeds(t *testing.T) {
	seeds := loadSeeds(t)
	cases := []struct {
		id          string
		title       string
		place       string
		bodyPrefix  string
		removed     []string
		splits      map[string]string
		contains    []string
		notContains []string
	}{
		{id: "000", title: "", bodyPrefix: "THE US Secretary of State Anthony Blinken met today",
			splits:   map[string]string{"USAWashington": "USA Washington", "Bidenformer": "Biden former"},
			contains: []string{"over the USA Washington and Beijing", "Joe Biden former President", "Subrahmanyam Jaishankar", "fentanyl"}},
		{id: "001", title: "Negotiations ongoing for Blinken meeting with Chinese official in Munich",
			bodyPrefix: "U.S. and Chinese officials have spent",
			removed:    []string{"Top 1 Magazine", "Top One Magazine", "Go To Source"},
			splits: map[string]string{"thatBlinken": "that Blinken", "Blinkenpostponed": "Blinken postponed",
				"uproarabout": "uproar about", "aSenate": "a Senate", "Thursdaythat": "Thursday that"},
			contains:    []string{"meteorological", "civilian airship"},
			notContains: []string{"Top 1 Magazine", "Go To Source", "Negotiations ongoing"}},
		{id: "002", title: "", bodyPrefix: "US Secretary of State Antony Blinken will meet"},
		{id: "003", title: "", place: "BEIJING", bodyPrefix: "US Secretary of State Antony Blinken met with",
			contains: []string{"Diaoyutai State Guesthouse"}, notContains: []string{"BLOOMBERG"}},
		{id: "004", title: "US, China plan Biden-Xi call in coming days", bodyPrefix: "The United States and China are planning",
			splits:   map[string]string{"vehicles]with": "vehicles] with"},
			contains: []string{"\n\n75th anniversary\n\n", "fentanyl", "[unmanned aerial vehicles] with the help"}},
	}
	c := New(Options{})
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			a := *seeds[tc.id]
			rep := c.Clean(&a)
			if a.Title != tc.title {
				t.Errorf("title = %q, want %q", a.Title, tc.title)
			}
			if rep.TitleInferred != (tc.title != "") {
				t.Errorf("TitleInferred = %v", rep.TitleInferred)
			}
			if a.Place != tc.place || rep.DatelineFound != (tc.place != "") {
				t.Errorf("place = %q (found %v), want %q", a.Place, rep.DatelineFound, tc.place)
			}
			if !strings.HasPrefix(a.Text, tc.bodyPrefix) {
				t.Errorf("body starts %q, want %q", a.Text[:min(len(a.Text), 80)], tc.bodyPrefix)
			}
			for _, r := range tc.removed {
				if !containsString(rep.RemovedLines, r) {
					t.Errorf("%q not removed (removed %q)", r, rep.RemovedLines)
				}
			}
			got := map[string]string{}
			for _, s := range rep.Splits {
				got[s.Original] = s.Replacement
			}
			for o, r := range tc.splits {
				if got[o] != r {
					t.Errorf("split %q = %q, want %q", o, got[o], r)
				}
			}
			if len(rep.Splits) != len(tc.splits) {
				t.Errorf("splits = %v, want exactly %v", rep.Splits, tc.splits)
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range tc.notContains {
				if strings.Contains(a.Text, s) {
					t.Errorf("text still has %q", s)
				}
			}
			// idempotent
			b := a
			rep2 := c.Clean(&b)
			if b != a || len(rep2.RemovedLines)+len(rep2.Splits) > 0 || rep2.TitleInferred || rep2.DatelineFound {
				t.Errorf("second Clean changed more: %+v", rep2)
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func TestSplitGlued(t *testing.T) {
	c := New(Options{})
	// vocab as Clean builds it: the article's own words
	vocab := articleVocab("Secretary of State Antony Blinken met Wang Yi. Blinken said. President Joe Biden spoke.")
	cases := []struct{ in, want string }{
		{"thatBlinken", "that Blinken"},
		{"Blinkenpostponed", "Blinken postponed"},
		{"uproarabout", "uproar about"},
		{"aSenate", "a Senate"},
		{"Thursdaythat", "Thursday that"},
		{"USAWashington", "USA Washington"},
		{"Joe Bidenformer President", "Joe Biden former President"},
		// never split
		{"iPhone", "iPhone"}, {"McDonald", "McDonald"}, {"eBay", "eBay"}, {"WhatsApp", "WhatsApp"},
		{"YouTube", "YouTube"}, {"PayPal", "PayPal"}, {"Diaoyutai", "Diaoyutai"}, {"fentanyl", "fentanyl"},
		{"meteorological", "meteorological"}, {"Subrahmanyam", "Subrahmanyam"}, {"Jaishankar", "Jaishankar"},
		{"videotape", "videotape"}, {"stepmother", "stepmother"}, {"withdraws", "withdraws"},
		{"don't", "don't"}, {"www.example.com", "www.example.com"}, {"e.g.", "e.g."}, {"19th", "19th"},
		{"NATO", "NATO"}, {"", ""},
	}
	for _, tc := range cases {
		got, _ := c.SplitGlued(tc.in, vocab)
		if got != tc.want {
			t.Errorf("SplitGlued(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// never-split words stay whole without the article's help too
		if tc.in == tc.want {
			if got, _ := c.SplitGlued(tc.in, nil); got != tc.want {
				t.Errorf("SplitGlued(%q, nil) = %q", tc.in, got)
			}
		}
	}
	for in, want := range map[string]string{
		"drones [unmanned aerial vehicles]with help": "drones [unmanned aerial vehicles] with help",
		"it was forthcoming.The talks":               "it was forthcoming. The talks",
		"see www.Example.com and Amazon.Com today":   "see www.Example.com and Amazon.Com today",
		"the U.S.Army and e.g.This":                  "the U.S.Army and e.g.This",
		"friend(s)":                                  "friend(s)",
	} {
		if got, _ := c.SplitGlued(in, nil); got != want {
			t.Errorf("SplitGlued(%q) = %q, want %q", in, got, want)
		}
	}
	if got, sp := c.SplitGlued("the meeting inMunich ended", nil); got != "the meeting in Munich ended" || len(sp) != 1 || sp[0] != (Split{"inMunich", "in Munich"}) {
		t.Errorf("got %q %v", got, sp)
	}
	d := New(Options{DisableGlue: true})
	if got, _ := d.SplitGlued("uproarabout", nil); got != "uproarabout" {
		t.Errorf("DisableGlue: %q", got)
	}
}

func TestNormalizeUnicode(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"nfc", "Zu\u0308rich", "Zürich"},
		{"zero width", "Bei\u200bjing\u200c \u200dtalks\ufeff co\u00adoperation", "Beijing talks cooperation"},
		{"nbsp and exotic spaces", "a\u00a0b\u2009c\u3000d\u202fe", "a b c d e"},
		{"collapse and trim", "  two   spaces  \n\n\n\n  next  ", "two spaces\n\nnext"},
		{"control", "a\x00b\x07c\x1bd", "abcd"},
		{"crlf", "one\r\ntwo\r\n\r\nthree\rfour", "one\ntwo\n\nthree\nfour"},
		{"quotes kept", "“It’s fine” — he said", "“It’s fine” — he said"},
		{"blank line with spaces", "a\n \t \nb", "a\n\nb"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"fixture", readFixture(t, "unicode_mess.txt"), "The minister said the talks were “constructive” and would resume next week.\n\nIt was the first meeting since the dispute began.\n\nOfficials declined to comment."},
	}
	for _, tc := range cases {
		if got := normalizeUnicode(tc.in); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFoldForMatch(t *testing.T) {
	cases := []struct{ in, want string }{
		{"“It’s” ‘ok’", "\"It's\" 'ok'"},
		{"2023–2024 — US‑China − x", "2023-2024 - US-China - x"},
		{"plain", "plain"},
	}
	for _, tc := range cases {
		if got := FoldForMatch(tc.in); got != tc.want {
			t.Errorf("FoldForMatch(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFurnitureFixture(t *testing.T) {
	c := New(Options{})
	a := &article.Article{ID: "f1", Text: readFixture(t, "furniture_head_tail.txt")}
	rep := c.Clean(a)
	if a.Title != "Council approves new budget after long debate" {
		t.Errorf("title %q", a.Title)
	}
	want := "The city council approved a new budget on Tuesday after a debate that lasted more than six hours, officials said.\n\n" +
		"The budget raises spending on schools and roads, and cuts the administration's travel allowance.\n\n" +
		"Critics said the plan relied on optimistic revenue forecasts."
	if a.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", a.Text, want)
	}
	for _, l := range []string{"Daily Planet", "World News", "Share this", "Advertisement", "Photo: Reuters", "Go To Source"} {
		if !containsString(rep.RemovedLines, l) {
			t.Errorf("%q not reported removed: %q", l, rep.RemovedLines)
		}
	}
}

func TestPatternFurniture(t *testing.T) {
	yes := []string{"Advertisement", "ADVERTISEMENT", "Share this", "Subscribe", "Enlarge this image", "Read more",
		"Read more: Why the talks failed", "Photo: Reuters", "(Getty Images)", "(AP Photo/Andy Wong)", "View source",
		"Sign up for our daily newsletter", "We use cookies to give you the best experience.", "© 2024 Example Media. All rights reserved.",
		"https://example.com/story", "Image copyright Getty Images", "Updated: June 19, 2023 10:43 AM",
		"(Reporting by Jane Doe; Editing by Richard Roe)", "Reporting by Jane Doe; editing by Richard Roe", "Share on Facebook"}
	no := []string{"The talks were held in Munich.", "75th anniversary", "Share prices fell 3 percent on Monday.",
		"Subscribers to the service rose sharply, the company said.", "He said the photo was taken in 2019.",
		"(The meeting, which lasted two hours, was described as candid by both sides and ended without a statement.)",
		"The newsletter reported that sales fell.", "The company changed its privacy policy on Monday.",
		"Advertisement spending rose 5 percent.", "Posted on social media, the video drew millions of views.",
		"Reporting by the newspaper revealed the deal.", "First published in 1990, the book sold well."}
	for _, l := range yes {
		if !patternFurniture(l) {
			t.Errorf("%q not furniture", l)
		}
	}
	for _, l := range no {
		if patternFurniture(l) {
			t.Errorf("%q taken for furniture", l)
		}
	}
}

func TestRepeatedLines(t *testing.T) {
	body := func(i int, extra string) string {
		return "Officials met on Monday to discuss trade number " + string(rune('A'+i)) + ".\n\n" +
			"Follow The Harbour Gazette On The Wire\n\n" + extra +
			"The talks will continue next week, a spokesman said."
	}
	c := New(Options{})
	for i := 0; i < 3; i++ {
		c.Observe(&article.Article{ID: string(rune('a' + i)), Source: "gazette", Text: body(i, "")})
	}
	// the same article observed twice counts once
	c.Observe(&article.Article{ID: "a", Source: "gazette", Text: body(0, "")})
	a := &article.Article{ID: "x", Source: "gazette", Text: body(5, "Prices rose.\n\n")}
	rep := c.Clean(a)
	if strings.Contains(a.Text, "Harbour Gazette") || !containsString(rep.RemovedLines, "Follow The Harbour Gazette On The Wire") {
		t.Errorf("repeated line kept: %q", a.Text)
	}
	// another source does not share the statistics
	b := &article.Article{ID: "y", Source: "other", Text: body(6, "")}
	c.Clean(b)
	if !strings.Contains(b.Text, "Harbour Gazette") {
		t.Errorf("line of another source removed: %q", b.Text)
	}
	// below MinRepeat: kept
	d := New(Options{})
	for i := 0; i < 2; i++ {
		d.Observe(&article.Article{ID: string(rune('a' + i)), Source: "gazette", Text: body(i, "")})
	}
	e := &article.Article{ID: "z", Source: "gazette", Text: body(7, "")}
	d.Clean(e)
	if !strings.Contains(e.Text, "Harbour Gazette") {
		t.Errorf("line seen twice removed: %q", e.Text)
	}
}

func TestDateline(t *testing.T) {
	cases := []struct{ in, place, rest string }{
		{"BEIJING- US Secretary of State met.", "BEIJING", "US Secretary of State met."},
		{"BEIJING — The talks ended.", "BEIJING", "The talks ended."},
		{"WASHINGTON (AP) — The Senate voted.", "WASHINGTON", "The Senate voted."},
		{"LONDON, June 5 (Reuters) - Shares fell.", "LONDON", "Shares fell."},
		{"Munich, Germany — Talks began.", "Munich, Germany", "Talks began."},
		{"RIO DE JANEIRO -- Rain fell.", "RIO DE JANEIRO", "Rain fell."},
		{"WASHINGTON, D.C. — Officials said.", "WASHINGTON, D.C.", "Officials said."},
		{"US-China talks resumed on Monday.", "", ""},
		{"Joe Biden — the president — said so.", "", ""},
		{"THE US Secretary of State met today.", "", ""},
		{"Beijing - a city of millions - is hot.", "", ""},
		{"BEIJING-based firms grew.", "", ""},
		{"FILE - In this photo, a man walks.", "", ""},
		{"Photo KUNDUZ, Afghanistan -- Troops left.", "", ""},
		{"", "", ""},
	}
	for _, tc := range cases {
		d, ok := findDateline(defaultTable(), tc.in)
		if ok != (tc.place != "") || d.place != tc.place || ok && tc.in[len(d.text):] != tc.rest {
			t.Errorf("findDateline(%q) = %q, %v (rest %q), want %q %q", tc.in, d.place, ok, tc.in[len(d.text):], tc.place, tc.rest)
		}
	}
	c := New(Options{})
	a := &article.Article{Text: readFixture(t, "dateline_ap.txt")}
	rep := c.Clean(a)
	if a.Place != "WASHINGTON" || !rep.DatelineFound || !strings.HasPrefix(a.Text, "The Senate passed") {
		t.Errorf("fixture: place %q text %q", a.Place, a.Text)
	}
	// a Place set by the reader is kept and the text left alone
	b := &article.Article{Place: "Paris", Text: "BEIJING- Talks ended."}
	c.Clean(b)
	if b.Place != "Paris" || b.Text != "BEIJING- Talks ended." {
		t.Errorf("preset place: %q %q", b.Place, b.Text)
	}
}

func TestTrailingCredit(t *testing.T) {
	cases := []struct{ in, want string }{
		{"They agreed. AFP, BLOOMBERG", "They agreed."},
		{"They agreed. (Reuters)", "They agreed."},
		{"They agreed. REUTERS/AP", "They agreed."},
		{"They agreed with NATO", "They agreed with NATO"},
		{"They agreed. Then they left", "They agreed. Then they left"},
		{"They agreed. US", "They agreed. US"},
	}
	for _, tc := range cases {
		got := tc.in
		if i := trailingCredit(tc.in); i > 0 {
			got = strings.TrimRight(tc.in[:i], " ")
		}
		if got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTitle(t *testing.T) {
	cases := []struct{ in, title, text string }{
		{"Talks resume in Geneva\n\nThe talks resumed on Monday.", "Talks resume in Geneva", "The talks resumed on Monday."},
		{"Is this the end of the trade war?\n\nMaybe not.", "Is this the end of the trade war?", "Maybe not."},
		{"The talks resumed on Monday.\n\nThey ended Tuesday.", "", "The talks resumed on Monday.\n\nThey ended Tuesday."},
		{"Talks resume in Geneva", "", "Talks resume in Geneva"},
		{"Talks resume in Geneva\nafter a long pause.\n\nMore.", "", "Talks resume in Geneva\nafter a long pause.\n\nMore."},
		{"Officials said:\n\nThe talks resumed.", "", "Officials said:\n\nThe talks resumed."},
	}
	c := New(Options{})
	for _, tc := range cases {
		a := &article.Article{Text: tc.in}
		c.Clean(a)
		if a.Title != tc.title || a.Text != tc.text {
			t.Errorf("%q: title %q text %q, want %q %q", tc.in, a.Title, a.Text, tc.title, tc.text)
		}
	}
	// a title given by the reader is kept, and its copy at the head of the body dropped
	a := &article.Article{Title: "Talks resume", Text: "Talks resume\n\nThe talks resumed."}
	c.Clean(a)
	if a.Title != "Talks resume" || a.Text != "The talks resumed." {
		t.Errorf("given title: %q %q", a.Title, a.Text)
	}
}

func TestConcurrent(t *testing.T) {
	c := New(Options{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				a := &article.Article{ID: string(rune('a' + i)), Source: "s", Text: "Top Line\n\nThe talks thatended on Monday went well.\n\nGo To Source"}
				c.Observe(a)
				c.Clean(a)
				if !utf8.ValidString(a.Text) {
					t.Error("invalid utf8")
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestFurnitureWire(t *testing.T) {
	c := New(Options{})
	a := &article.Article{ID: "w1", Text: readFixture(t, "furniture_wire.txt")}
	rep := c.Clean(a)
	if a.Title != "Ministers meet in Geneva as trade talks resume" {
		t.Errorf("title %q (removed %q)", a.Title, rep.RemovedLines)
	}
	if a.Place != "GENEVA" {
		t.Errorf("place %q", a.Place)
	}
	want := "Trade ministers from more than twenty countries met in Geneva on Monday to restart talks that stalled last year.\n\n" +
		"\"We are here to find common ground,\" the chairman told reporters before the session.\n\n" +
		"The talks are expected to last three days."
	if a.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s\nremoved %q", a.Text, want, rep.RemovedLines)
	}
}

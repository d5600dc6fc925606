package article

import (
	"context"
	"testing"
)

func TestReadTokenXML(t *testing.T) {
	tests := []struct {
		path, id, url, title, text string
	}{
		{"testdata/tokens.xml", "tokens", "", "Ministers meet in Geneva", "Talks began on Monday .\nThey ended late ."},
		// a scraped document opens with its source address: that is the
		// URL, and the headline is the sentence after it
		{"testdata/tokens_url.xml", "tokens_url", "http://www.example.com/2009/04/28/quake-story.html", "Quake hits island", "A strong quake struck on Sunday ."},
		// a dateline between the address and the headline opens the text
		{"testdata/tokens_dateline.xml", "tokens_dateline", "http://www.example.com/rehab", "Lohan enters rehab",
			"Posted 11 / 27 / 2005 7 : 21 AM\nShe checked in on Friday ."},
	}
	r := NewReader(Options{})
	for _, tt := range tests {
		var got []Item
		err := r.Read(context.Background(), Source{Path: tt.path}, nil, func(it Item) error {
			got = append(got, it)
			return nil
		})
		if err != nil || len(got) != 1 || got[0].Err != nil {
			t.Fatalf("read %s: %v %+v", tt.path, err, got)
		}
		a := got[0].Article
		if a.ID != tt.id || a.Format != "tokenxml" || a.URL != tt.url || a.Title != tt.title || a.Text != tt.text {
			t.Errorf("%s: article = %+v", tt.path, a)
		}
		// a page's dateline does not date the article (see readTokenXML)
		if !a.Date.IsZero() || a.DateSource != "" {
			t.Errorf("%s: date %v from %q, want none", tt.path, a.Date, a.DateSource)
		}
	}
}

func TestTokenXMLText(t *testing.T) {
	tests := []struct {
		name, in string
		want     TokenDoc
		wantErr  bool
	}{
		{"truncated", `<Document><token sentence="0">x`, TokenDoc{}, true},
		{"one sentence", `<Document><token sentence="0">Hello</token><token sentence="0">.</token></Document>`, TokenDoc{Text: "Hello ."}, false},
		{"url only", `<Document><token sentence="0">http</token><token sentence="0">:</token><token sentence="0">/</token><token sentence="0">/</token><token sentence="0">a.org</token></Document>`, TokenDoc{Text: "http : / / a.org"}, false},
		// a dateline before the headline is no title: it opens the text
		{"dateline", `<Document><token sentence="0">May</token><token sentence="0">2</token><token sentence="0">,</token><token sentence="0">2013</token><token sentence="1">Lohan</token><token sentence="1">enters</token><token sentence="1">rehab</token><token sentence="2">She</token><token sentence="2">did</token><token sentence="2">.</token></Document>`, TokenDoc{Title: "Lohan enters rehab", Text: "May 2 , 2013\nShe did ."}, false},
		{"dateline and one line", `<Document><token sentence="0">May</token><token sentence="0">2</token><token sentence="0">,</token><token sentence="0">2013</token><token sentence="1">Hi</token></Document>`, TokenDoc{Title: "Hi", Text: "May 2 , 2013"}, false},
		{"not a url", `<Document><token sentence="0">httpd</token><token sentence="0">crashed</token><token sentence="1">Again</token></Document>`, TokenDoc{Title: "httpd crashed", Text: "Again"}, false},
	}
	for _, tt := range tests {
		got, err := TokenXMLText([]byte(tt.in))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: got %+v, %v", tt.name, got, err)
		}
	}
}

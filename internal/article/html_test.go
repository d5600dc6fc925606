package article

import "testing"

func TestExtractHTMLShortPages(t *testing.T) {
	tests := []struct{ in, title, text string }{
		{"<html><body><p>Short text.</p></body></html>", "", "Short text."},
		{"<html><head><title>T</title></head><body><div>Just a div of text.</div></body></html>", "T", "Just a div of text."},
		{"<p>Fragment one.</p><p>Fragment two.</p>", "", "Fragment one.\n\nFragment two."},
		{"<html><body><nav><a href=/>Home</a></nav><h1>Head</h1><p>Body text.</p><footer>(c) 2024</footer></body></html>", "Head", "Body text."},
	}
	for _, tt := range tests {
		a, err := extractHTML([]byte(tt.in), "")
		if err != nil {
			t.Errorf("extractHTML(%q): %v", tt.in, err)
			continue
		}
		if a.Title != tt.title || a.Text != tt.text {
			t.Errorf("extractHTML(%q) = %q, %q; want %q, %q", tt.in, a.Title, a.Text, tt.title, tt.text)
		}
	}
}

func TestDecodeHTML(t *testing.T) {
	tests := []struct {
		name, contentType string
		in                []byte
		want              string
	}{
		{"utf-8", "", []byte("<p>café</p>"), "<p>café</p>"},
		{"undeclared latin", "", []byte("<p>caf\xe9</p>"), "<p>café</p>"},
		{"meta windows-1251", "", []byte("<meta charset=\"windows-1251\"><p>\xcc\xee\xf1\xea\xe2\xe0</p>"), `<meta charset="windows-1251"><p>Москва</p>`},
		{"header koi8-r", "text/html; charset=koi8-r", []byte("<p>\xed\xcf\xd3\xcb\xd7\xc1</p>"), "<p>Москва</p>"},
		{"latin label on utf-8", "", []byte(`<meta charset="iso-8859-1"><p>café</p>`), `<meta charset="iso-8859-1"><p>café</p>`},
	}
	for _, tt := range tests {
		if got := string(decodeHTML(tt.in, tt.contentType)); got != tt.want {
			t.Errorf("%s: decodeHTML = %q, want %q", tt.name, got, tt.want)
		}
	}
}

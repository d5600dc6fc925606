package article

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestNodeParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"<p>  spaced \n  out\ttext </p>", "spaced out text"},
		{"<p>Line<br>break</p>", "Line\nbreak"},
		{"<p>Line<br> <br>gap</p>", "Line\n\ngap"},
		{"<div>Lead <b>bold</b>, <a href='#'>link</a>.<p>Para</p>tail</div>", "Lead bold, link.\n\nPara\n\ntail"},
		{"<ul><li>a</li><li>b</li></ul>", "a\n\nb"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"<p>x<script>var y;</script><style>p{}</style>z</p>", "xz"},
		{"<h1>Head</h1><p>Body&nbsp;text &amp; more</p>", "Head\n\nBody text & more"},
		{"<p><br><br></p><p>\u3000</p>", ""},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := nodeParagraphs(doc); got != tt.want {
			t.Errorf("nodeParagraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNodeParagraphsWithoutAtoms covers trees built the way trafilatura
// builds its content node: elements with a name but no atom.
func TestNodeParagraphsWithoutAtoms(t *testing.T) {
	elem := func(name string, kids ...*html.Node) *html.Node {
		n := &html.Node{Type: html.ElementNode, Data: name}
		for _, k := range kids {
			n.AppendChild(k)
		}
		return n
	}
	text := func(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }
	root := elem("body",
		elem("head", text("Heading")),
		elem("ul", elem("li", elem("strong", text("One"))), elem("li", text("Two"))),
		elem("p", text("Line"), elem("lb"), text("break")),
	)
	if got, want := nodeParagraphs(root), "Heading\n\nOne\n\nTwo\n\nLine\nbreak"; got != want {
		t.Errorf("nodeParagraphs = %q, want %q", got, want)
	}
}

func TestHTMLFragmentText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain line one.\nLine two.", "Plain line one.\n\nLine two."},
		{"Fish &amp; chips", "Fish & chips"},
		{"<p>A</p><p>B</p>", "A\n\nB"},
		{"a < b and c > d", "a < b and c > d"},
	}
	for _, tt := range tests {
		if got := htmlFragmentText(tt.in); got != tt.want {
			t.Errorf("htmlFragmentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

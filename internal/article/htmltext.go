package article

import (
	"strings"

	"golang.org/x/net/html"
)

// blockElements start and end a paragraph of the extracted text. Names,
// not atoms, are compared: trafilatura builds its content nodes without
// atoms and uses its own XML names (head, list, item, quote, row) too.
var blockElements = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "li": true, "dd": true, "dt": true, "blockquote": true, "pre": true,
	"ul": true, "ol": true, "dl": true, "table": true, "tr": true, "section": true,
	"article": true, "header": true, "footer": true, "aside": true, "nav": true,
	"main": true, "figure": true, "figcaption": true, "address": true, "summary": true,
	"details": true, "form": true, "fieldset": true, "hr": true, "caption": true,
	"body": true, "html": true, "list": true, "item": true, "quote": true, "row": true,
	"thead": true, "tbody": true, "tfoot": true,
}

// skippedElements hold no readable text.
var skippedElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true,
	"math": true, "iframe": true, "object": true, "select": true, "button": true,
	"textarea": true, "title": true, "meta": true, "link": true,
}

// furnitureElements are skipped when a whole page body is turned into text:
// they hold site navigation, not the article.
var furnitureElements = map[string]bool{
	"nav": true, "header": true, "footer": true, "aside": true, "form": true, "menu": true,
}

// bodyParagraphs returns the text of the page's <body> as paragraphs,
// leaving out navigation, headers, footers, asides and forms.
func bodyParagraphs(doc *html.Node) string {
	body := findElement(doc, "body", 0)
	if body == nil {
		return ""
	}
	p := paraBuilder{skip: furnitureElements}
	p.walk(body, 0)
	p.flush()
	return strings.Join(p.paras, "\n\n")
}

// findElement returns the first element called name under n, depth first.
func findElement(n *html.Node, name string, depth int) *html.Node {
	if n == nil || depth > maxDepth {
		return nil
	}
	if n.Type == html.ElementNode && strings.EqualFold(n.Data, name) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, name, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// nodeParagraphs returns the text under n as paragraphs separated by a
// blank line: block elements and two line breaks in a row end a paragraph,
// one line break (<br>, trafilatura's <lb>) is a newline inside it, white
// space is otherwise collapsed, table cells are separated by a space.
func nodeParagraphs(n *html.Node) string {
	var p paraBuilder
	p.walk(n, 0)
	p.flush()
	return strings.Join(p.paras, "\n\n")
}

// paraBuilder accumulates paragraphs while walking a node tree.
type paraBuilder struct {
	paras []string
	cur   strings.Builder
	space bool            // a space is due before the next word
	nl    bool            // the paragraph ends with a line break
	skip  map[string]bool // further elements to leave out
}

// maxDepth bounds recursion on pathologically nested documents.
const maxDepth = 512

func (p *paraBuilder) walk(n *html.Node, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		p.text(n.Data)
		return
	case html.ElementNode:
		name := strings.ToLower(n.Data)
		switch {
		case skippedElements[name], p.skip[name]:
			return
		case name == "head" && n.Parent != nil && strings.EqualFold(n.Parent.Data, "html"):
			return // the document head; trafilatura's <head> is a heading
		case name == "br" || name == "lb":
			p.lineBreak()
			return
		}
		block := blockElements[name]
		cell := name == "td" || name == "th" || name == "cell"
		if block {
			p.flush()
		}
		if cell {
			p.space = p.cur.Len() > 0
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			p.walk(c, depth+1)
		}
		if block {
			p.flush()
		}
		if cell {
			p.space = p.cur.Len() > 0
		}
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			p.walk(c, depth+1)
		}
	}
}

// text adds a run of text, collapsing white space.
func (p *paraBuilder) text(s string) {
	for len(s) > 0 {
		i := strings.IndexFunc(s, isHTMLSpace)
		if i != 0 {
			word := s
			if i > 0 {
				word = s[:i]
			}
			if p.space && p.cur.Len() > 0 && !p.nl {
				p.cur.WriteByte(' ')
			}
			p.cur.WriteString(word)
			p.space, p.nl = false, false
			if i < 0 {
				return
			}
			s = s[i:]
		}
		j := strings.IndexFunc(s, func(r rune) bool { return !isHTMLSpace(r) })
		p.space = true
		if j < 0 {
			return
		}
		s = s[j:]
	}
}

func isHTMLSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2028', '\u2029', '\u200b':
		return true
	}
	return false
}

// lineBreak adds a newline; a second one in a row ends the paragraph.
func (p *paraBuilder) lineBreak() {
	switch {
	case p.nl:
		p.flush()
	case p.cur.Len() > 0:
		p.cur.WriteByte('\n')
		p.nl = true
	}
}

// flush ends the current paragraph.
func (p *paraBuilder) flush() {
	if p.cur.Len() > 0 {
		if s := strings.TrimSpace(p.cur.String()); s != "" {
			p.paras = append(p.paras, s)
		}
		p.cur.Reset()
	}
	p.space, p.nl = false, false
}

// htmlFragmentText returns the text of an HTML fragment (a feed item's
// content) as paragraphs; text without markup keeps its line structure.
func htmlFragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return bodyText(s)
	}
	if !strings.Contains(s, "<") {
		return bodyText(html.UnescapeString(s))
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return bodyText(s)
	}
	return nodeParagraphs(doc)
}

package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockElements start and end a paragraph of the extracted text.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Dd: true,
	atom.Dt: true, atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Table: true, atom.Tr: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Summary: true,
	atom.Details: true, atom.Form: true, atom.Fieldset: true, atom.Hr: true,
	atom.Caption: true, atom.Body: true, atom.Html: true,
}

// skippedElements hold no readable text.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Head: true,
	atom.Select: true, atom.Button: true, atom.Textarea: true,
}

// xmlBlockNames are the element names trafilatura's own output may use for
// blocks (its XML vocabulary) besides HTML ones.
var xmlBlockNames = map[string]bool{"head": true, "list": true, "item": true, "quote": true, "row": true}

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
	space bool // a space is due before the next word
	nl    bool // the paragraph ends with a line break
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
		if skippedElements[n.DataAtom] && !(n.DataAtom == atom.Head && n.Parent != nil && n.Parent.DataAtom != atom.Html) {
			return
		}
		if n.DataAtom == atom.Br || n.Data == "lb" {
			p.lineBreak()
			return
		}
		block := blockElements[n.DataAtom] || xmlBlockNames[n.Data]
		if block {
			p.flush()
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th || n.Data == "cell" {
			p.space = p.cur.Len() > 0
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			p.walk(c, depth+1)
		}
		if block {
			p.flush()
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th || n.Data == "cell" {
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

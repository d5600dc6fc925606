package article

import (
	"bytes"
	"encoding/json"
	"mime"
	"path"
	"strings"
)

// formatByExt maps file extensions to the format they usually hold.
var formatByExt = map[string]string{
	".txt": "text", ".text": "text",
	".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
	".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
	".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}

// formatByMIME maps HTTP media types to formats.
var formatByMIME = map[string]string{
	"text/html": "html", "application/xhtml+xml": "html",
	"application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
	"application/xml": "feed", "text/xml": "feed", "application/feed+json": "feed",
	"application/json": "json", "text/json": "json",
	"application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl",
	"text/plain": "text",
}

// detectFormat chooses how to read in: the name's extension (or the HTTP
// Content-Type) gives a first guess that the content confirms or overrides.
// It returns "text", "html", "json", "jsonl", "feed" or "tokenxml".
func detectFormat(in *input) string {
	hint := ""
	if in.contentType != "" {
		if mt, _, err := mime.ParseMediaType(in.contentType); err == nil {
			hint = formatByMIME[strings.ToLower(mt)]
		}
	}
	if hint == "" || hint == "text" {
		if h := formatByExt[strings.ToLower(path.Ext(in.name))]; h != "" {
			hint = h
		}
	}
	kind := sniff(in.data)
	if kind == "tokenxml" {
		return kind
	}
	switch hint {
	case "json", "jsonl":
		if kind == "html" || kind == "feed" {
			return kind
		}
		return hint
	case "html":
		if kind == "feed" {
			return kind
		}
		return "html"
	case "feed":
		if kind == "html" || kind == "json" {
			return kind
		}
		return "feed"
	default: // text or unknown
		switch kind {
		case "json":
			if looksJSON(in.data) {
				return "json"
			}
			return "text"
		case "html", "feed":
			return kind
		}
		return "text"
	}
}

// sniff guesses the format from the first bytes: "json" for an object or
// array, "feed" for an XML document whose root is rss, RDF or feed, "html"
// for a document that starts with markup, else "text".
func sniff(data []byte) string {
	head := data[:min(len(data), 4096)]
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n\f")
	if len(head) == 0 {
		return "text"
	}
	switch head[0] {
	case '{', '[':
		return "json"
	case '<':
		switch root := rootElement(head); root {
		case "rss", "rdf:rdf", "rdf", "feed":
			return "feed"
		case "document":
			if isTokenXML(head) {
				return "tokenxml"
			}
			return "text"
		case "":
			return "text"
		default:
			if root == "html" || root == "!doctype" || root == "head" || root == "body" || bytes.Contains(bytes.ToLower(head), []byte("<p")) || bytes.Contains(bytes.ToLower(head), []byte("<div")) {
				return "html"
			}
			return "text"
		}
	}
	return "text"
}

// rootElement returns the lower-cased name of the first element in head,
// skipping the XML declaration, processing instructions and comments; it
// returns "!doctype" for an HTML doctype and "" when there is none.
func rootElement(head []byte) string {
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return ""
		}
		head = head[i+1:]
		switch {
		case head[0] == '?':
			j := bytes.Index(head, []byte("?>"))
			if j < 0 {
				return ""
			}
			head = head[j+2:]
		case bytes.HasPrefix(head, []byte("!--")):
			j := bytes.Index(head, []byte("-->"))
			if j < 0 {
				return ""
			}
			head = head[j+3:]
		case head[0] == '!':
			if len(head) >= 8 && strings.EqualFold(string(head[:8]), "!doctype") {
				rest := strings.ToLower(strings.TrimSpace(string(head[8:min(len(head), 20)])))
				if strings.HasPrefix(rest, "html") {
					return "!doctype"
				}
			}
			j := bytes.IndexByte(head, '>')
			if j < 0 {
				return ""
			}
			head = head[j+1:]
		default:
			j := 0
			for j < len(head) && (isNameByte(head[j])) {
				j++
			}
			return strings.ToLower(string(head[:j]))
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '-' || c == '_' || c == '.'
}

// looksJSON reports whether data is one JSON document or JSON Lines (its
// first non-blank line is a JSON value); used to tell a .txt holding JSON
// from a text that happens to start with a bracket.
func looksJSON(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	if json.Valid(data) {
		return true
	}
	for line := range bytes.Lines(data) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		return line[0] == '{' && json.Valid(line)
	}
	return false
}

// isJSONFeed reports whether data looks like a JSON Feed document.
func isJSONFeed(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte("jsonfeed.org/version"))
}

package article

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Defaults used when the corresponding Options field is zero.
const (
	DefaultMaxBytes  = 64 << 20
	DefaultTimeout   = 30 * time.Second
	DefaultUserAgent = "storyline/0.1 (+https://github.com/storyline-news/storyline)"
)

// Errors that name why an input could not be read. Read wraps them with the
// input's origin and what was being done; test for them with errors.Is.
var (
	ErrBinary         = errors.New("binary file")
	ErrEmpty          = errors.New("empty file")
	ErrTooLarge       = errors.New("input larger than the size limit")
	ErrNoText         = errors.New("no article text")
	ErrTruncated      = errors.New("truncated input")
	ErrAddressRefused = errors.New("refusing to connect to a private, loopback, link-local, unspecified or multicast address")
)

// Item is one outcome of reading: an article, or the failure of one input (a
// file, a URL, one record of a file), with where it came from. Exactly one of
// Article and Err is set. Origin is the input's path or URL, with "#N" for the
// N-th record (1-based) of a multi-record input; it equals Article.Origin when
// Article is set.
type Item struct {
	Article *Article
	Origin  string
	Err     error
}

// Options configure reading; the zero value is usable (sane defaults).
type Options struct {
	// AllowPrivate allows fetching private, loopback, link-local,
	// unspecified and multicast addresses. Off by default, so that a URL
	// list cannot make storyline probe the network it runs in.
	AllowPrivate bool
	// MaxBytes is the size limit of one input, after decompression
	// (default DefaultMaxBytes). Larger inputs fail with ErrTooLarge. An
	// input is held in memory while it is read, so this also bounds the
	// memory one Read needs (a few times MaxBytes for HTML).
	MaxBytes int64
	// Timeout bounds one URL fetch, body included (default DefaultTimeout).
	Timeout time.Duration
	// UserAgent is sent with every request (default DefaultUserAgent).
	UserAgent string
	// HTTPClient fetches URLs. When nil, the Reader builds one whose dialer
	// refuses disallowed addresses at connection time (covering redirects
	// and DNS rebinding) and which ignores proxy settings (a proxy would
	// connect on its behalf, past the guard). A client given here is used
	// as is: the address guard is then the caller's business.
	HTTPClient *http.Client
}

// Reader turns Sources into Articles. It is safe for concurrent use by
// multiple goroutines and holds no state besides its options and HTTP client.
type Reader struct {
	opts   Options
	client *http.Client
}

// NewReader returns a Reader with opts, zero fields replaced by defaults.
func NewReader(opts Options) *Reader {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	r := &Reader{opts: opts, client: opts.HTTPClient}
	if r.client == nil {
		r.client = NewHTTPClient(opts)
	}
	return r
}

// input is the raw content of one source, as loaded before parsing.
type input struct {
	data        []byte
	name        string // file name or URL path, for format detection and ids; "" for stdin
	contentType string // HTTP Content-Type, "" for files
	url         string // final URL after redirects, "" for files
	partial     error  // non-nil when data was cut short (truncated gzip): records before the cut are still good
}

// Read reads one source and calls emit for every article or per-record
// failure, in input order. It returns an error only when ctx is done or when
// emit returns one (which it returns unchanged). A failure of the source
// itself (unreadable, binary, empty, malformed, truncated) is emitted as an
// Item with Err set, wrapped with the origin and what was being done; for a
// truncated gzip file the records decoded before the cut come first.
//
// stdin is read when src is "-"; it may be nil otherwise. Directories are
// expanded by Sources, not read: given one, Read reports a failure.
func (r *Reader) Read(ctx context.Context, src Source, stdin io.Reader, emit func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := &session{ctx: ctx, origin: src.Path, emit: emit}
	in, err := r.load(ctx, src, stdin)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return s.fail(err)
	}
	return r.parse(s, src.Format, in)
}

// load reads the bytes of src, enforcing the size limit and unpacking gzip.
func (r *Reader) load(ctx context.Context, src Source, stdin io.Reader) (*input, error) {
	var in *input
	switch {
	case src.IsStdin():
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		data, err := readLimited(stdin, r.opts.MaxBytes)
		if err != nil {
			return nil, err
		}
		in = &input{data: data}
	case src.IsURL():
		var err error
		if in, err = r.fetch(ctx, src.Path); err != nil {
			return nil, err
		}
	default:
		data, err := readFile(src.Path, r.opts.MaxBytes)
		if err != nil {
			return nil, err
		}
		in = &input{data: data, name: filepath.Base(src.Path)}
	}
	// A .gz name without gzip content happens when an HTTP transport has
	// already decompressed the body: only the name needs trimming then.
	if isGzip(in.data) {
		data, err := gunzip(in.data, r.opts.MaxBytes)
		if err != nil && len(data) == 0 {
			return nil, err
		}
		in.data, in.partial = data, err
	}
	in.name = trimExt(in.name, ".gz")
	return in, nil
}

// readFile reads the file at path, failing early when it is larger than max.
func readFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errors.New("is a directory")
	}
	if fi.Mode().IsRegular() && fi.Size() > max {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, fi.Size(), max)
	}
	return readLimited(f, max)
}

// parse detects the format of in and hands it to the matching reader.
func (r *Reader) parse(s *session, forced string, in *input) error {
	if in.partial == nil && isBlank(in.data) {
		return s.fail(ErrEmpty)
	}
	if isBinary(in.data) {
		return s.fail(ErrBinary)
	}
	format := forced
	if format == "" {
		format = detectFormat(in)
	}
	switch format {
	case "html":
		return r.readHTML(s, in)
	case "feed", "rss", "atom", "jsonfeed":
		return r.readFeed(s, in)
	case "json", "jsonl":
		return r.readJSON(s, in, format == "jsonl")
	case "text":
		return r.readText(s, in)
	case "tokenxml":
		return r.readTokenXML(s, in)
	default:
		return s.fail(fmt.Errorf("unknown format %q", format))
	}
}

// session carries what every format reader needs to emit results for one source.
type session struct {
	ctx    context.Context
	origin string
	emit   func(Item) error
}

// fail emits the failure of the whole source.
func (s *session) fail(err error) error {
	return s.emit(Item{Origin: s.origin, Err: fmt.Errorf("read %s: %w", s.origin, err)})
}

// failRecord emits the failure of record n (1-based).
func (s *session) failRecord(n int, err error) error {
	o := s.recordOrigin(n)
	return s.emit(Item{Origin: o, Err: fmt.Errorf("read %s: %w", o, err)})
}

// recordOrigin names record n of the source; n == 0 means the whole source.
func (s *session) recordOrigin(n int) string {
	if n == 0 {
		return s.origin
	}
	return fmt.Sprintf("%s#%d", s.origin, n)
}

// article finishes a and emits it as record n (0 for a single-record source).
func (s *session) article(a *Article, n int, format string) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	a.Origin = s.recordOrigin(n)
	a.Format = format
	finish(a)
	if a.Title == "" && a.Text == "" {
		return s.emit(Item{Origin: a.Origin, Err: fmt.Errorf("read %s: %w", a.Origin, ErrNoText)})
	}
	if a.ID == "" {
		a.ID = ContentID(a.Title, a.Text)
	}
	return s.emit(Item{Article: a, Origin: a.Origin})
}

// finish makes every string field valid, trimmed UTF-8 and keeps the date
// fields consistent.
func finish(a *Article) {
	for _, p := range []*string{&a.ID, &a.Title, &a.URL, &a.Source, &a.Author, &a.Language, &a.Place} {
		*p = oneLine(validUTF8(*p))
	}
	a.Text = strings.TrimSpace(validUTF8(a.Text))
	if a.Date.IsZero() {
		a.Date, a.DateSource, a.DateConfidence = time.Time{}, "", 0
	}
}

// validUTF8 returns s with invalid bytes replaced by U+FFFD and NULs dropped.
func validUTF8(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}

// oneLine collapses runs of white space in s into single spaces and trims it.
func oneLine(s string) string {
	if s == "" {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// trimExt removes ext (case-insensitively) from the end of name.
func trimExt(name, ext string) string {
	if len(name) >= len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext) {
		return name[:len(name)-len(ext)]
	}
	return name
}

// baseID is the document id of a single-document file: its name without
// extensions (".gz" already removed). It is empty for stdin and URLs.
func baseID(in *input) string {
	if in.url != "" || in.name == "" {
		return ""
	}
	name := in.name
	if ext := filepath.Ext(name); ext != "" && ext != name {
		name = name[:len(name)-len(ext)]
	}
	return name
}

package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// apiError is the one shape of every API error body:
// {"error": {"status": 404, "code": "not_found", "message": "..."}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorCodes names the HTTP statuses the API answers with.
var errorCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusUnprocessableEntity:   "unprocessable",
	http.StatusInternalServerError:   "internal",
	http.StatusServiceUnavailable:    "unavailable",
}

// writeAPIError answers with the API error shape.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", msg)
		s.metrics.errors.Add(1)
		msg = http.StatusText(status)
	}
	code := errorCodes[status]
	if code == "" {
		code = strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	}
	body, _ := json.Marshal(apiError{apiErrorBody{Status: status, Code: code, Message: msg}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// apiFail answers err with its status: 400 for a bad parameter, 404 for
// store.ErrNotFound, 500 otherwise.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	switch {
	case errors.As(err, &br):
		s.writeAPIError(w, r, http.StatusBadRequest, br.msg)
	case errors.Is(err, store.ErrNotFound):
		s.writeAPIError(w, r, http.StatusNotFound, err.Error())
	default:
		s.writeAPIError(w, r, http.StatusInternalServerError, err.Error())
	}
}

// writeJSON answers v as compact JSON with a strong ETag over the body, and 304
// when the request's If-None-Match holds it.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.writeAPIError(w, r, http.StatusInternalServerError, "encode response: "+err.Error())
		return
	}
	body = append(body, '\n')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	s.writeTagged(w, r, status, body)
}

// writeTagged writes body with an ETag, answering 304 to a matching
// If-None-Match on GET and HEAD.
func (s *Server) writeTagged(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	s.writeWithETag(w, r, status, body, etagOf(body))
}

// etagOf is the strong validator of a body: a hash of it.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// writeWithETag is writeTagged with the body's ETag computed already.
func (s *Server) writeWithETag(w http.ResponseWriter, r *http.Request, status int, body []byte, etag string) {
	h := w.Header()
	h.Set("ETag", etag)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) && etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match header lists etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// apiArticleSummary is an article in a listing: its metadata, no text.
type apiArticleSummary struct {
	ID             string    `json:"id"`
	Title          string    `json:"title"`
	URL            string    `json:"url,omitempty"`
	Source         string    `json:"source,omitempty"`
	Author         string    `json:"author,omitempty"`
	Language       string    `json:"language,omitempty"`
	Date           time.Time `json:"date,omitzero"`
	DateSource     string    `json:"date_source,omitempty"`
	DateConfidence float64   `json:"date_confidence,omitempty"`
	Place          string    `json:"place,omitempty"`
	Version        int       `json:"version"`
	IngestedAt     time.Time `json:"ingested_at"`
	Href           string    `json:"href"`
}

func summarise(r *store.Record) apiArticleSummary {
	return apiArticleSummary{
		ID: r.ID, Title: r.Title, URL: r.URL, Source: r.Source, Author: r.Author, Language: r.Language,
		Date: r.Date, DateSource: r.DateSource, DateConfidence: r.DateConfidence, Place: r.Place,
		Version: r.Version, IngestedAt: r.IngestedAt, Href: "/api/v1/articles/" + url.PathEscape(r.ID),
	}
}

// apiList is the shape of every paginated listing.
type apiList[T any] struct {
	Items  []T    `json:"items"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
	Next   string `json:"next,omitempty"`
}

// listOf is the listing of one page of items (more: another page
// follows), each converted by conv, with the link to the next page of
// path and query v.
func listOf[T, U any](items []T, more bool, p page, path string, v url.Values, conv func(T) U) apiList[U] {
	out := apiList[U]{Items: make([]U, 0, len(items)), Limit: p.Limit, Offset: p.Offset}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	out.Next = nextLink(path, v, p, more)
	return out
}

func nextLink(path string, v url.Values, p page, more bool) string {
	if !more {
		return ""
	}
	v.Set("offset", strconv.Itoa(p.Offset+p.Limit))
	v.Set("limit", strconv.Itoa(p.Limit))
	return path + "?" + v.Encode()
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	q, err := parseArticleQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	recs, more, err := s.listArticles(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, listOf(recs, more, q.page, r.URL.Path, q.values(), summarise))
}

// apiArticleFull is one article: every stored field, its text and its
// temporal expressions (byte offsets into text).
type apiArticleFull struct {
	*store.Record
	Timexes []timex.Timex `json:"timexes"`
}

// pathArticle returns the article the request's {id} names, with its
// temporal expressions.
func (s *Server) pathArticle(r *http.Request) (*store.Record, []timex.Timex, error) {
	rec, err := s.archive.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	tx, err := s.archive.Timexes(r.Context(), rec.ID)
	return rec, tx, err
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	rec, tx, err := s.pathArticle(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if tx == nil {
		tx = []timex.Timex{}
	}
	s.writeJSON(w, r, http.StatusOK, apiArticleFull{Record: rec, Timexes: tx})
}

// apiHit is one search result; Snippet keeps the store's control-character
// markers out: matched terms are listed as [start,end) byte ranges instead.
type apiHit struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Date       time.Time `json:"date,omitzero"`
	Source     string    `json:"source,omitempty"`
	Snippet    string    `json:"snippet"`
	Highlights [][2]int  `json:"highlights"`
	Score      float64   `json:"score"`
	Href       string    `json:"href"`
}

func toAPIHit(h store.Hit) apiHit {
	text, marks := splitHighlights(h.Snippet)
	return apiHit{ID: h.ID, Title: h.Title, Date: h.Date, Source: h.Source, Snippet: text,
		Highlights: marks, Score: h.Score, Href: "/api/v1/articles/" + url.PathEscape(h.ID)}
}

// splitHighlights removes the highlight markers from a snippet and returns
// the byte ranges they surrounded.
func splitHighlights(s string) (string, [][2]int) {
	var b strings.Builder
	marks := [][2]int{}
	start := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case store.HighlightStart[0]:
			start = b.Len()
		case store.HighlightEnd[0]:
			if start >= 0 {
				marks = append(marks, [2]int{start, b.Len()})
			}
			start = -1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), marks
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearchQuery(r.URL.Query(), 20)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if q.Q == "" {
		s.writeAPIError(w, r, http.StatusBadRequest, "missing query parameter q")
		return
	}
	hits, more, err := s.search(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, listOf(hits, more, q.page, r.URL.Path, url.Values{"q": {q.Q}}, toAPIHit))
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, st)
}

// apiIngestResult is the answer to POST /api/v1/articles.
type apiIngestResult struct {
	Read      int      `json:"read"`
	Added     int      `json:"new"`
	Updated   int      `json:"updated"`
	Renamed   int      `json:"renamed"`
	Duplicate int      `json:"duplicate"`
	Failed    int      `json:"failed"`
	IDs       []string `json:"ids"`
	Failures  []string `json:"failures,omitempty"`
}

// apiIngest reads the body (JSON: one article object or an array, in the
// reader's JSON format; or raw text or HTML) and runs it through the ingest
// pipeline: clean, analyse, store.
func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ingester == nil {
		s.writeAPIError(w, r, http.StatusServiceUnavailable, "this server does not ingest")
		return
	}
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	switch {
	case ct == "", strings.HasPrefix(ct, "application/json"), strings.HasPrefix(ct, "application/x-ndjson"),
		strings.HasPrefix(ct, "text/"), strings.HasPrefix(ct, "application/xhtml"),
		strings.HasPrefix(ct, "application/rss"), strings.HasPrefix(ct, "application/atom"),
		strings.HasPrefix(ct, "application/xml"), strings.HasPrefix(ct, "application/octet-stream"):
	default:
		s.writeAPIError(w, r, http.StatusUnsupportedMediaType, "send JSON, text or HTML")
		return
	}
	body, err := readBody(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.writeAPIError(w, r, http.StatusRequestEntityTooLarge, "body larger than "+strconv.FormatInt(mbe.Limit, 10)+" bytes")
			return
		}
		s.writeAPIError(w, r, http.StatusBadRequest, "read body: "+err.Error())
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		s.writeAPIError(w, r, http.StatusBadRequest, "empty body")
		return
	}
	if strings.HasPrefix(ct, "application/json") && !json.Valid(body) {
		s.writeAPIError(w, r, http.StatusBadRequest, "body is not valid JSON")
		return
	}
	s.ingestMu.Lock()
	sum, err := s.opts.Ingester.Ingest(r.Context(), []string{"-"}, bytes.NewReader(body))
	s.ingestMu.Unlock()
	s.metrics.countIngest(sum)
	if sum.Added > 0 || sum.Updated > 0 || sum.Renamed > 0 {
		s.invalidateStats()
	}
	if err != nil {
		s.writeAPIError(w, r, http.StatusInternalServerError, "ingest: "+err.Error())
		return
	}
	res := apiIngestResult{Read: sum.Read, Added: sum.Added, Updated: sum.Updated, Renamed: sum.Renamed, Duplicate: sum.Duplicate,
		Failed: sum.Failed, IDs: sum.IDs}
	if res.IDs == nil {
		res.IDs = []string{}
	}
	for _, f := range sum.Failures {
		res.Failures = append(res.Failures, f.Err)
	}
	if sum.Read == 0 {
		msg := "no article could be read from the body"
		if len(res.Failures) > 0 {
			msg += ": " + res.Failures[0]
		}
		s.writeAPIError(w, r, http.StatusUnprocessableEntity, msg)
		return
	}
	status := http.StatusOK
	if sum.Added > 0 || sum.Updated > 0 || sum.Renamed > 0 {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, res)
}

// requireToken refuses a request without the configured bearer token.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Token == "" {
			next.ServeHTTP(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.opts.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
			s.writeAPIError(w, r, http.StatusUnauthorized, "a valid bearer token is required")
			return
		}
		next.ServeHTTP(w, r)
	})
}

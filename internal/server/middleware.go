package server

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// contentSecurityPolicy allows the page's own scripts, styles and images
// only: no inline script or style, no framing, forms post to the site.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every request body at MaxBodyBytes.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a handler's panic into a logged 500.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				s.metrics.errors.Add(1)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (sr *statusRecorder) WriteHeader(code int) {
	if sr.status == 0 {
		sr.status = code
	}
	sr.ResponseWriter.WriteHeader(code)
}

func (sr *statusRecorder) Write(b []byte) (int, error) {
	if sr.status == 0 {
		sr.status = http.StatusOK
	}
	return sr.ResponseWriter.Write(b)
}

func (sr *statusRecorder) Unwrap() http.ResponseWriter { return sr.ResponseWriter }

// instrument counts requests and their duration under the route's pattern.
func (s *Server) instrument(pattern string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sr := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(sr, r)
		if sr.status == 0 {
			sr.status = http.StatusOK
		}
		s.metrics.observe(pattern, sr.status, time.Since(start))
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sr.status, "elapsed", time.Since(start))
	})
}

// notFound answers a request no route takes: 405 with an Allow header when
// the path has routes for other methods, else 404; in the API error shape
// under /api/, as a page otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.routeMux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	status, msg := http.StatusNotFound, "no such route: "+r.Method+" "+r.URL.Path
	if len(allowed) > 0 {
		if slices.Contains(allowed, http.MethodGet) {
			allowed = append(allowed, http.MethodHead)
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		status, msg = http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; allowed: "+strings.Join(allowed, ", ")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeAPIError(w, r, status, msg)
		return
	}
	if status == http.StatusNotFound {
		msg = "There is no page at this address."
	}
	s.pageError(w, r, status, msg)
}

// readBody reads a (size-limited) request body.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	return io.ReadAll(r.Body)
}

// healthz answers 200 "ok" when the archive answers, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if _, err := s.archive.Stats(r.Context()); err != nil {
		s.log.Error("health check failed", "error", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "archive unavailable\n")
		return
	}
	io.WriteString(w, "ok\n")
}

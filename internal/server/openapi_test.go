package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// openAPI is the part of an OpenAPI 3 document the tests read.
type openAPI struct {
	OpenAPI string                              `json:"openapi"`
	Paths   map[string]map[string]openAPIOp     `json:"paths"`
	Comps   struct{ Schemas map[string]schema } `json:"components"`
}

type openAPIOp struct {
	OperationID string                     `json:"operationId"`
	Responses   map[string]openAPIResponse `json:"responses"`
}

type openAPIResponse struct {
	Content map[string]struct {
		Schema schema `json:"schema"`
	} `json:"content"`
}

type schema struct {
	Ref        string            `json:"$ref"`
	Type       string            `json:"type"`
	Required   []string          `json:"required"`
	Properties map[string]schema `json:"properties"`
	Items      *schema           `json:"items"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	return &doc
}

func (d *openAPI) resolve(s schema) schema {
	for s.Ref != "" {
		s = d.Comps.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// TestOpenAPIMatchesRoutes checks that the document describes every API
// route of the route table, and nothing that is not one.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	s, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			described[strings.ToUpper(method)+" "+path] = true
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s %s: no operationId or responses", method, path)
			}
		}
	}
	for _, rt := range s.routes() {
		key := rt.Method + " " + rt.Pattern
		if !rt.API {
			if strings.HasPrefix(rt.Pattern, "/api/") {
				t.Errorf("%s: under /api/ but not marked API", key)
			}
			continue
		}
		if !described[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
		delete(described, key)
	}
	for key := range described {
		t.Errorf("openapi.json describes %s, which is no route", key)
	}
}

// checkAgainstOpenAPI checks that the document declares the status of a
// response to an API route, and that a JSON body holds the schema's
// required fields (and those of its list items).
func checkAgainstOpenAPI(t *testing.T, doc *openAPI, s *Server, req *http.Request, status int, body []byte) {
	t.Helper()
	_, pattern := s.routeMux.Handler(req)
	if pattern == "" {
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: no route, status %d", req.Method, req.URL.Path, status)
		}
		return
	}
	method, path, _ := strings.Cut(pattern, " ")
	op, ok := doc.Paths[path][strings.ToLower(method)]
	if !ok {
		t.Errorf("%s: not in openapi.json", pattern)
		return
	}
	resp, ok := op.Responses[strconv.Itoa(status)]
	if !ok {
		t.Errorf("%s: status %d not declared in openapi.json", pattern, status)
		return
	}
	media, ok := resp.Content["application/json"]
	if !ok || len(body) == 0 {
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("%s: body is not JSON: %v", pattern, err)
		return
	}
	checkRequired(t, doc, pattern, doc.resolve(media.Schema), v)
}

func checkRequired(t *testing.T, doc *openAPI, where string, sc schema, v any) {
	t.Helper()
	switch val := v.(type) {
	case map[string]any:
		for _, f := range sc.Required {
			if _, ok := val[f]; !ok {
				t.Errorf("%s: response lacks required field %q", where, f)
			}
		}
		for name, sub := range sc.Properties {
			if fv, ok := val[name]; ok {
				checkRequired(t, doc, where+"."+name, doc.resolve(sub), fv)
			}
		}
	case []any:
		if sc.Items != nil {
			for _, it := range val {
				checkRequired(t, doc, where+"[]", doc.resolve(*sc.Items), it)
			}
		}
	}
}

// TestEveryAPIRouteAnswersPerOpenAPI calls every API route and checks the
// answers against the document.
func TestEveryAPIRouteAnswersPerOpenAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	ts := newTestServer(t, Options{})
	srv, err := New(ts.st, Options{Ingester: nil})
	if err != nil {
		t.Fatal(err)
	}
	x, err := loadIndex(context.Background(), ts.st, nil)
	if err != nil {
		t.Fatal(err)
	}
	evID := store.StoredEvent{Doc: "xss-1"}.ID()
	enID := x.entities[0].ID
	var stID string
	err = ts.st.Stories(context.Background(), func(st store.Story) error {
		if stID == "" {
			stID = st.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stID == "" {
		t.Fatal("the fixtures form no story")
	}
	calls := []struct{ method, path, body string }{
		{"GET", "/api/v1/events?limit=2", ""},
		{"GET", "/api/v1/events?entity=Wang+Yi&status=happened&from=2024-01-01&to=2024-12-31", ""},
		{"GET", "/api/v1/events?kind=party", ""},
		{"GET", "/api/v1/events?story=" + stID, ""},
		{"GET", "/api/v1/events/" + evID, ""},
		{"GET", "/api/v1/events/ev-000000000000", ""},
		{"GET", "/api/v1/entities?type=PER&limit=3", ""},
		{"GET", "/api/v1/entities?type=X", ""},
		{"GET", "/api/v1/entities/" + enID, ""},
		{"GET", "/api/v1/entities/en-missing", ""},
		{"GET", "/api/v1/timeline?q=Blinken&dates=3&per_date=2", ""},
		{"GET", "/api/v1/timeline", ""},
		{"GET", "/api/v1/timeline?dates=0", ""},
		{"GET", "/api/v1/stories?limit=2", ""},
		{"GET", "/api/v1/stories?limit=x", ""},
		{"GET", "/api/v1/stories/" + stID, ""},
		{"GET", "/api/v1/stories/st-missing", ""},
		{"GET", "/api/v1/stories/" + stID + "/events?status=happened&entity=Wang+Yi", ""},
		{"GET", "/api/v1/stories/" + stID + "/events?status=x", ""},
		{"GET", "/api/v1/stories/st-missing/events", ""},
		{"GET", "/api/v1/stories/" + stID + "/timeline?dates=3", ""},
		{"GET", "/api/v1/stories/" + stID + "/timeline?dates=0", ""},
		{"GET", "/api/v1/stories/st-missing/timeline", ""},
		{"GET", "/api/openapi.json", ""},
		{"GET", "/api/v1/stats", ""},
		{"GET", "/api/v1/articles?limit=3", ""},
		{"GET", "/api/v1/articles?from=bad", ""},
		{"GET", "/api/v1/articles/004_869f1232419da740", ""},
		{"GET", "/api/v1/articles/missing", ""},
		{"GET", "/api/v1/search?q=Taiwan", ""},
		{"GET", "/api/v1/search", ""},
		{"POST", "/api/v1/articles", `{"id":"p1","text":"Envoys met in Oslo on Monday."}`},
		{"GET", "/healthz", ""},
		{"GET", "/metrics", ""},
		{"DELETE", "/api/v1/stats", ""},
	}
	called := map[string]bool{}
	for _, c := range calls {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		checkAgainstOpenAPI(t, doc, srv, req, rec.Code, rec.Body.Bytes())
		if _, p := srv.routeMux.Handler(req); p != "" {
			called[p] = true
		}
	}
	for _, rt := range srv.routes() {
		if rt.API && !called[rt.Method+" "+rt.Pattern] {
			t.Errorf("route %s %s not exercised", rt.Method, rt.Pattern)
		}
	}
}

package server

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3 description of the JSON API. A test checks
// that it describes every API route of the route table and nothing else.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	s.writeTagged(w, r, http.StatusOK, openAPIDoc)
}

package server

import "net/http"

// route is one entry of the route table: the mux pattern's method and path,
// and whether the OpenAPI document must describe it.
type route struct {
	Method  string
	Pattern string
	Handler http.Handler
	// API routes are described in the OpenAPI document (a test checks it).
	API bool
}

// routes is the route table. New routes are added here,
// with their entry in openapi.json for API routes.
func (s *Server) routes() []route {
	h := func(f func(http.ResponseWriter, *http.Request)) http.Handler { return http.HandlerFunc(f) }
	return []route{
		// JSON API.
		{http.MethodGet, "/api/openapi.json", h(s.apiOpenAPI), true},
		{http.MethodGet, "/api/v1/stats", h(s.apiStats), true},
		{http.MethodGet, "/api/v1/articles", h(s.apiArticles), true},
		{http.MethodPost, "/api/v1/articles", s.requireToken(h(s.apiIngest)), true},
		{http.MethodGet, "/api/v1/articles/{id}", h(s.apiArticle), true},
		{http.MethodGet, "/api/v1/search", h(s.apiSearch), true},
		{http.MethodGet, "/api/v1/events", h(s.apiEvents), true},
		{http.MethodGet, "/api/v1/events/{id}", h(s.apiEvent), true},
		{http.MethodGet, "/api/v1/entities", h(s.apiEntities), true},
		{http.MethodGet, "/api/v1/entities/{id}", h(s.apiEntity), true},
		{http.MethodGet, "/api/v1/timeline", h(s.apiTimeline), true},
		{http.MethodGet, "/api/v1/stories", h(s.apiStories), true},
		{http.MethodGet, "/api/v1/stories/{id}", h(s.apiStory), true},
		{http.MethodGet, "/api/v1/stories/{id}/events", h(s.apiStoryEvents), true},
		{http.MethodGet, "/api/v1/stories/{id}/timeline", h(s.apiStoryTimeline), true},
		// Operations.
		{http.MethodGet, "/healthz", h(s.healthz), true},
		{http.MethodGet, "/metrics", h(s.serveMetrics), true},
		// Web pages.
		{http.MethodGet, "/{$}", h(s.pageHome), false},
		{http.MethodGet, "/articles", h(s.pageArticles), false},
		{http.MethodGet, "/articles/{id}", h(s.pageArticle), false},
		{http.MethodGet, "/search", h(s.pageSearch), false},
		{http.MethodGet, "/events", h(s.pageEvents), false},
		{http.MethodGet, "/events/{id}", h(s.pageEvent), false},
		{http.MethodGet, "/entities", h(s.pageEntities), false},
		{http.MethodGet, "/entities/{id}", h(s.pageEntity), false},
		{http.MethodGet, "/timeline", h(s.pageTimeline), false},
		{http.MethodGet, "/stories", h(s.pageStories), false},
		{http.MethodGet, "/stories/{id}", h(s.pageStory), false},
		{http.MethodGet, "/static/", staticHandler(), false},
		// Atom feeds.
		{http.MethodGet, "/feeds/articles.atom", h(s.feedArticles), false},
		{http.MethodGet, "/feeds/search.atom", h(s.feedSearch), false},
		{http.MethodGet, "/feeds/events.atom", h(s.feedEvents), false},
		{http.MethodGet, "/feeds/entities/{file}", h(s.feedEntity), false},
		{http.MethodGet, "/feeds/stories/{file}", h(s.feedStory), false},
	}
}

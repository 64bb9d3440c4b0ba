package jikotest

import (
	"net/http"

	"github.com/jiko-go/jiko/api"
	"github.com/jiko-go/jiko/internal/apihook"
)

// The OpenAPI document of the API as this module knows it, served without
// credentials at GET /openapi.json, so that a team in any language can
// generate a client from the server it tests against.

func init() { resources = append(resources, registerOpenAPI) }

func registerOpenAPI(s *Server) {
	s.route("GET /openapi.json", public, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(api.OpenAPI)
	})
}

// observe reports a handled request and its answer to the tests' hook.
func (s *Server) observe(r *http.Request, body []byte, resp *stored) {
	if h := apihook.Answer; h != nil && resp != nil {
		h(r, body, resp.status, resp.header, resp.body)
	}
}

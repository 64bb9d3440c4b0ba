package jikotest

import (
	"encoding/json"
	"net/http"

	"github.com/jiko-go/jiko/internal/ops"
)

func init() { resources = append(resources, registerAuth, registerHealth) }

// registerAuth answers POST /api/v1/login/ with a bearer token that lives
// for the server's token lifetime.
func registerAuth(s *Server) {
	s.mount(ops.Login, func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Username *string `json:"username"`
			Password *string `json:"password"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": []issue{{Loc: []any{"body"}, Msg: "value is not a valid dict", Type: "type_error.dict"}}})
			return
		}
		var missing []issue
		if in.Username == nil {
			missing = append(missing, issue{Loc: []any{"body", "username"}, Msg: "field required", Type: "value_error.missing"})
		}
		if in.Password == nil {
			missing = append(missing, issue{Loc: []any{"body", "password"}, Msg: "field required", Type: "value_error.missing"})
		}
		if len(missing) > 0 {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": missing})
			return
		}
		if *in.Username != s.username || *in.Password != s.password {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": "Incorrect username or password"})
			return
		}
		token := randomText(43) + "="
		s.mu.Lock()
		expires := s.now().Add(s.tokenLifetime)
		s.tokens[token] = expires
		s.logins++
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]string{"token": token, "expires": expires.UTC().Format("2006-01-02T15:04:05.999999-07:00")})
	})
}

// registerHealth answers GET /health, which takes no credentials.
func registerHealth(s *Server) {
	s.mount(ops.HealthCheck, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, "OK")
	})
}

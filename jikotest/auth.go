package jikotest

import (
	"net/http"

	"github.com/jiko-go/jiko/internal/ops"
)

func init() { resources = append(resources, registerAuth, registerHealth) }

// registerAuth answers POST /api/v1/login/ with a bearer token that lives
// for the server's token lifetime.
func registerAuth(s *Server) {
	s.mount(ops.Login, func(w http.ResponseWriter, r *http.Request) {
		b, ok := readBody(w, r)
		if !ok {
			return
		}
		username, password := b.str("username", true, 0), b.str("password", true, 0)
		if b.failed(w) {
			return
		}
		if username != s.username || password != s.password {
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

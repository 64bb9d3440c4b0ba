package jikotest

import (
	"net/http"

	"github.com/jiko-go/jiko/internal/ops"
)

// This file mounts the fake's handlers on the table of the API's
// operations (internal/ops): each operation's method, path and credentials
// are its entry's, written once for the SDK, this server and the probe.

// mount serves op with h at op.Pattern(), taking the credentials op.Auth
// declares. A handler that reads a path placeholder under another name
// than the table's gives the pair as a rename.
func (s *Server) mount(op *ops.Op, h http.HandlerFunc, renames ...rename) {
	if len(renames) > 0 {
		next := h
		h = func(w http.ResponseWriter, r *http.Request) {
			for _, rn := range renames {
				r.SetPathValue(rn.handler, r.PathValue(rn.table))
			}
			next(w, r)
		}
	}
	s.route(op.Pattern(), authOf(op.Auth), h)
	s.ops[op.Pattern()] = op
}

// rename gives a path placeholder of the table (account_id) the name a
// handler reads it by (pocket_id: a v1 account_id is a Pocket id).
type rename struct{ table, handler string }

// route adds a handler at a net/http pattern with the credentials a: the
// operations' (see mount), or jikotest's own pages that are not API
// operations (the short-lived document links).
func (s *Server) route(pattern string, a auth, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	s.auth[pattern] = a
}

// authOf is the server's name for the credentials an operation takes.
func authOf(a ops.Auth) auth {
	switch a {
	case ops.Unsigned:
		return unsigned
	case ops.Public:
		return public
	}
	return signed
}

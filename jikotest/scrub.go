package jikotest

import (
	"encoding/json"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// redacted stands for a secret the controls do not show.
const redacted = "[REDACTED]"

// scrubbed returns a copy of r fit for an output a person or a log reads
// (the controls' /_jikotest/requests): the bearer token and the signature
// are replaced by [REDACTED], and so are the body members the operations
// table names as secrets (the login's password, a subscription's shared
// secret, a PIN) and a PIN's ciphertext. [Server.Requests] keeps the
// requests as received, for a Go test's exact assertions.
func (r Request) scrubbed() Request {
	r.Header = r.Header.Clone()
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, _, _ := strings.Cut(auth, " ")
		r.Header.Set("Authorization", scheme+" "+redacted)
	}
	if r.Header.Get("X-Jiko-Signature") != "" {
		r.Header.Set("X-Jiko-Signature", redacted)
	}
	secrets := secretMembers(r.op)
	if len(secrets) == 0 || len(r.Body) == 0 {
		return r
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(r.Body, &fields) != nil {
		r.Body = []byte(redacted) // not JSON: nothing of it is shown
		return r
	}
	for _, name := range secrets {
		if _, ok := fields[name]; ok {
			fields[name] = json.RawMessage(`"` + redacted + `"`)
		}
	}
	r.Body, _ = json.Marshal(fields)
	return r
}

// secretMembers returns the body members of a request to op (nil for no
// operation) whose values are secrets, as the operations table names
// them, with encrypted_pin for an operation whose secret is the PIN.
func secretMembers(op *ops.Op) []string {
	if op == nil {
		return nil
	}
	out := op.Secrets
	for _, s := range op.Secrets {
		if s == "pin" {
			out = append(out[:len(out):len(out)], "encrypted_pin")
		}
	}
	return out
}

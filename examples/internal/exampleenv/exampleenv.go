// Package exampleenv connects the example programs to a Jiko sandbox from
// the JIKO_* environment variables, or starts the in-process fake API when
// none is set, so that every example runs offline by default.
package exampleenv

import (
	"errors"
	"fmt"
	"io"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
)

// sandboxVars are the variables every example reads to reach a sandbox.
var sandboxVars = []string{"JIKO_PARTNER", "JIKO_BASE_URL", "JIKO_USERNAME", "JIKO_PASSWORD", "JIKO_SIGNING_SECRET"}

// Configured reports whether any JIKO_* variable the example reads (the
// common ones and extra) is set.
func Configured(getenv func(string) string, extra ...string) bool {
	for _, v := range append(sandboxVars[:len(sandboxVars):len(sandboxVars)], extra...) {
		if getenv(v) != "" {
			return true
		}
	}
	return false
}

// Connect builds a client for the sandbox the variables name. Every
// variable in extra must be set too. The error names the variable that is
// missing or bad.
func Connect(getenv func(string) string, extra ...string) (*jiko.Client, error) {
	var where jiko.Option
	name := "JIKO_PARTNER"
	switch partner, baseURL := getenv("JIKO_PARTNER"), getenv("JIKO_BASE_URL"); {
	case partner != "" && baseURL != "":
		return nil, errors.New("set JIKO_PARTNER or JIKO_BASE_URL, not both")
	case partner != "":
		where = jiko.WithPartner(partner, jiko.Sandbox)
	case baseURL != "":
		where, name = jiko.WithBaseURL(baseURL), "JIKO_BASE_URL"
	default:
		return nil, errors.New("JIKO_PARTNER is not set (or set JIKO_BASE_URL)")
	}
	for _, v := range append(sandboxVars[2:len(sandboxVars):len(sandboxVars)], extra...) {
		if getenv(v) == "" {
			return nil, fmt.Errorf("%s is not set", v)
		}
	}
	// Check the address alone first, so that its error names its variable.
	if _, err := jiko.NewClient(where, jiko.WithCredentials("u", "p"), jiko.WithSigningSecret("s")); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c, err := jiko.NewClient(where,
		jiko.WithCredentials(getenv("JIKO_USERNAME"), getenv("JIKO_PASSWORD")),
		jiko.WithSigningSecret(getenv("JIKO_SIGNING_SECRET")),
	)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Offline starts the in-process fake API and a client wired to it, and
// says so on out. Close the server when done.
func Offline(out io.Writer, opts ...jikotest.Option) (*jiko.Client, *jikotest.Server, error) {
	srv := jikotest.NewServer(opts...)
	c, err := jiko.NewClient(srv.ClientOptions()...)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	fmt.Fprintln(out, "No JIKO_* variables set: using the in-process fake Jiko API.")
	return c, srv, nil
}

// Env returns a getenv function over m, for the examples' tests.
func Env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// Package exampleenv connects the example programs to a Jiko sandbox from
// the JIKO_* environment variables, or starts the in-process fake API when
// none is set, so that every example runs offline by default.
package exampleenv

import (
	"fmt"
	"io"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/envconfig"
	"github.com/jiko-go/jiko/jikotest"
)

// Configured reports whether any JIKO_* variable the example reads (the
// common ones and extra) is set.
func Configured(getenv func(string) string, extra ...string) bool {
	return envconfig.Configured(getenv, extra...)
}

// Connect builds a client for the sandbox the variables name. Every
// variable in extra must be set too. The error names the variable that is
// missing or bad.
func Connect(getenv func(string) string, extra ...string) (*jiko.Client, error) {
	return envconfig.Connect(getenv, extra)
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

// Package envconfig reads the JIKO_* environment variables that name a Jiko
// deployment and the partner's credentials, for the example programs and
// the jiko command: JIKO_PARTNER (with JIKO_ENVIRONMENT, sandbox by
// default) or JIKO_BASE_URL, then JIKO_USERNAME, JIKO_PASSWORD and
// JIKO_SIGNING_SECRET.
package envconfig

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jiko-go/jiko"
)

// Vars are the variables that reach a deployment.
var Vars = []string{"JIKO_PARTNER", "JIKO_BASE_URL", "JIKO_USERNAME", "JIKO_PASSWORD", "JIKO_SIGNING_SECRET"}

// productionHostSuffix ends the host of every production deployment, as
// jiko.WithPartner builds it for jiko.Production.
const productionHostSuffix = ".partner-api.jikoservices.com"

// Configured reports whether any of Vars, or of extra, is set.
func Configured(getenv func(string) string, extra ...string) bool {
	for _, v := range append(Vars[:len(Vars):len(Vars)], extra...) {
		if getenv(v) != "" {
			return true
		}
	}
	return false
}

// Target is the deployment the variables name.
type Target struct {
	// Option addresses it: WithPartner or WithBaseURL.
	Option jiko.Option
	// Var is the variable it came from, for error messages.
	Var string
	// Production is true for WithPartner(..., jiko.Production) and for a
	// base URL whose host is a production host.
	Production bool
}

// Address reads JIKO_PARTNER and JIKO_ENVIRONMENT, or JIKO_BASE_URL. The
// error names the variable that is missing or bad.
func Address(getenv func(string) string) (Target, error) {
	partner, baseURL := getenv("JIKO_PARTNER"), getenv("JIKO_BASE_URL")
	var t Target
	switch {
	case partner != "" && baseURL != "":
		return t, errors.New("set JIKO_PARTNER or JIKO_BASE_URL, not both")
	case partner != "":
		env := jiko.Sandbox
		switch e := getenv("JIKO_ENVIRONMENT"); e {
		case "", "sandbox":
		case "production":
			env = jiko.Production
		default:
			return t, fmt.Errorf("JIKO_ENVIRONMENT: %q is neither sandbox nor production", e)
		}
		t = Target{Option: jiko.WithPartner(partner, env), Var: "JIKO_PARTNER", Production: env == jiko.Production}
	case baseURL != "":
		t = Target{Option: jiko.WithBaseURL(baseURL), Var: "JIKO_BASE_URL"}
		if u, err := url.Parse(baseURL); err == nil {
			t.Production = strings.HasSuffix(strings.ToLower(u.Hostname()), productionHostSuffix)
		}
	default:
		return t, errors.New("JIKO_PARTNER is not set (or set JIKO_BASE_URL)")
	}
	// Check the address alone first, so that its error names its variable.
	if _, err := jiko.NewClient(t.Option, jiko.WithCredentials("u", "p"), jiko.WithSigningSecret("s")); err != nil {
		return t, fmt.Errorf("%s: %w", t.Var, err)
	}
	return t, nil
}

// Connect builds a client for the deployment the variables name, with opts
// after the variables' own. Every variable in extra must be set too. The
// error names the variable that is missing or bad.
func Connect(getenv func(string) string, extra []string, opts ...jiko.Option) (*jiko.Client, error) {
	t, err := Address(getenv)
	if err != nil {
		return nil, err
	}
	return t.Connect(getenv, extra, opts...)
}

// Connect builds a client for t with the credentials the variables hold;
// see [Connect].
func (t Target) Connect(getenv func(string) string, extra []string, opts ...jiko.Option) (*jiko.Client, error) {
	for _, v := range append(Vars[2:len(Vars):len(Vars)], extra...) {
		if getenv(v) == "" {
			return nil, fmt.Errorf("%s is not set", v)
		}
	}
	return jiko.NewClient(append([]jiko.Option{t.Option,
		jiko.WithCredentials(getenv("JIKO_USERNAME"), getenv("JIKO_PASSWORD")),
		jiko.WithSigningSecret(getenv("JIKO_SIGNING_SECRET")),
	}, opts...)...)
}

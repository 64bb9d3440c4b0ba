// Package envconfig reads the JIKO_* environment variables that name a Jiko
// deployment and the partner's credentials, for the example programs and
// the jiko command: JIKO_PARTNER (with JIKO_ENVIRONMENT, sandbox by
// default) or JIKO_BASE_URL, then JIKO_USERNAME, JIKO_PASSWORD and
// JIKO_SIGNING_SECRET.
package envconfig

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/jiko-go/jiko"
)

// Vars are the variables that reach a deployment.
var Vars = []string{"JIKO_PARTNER", "JIKO_BASE_URL", "JIKO_USERNAME", "JIKO_PASSWORD", "JIKO_SIGNING_SECRET"}

// sandboxHostSuffix ends the host of every sandbox deployment, as
// jiko.WithPartner builds it for jiko.Sandbox: {partner} and this.
const sandboxHostSuffix = ".sandbox-api.jikoservices.com"

// The environments a target's host is sorted into.
const (
	// Sandbox is {partner}.sandbox-api.jikoservices.com.
	Sandbox = "sandbox"
	// Loopback is localhost or a loopback address (jiko serve, jikotest).
	Loopback = "loopback"
	// Production is any other host: Jiko's production hosts, and any host
	// not positively a sandbox or a loopback address.
	Production = "production"
)

// Classify sorts the host of a base URL into Sandbox, Loopback or
// Production, after normalising it: case, a trailing dot and a port do
// not matter; an IP literal is Loopback only when it is a loopback
// address; a sandbox host is exactly one DNS label (letters, digits and
// '-', not an "xn--" look-alike) followed by .sandbox-api.jikoservices.com.
// Anything else, a look-alike included, is Production. It returns the
// normalised host too.
func Classify(baseURL string) (env, host string) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return Production, ""
	}
	host = strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsLoopback() {
			return Loopback, host
		}
		return Production, host
	}
	if host == "localhost" {
		return Loopback, host
	}
	if label, ok := strings.CutSuffix(host, sandboxHostSuffix); ok && sandboxLabel(label) {
		return Sandbox, host
	}
	return Production, host
}

// sandboxLabel reports whether label can be a partner's name in a sandbox
// host.
func sandboxLabel(label string) bool {
	if label == "" || len(label) > 63 || strings.HasPrefix(label, "xn--") || label[0] == '-' || label[len(label)-1] == '-' {
		return false
	}
	for _, r := range label {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

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
	Option jiko.ClientOption
	// Var is the variable it came from, for error messages.
	Var string
	// Environment is Sandbox, Loopback or Production (see [Classify]);
	// JIKO_PARTNER with JIKO_ENVIRONMENT=production is Production.
	Environment string
	// Host is the deployment's host, normalised.
	Host string
	// Production is true when Environment is Production: the host is not
	// positively a sandbox or a loopback address.
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
		t = Target{Option: jiko.WithPartner(partner, env), Var: "JIKO_PARTNER", Environment: Sandbox, Host: strings.ToLower(partner) + sandboxHostSuffix}
		if env == jiko.Production {
			t.Environment, t.Host = Production, strings.ToLower(partner)+".partner-api.jikoservices.com"
		}
	case baseURL != "":
		t = Target{Option: jiko.WithBaseURL(baseURL), Var: "JIKO_BASE_URL"}
		t.Environment, t.Host = Classify(baseURL)
	default:
		return t, errors.New("JIKO_PARTNER is not set (or set JIKO_BASE_URL)")
	}
	t.Production = t.Environment == Production
	// Check the address alone first, so that its error names its variable.
	if _, err := jiko.NewClient(t.Option, jiko.WithCredentials("u", "p"), jiko.WithSigningSecret("s")); err != nil {
		return t, fmt.Errorf("%s: %w", t.Var, err)
	}
	return t, nil
}

// Connect builds a client for the deployment the variables name, with opts
// after the variables' own. Every variable in extra must be set too. The
// error names the variable that is missing or bad.
func Connect(getenv func(string) string, extra []string, opts ...jiko.ClientOption) (*jiko.Client, error) {
	t, err := Address(getenv)
	if err != nil {
		return nil, err
	}
	return t.Connect(getenv, extra, opts...)
}

// Connect builds a client for t with the credentials the variables hold;
// see [Connect].
func (t Target) Connect(getenv func(string) string, extra []string, opts ...jiko.ClientOption) (*jiko.Client, error) {
	for _, v := range append(Vars[2:len(Vars):len(Vars)], extra...) {
		if getenv(v) == "" {
			return nil, fmt.Errorf("%s is not set", v)
		}
	}
	return jiko.NewClient(append([]jiko.ClientOption{t.Option,
		jiko.WithCredentials(getenv("JIKO_USERNAME"), getenv("JIKO_PASSWORD")),
		jiko.WithSigningSecret(getenv("JIKO_SIGNING_SECRET")),
	}, opts...)...)
}

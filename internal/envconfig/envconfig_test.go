package envconfig

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestAddress(t *testing.T) {
	for _, c := range []struct {
		vars       map[string]string
		production bool
		err        string
	}{
		{vars: map[string]string{"JIKO_PARTNER": "acme"}},
		{vars: map[string]string{"JIKO_PARTNER": "acme", "JIKO_ENVIRONMENT": "sandbox"}},
		{vars: map[string]string{"JIKO_PARTNER": "acme", "JIKO_ENVIRONMENT": "production"}, production: true},
		{vars: map[string]string{"JIKO_BASE_URL": "https://acme.partner-api.jikoservices.com"}, production: true},
		{vars: map[string]string{"JIKO_BASE_URL": "https://ACME.Partner-API.jikoservices.com/"}, production: true},
		{vars: map[string]string{"JIKO_BASE_URL": "https://acme.sandbox-api.jikoservices.com"}},
		{vars: map[string]string{"JIKO_BASE_URL": "http://127.0.0.1:8080"}},
		{vars: map[string]string{"JIKO_BASE_URL": "https://acme.partner-api.jikoservices.com./"}, production: true},
		{vars: map[string]string{"JIKO_BASE_URL": "https://acme.sandbox-api.jikoservices.com.evil.example"}, production: true},
		{vars: map[string]string{"JIKO_BASE_URL": "https://jiko.example.com"}, production: true},
		{vars: map[string]string{"JIKO_PARTNER": "acme", "JIKO_ENVIRONMENT": "prod"}, err: `JIKO_ENVIRONMENT: "prod" is neither sandbox nor production`},
		{vars: map[string]string{"JIKO_PARTNER": "a b"}, err: "JIKO_PARTNER: "},
		{vars: map[string]string{"JIKO_BASE_URL": "http://jiko.example.com"}, err: "JIKO_BASE_URL: "},
		{vars: map[string]string{"JIKO_PARTNER": "acme", "JIKO_BASE_URL": "http://127.0.0.1"}, err: "set JIKO_PARTNER or JIKO_BASE_URL, not both"},
		{vars: map[string]string{}, err: "JIKO_PARTNER is not set (or set JIKO_BASE_URL)"},
	} {
		got, err := Address(env(c.vars))
		switch {
		case c.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%v: error %v, want %q", c.vars, err, c.err)
			}
		case err != nil:
			t.Errorf("%v: %v", c.vars, err)
		case got.Production != c.production:
			t.Errorf("%v: production %v, want %v", c.vars, got.Production, c.production)
		}
	}
}

func TestConnectNamesTheMissingVariable(t *testing.T) {
	vars := map[string]string{"JIKO_BASE_URL": "http://127.0.0.1:1", "JIKO_USERNAME": "u", "JIKO_PASSWORD": "p"}
	if _, err := Connect(env(vars), nil); err == nil || err.Error() != "JIKO_SIGNING_SECRET is not set" {
		t.Fatalf("got %v", err)
	}
	vars["JIKO_SIGNING_SECRET"] = "s"
	if _, err := Connect(env(vars), []string{"JIKO_CUSTOMER_ID"}); err == nil || err.Error() != "JIKO_CUSTOMER_ID is not set" {
		t.Fatalf("got %v", err)
	}
	if c, err := Connect(env(vars), nil); err != nil || c == nil {
		t.Fatalf("got %v", err)
	}
}

// TestClassify: only a sandbox host or a loopback address is not
// production, whatever the case, a trailing dot, a port or the form of an
// IP; look-alikes are production.
func TestClassify(t *testing.T) {
	for _, c := range []struct{ url, env, host string }{
		{"https://acme.sandbox-api.jikoservices.com", Sandbox, "acme.sandbox-api.jikoservices.com"},
		{"https://ACME.Sandbox-API.JikoServices.com./", Sandbox, "acme.sandbox-api.jikoservices.com"},
		{"https://acme.sandbox-api.jikoservices.com:8443/", Sandbox, "acme.sandbox-api.jikoservices.com"},
		{"http://127.0.0.1:8765", Loopback, "127.0.0.1"},
		{"http://127.9.8.7", Loopback, "127.9.8.7"},
		{"http://[::1]:8765", Loopback, "::1"},
		{"http://LOCALHOST.:8765", Loopback, "localhost"},
		{"https://acme.partner-api.jikoservices.com", Production, "acme.partner-api.jikoservices.com"},
		{"https://acme.partner-api.jikoservices.com./", Production, "acme.partner-api.jikoservices.com"},
		{"https://Acme.Partner-Api.JikoServices.com:443", Production, "acme.partner-api.jikoservices.com"},
		{"https://10.0.0.5", Production, "10.0.0.5"},
		{"https://[2001:db8::1]", Production, "2001:db8::1"},
		{"https://sandbox-api.jikoservices.com", Production, "sandbox-api.jikoservices.com"},
		{"https://a.b.sandbox-api.jikoservices.com", Production, "a.b.sandbox-api.jikoservices.com"},
		{"https://acme-sandbox-api.jikoservices.com", Production, "acme-sandbox-api.jikoservices.com"},
		{"https://acme.sandbox-api.jikoservices.com.evil.example", Production, "acme.sandbox-api.jikoservices.com.evil.example"},
		{"https://acme.sandbox-api.jikoservices.co", Production, "acme.sandbox-api.jikoservices.co"},
		{"https://xn--acme-9ka.sandbox-api.jikoservices.com", Production, "xn--acme-9ka.sandbox-api.jikoservices.com"},
		{"https://acme.sandbox-api.jikoservıces.com", Production, "acme.sandbox-api.jikoservıces.com"},
		{"https://acme.sandbox-api.jikoservices.com@evil.example", Production, "evil.example"},
		{"https://localhost.evil.example", Production, "localhost.evil.example"},
	} {
		env, host := Classify(c.url)
		if env != c.env || host != c.host {
			t.Errorf("%s: %s %q, want %s %q", c.url, env, host, c.env, c.host)
		}
	}
}

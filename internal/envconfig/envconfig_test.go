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

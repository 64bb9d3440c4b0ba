package ops

import (
	"regexp"
	"strings"
	"testing"
)

// TestTableIsWellFormed holds every entry to the table's rules: a known
// method, a path with a trailing slash (but /health), one entry for each
// method and path, each SDK method in one entry, a reason for each
// inferred path and for nothing else, a secret for each hidden error text,
// and a keyed id only in a request with a body.
func TestTableIsWellFormed(t *testing.T) {
	placeholder := regexp.MustCompile(`^[a-z_]+$`)
	seen := map[string]bool{}
	sdk := map[string]string{}
	for _, o := range All {
		switch o.Method {
		case "GET", "POST", "PATCH", "DELETE":
		default:
			t.Errorf("%s: method %q", o, o.Method)
		}
		if o.Path != "/health" && !strings.HasSuffix(o.Path, "/") {
			t.Errorf("%s: the path has no trailing slash", o)
		}
		for _, seg := range strings.Split(strings.Trim(o.Path, "/"), "/") {
			if strings.HasPrefix(seg, "{") && !placeholder.MatchString(strings.Trim(seg, "{}")) {
				t.Errorf("%s: placeholder %q", o, seg)
			}
		}
		if seen[o.String()] {
			t.Errorf("%s: two entries", o)
		}
		seen[o.String()] = true
		for _, n := range o.SDK {
			if prev, ok := sdk[n]; ok {
				t.Errorf("%s: SDK method %s is also in %s", o, n, prev)
			}
			sdk[n] = o.String()
			if BySDK(n) != o {
				t.Errorf("BySDK(%q) is not %s", n, o)
			}
		}
		if (o.Provenance == Inferred) != (o.Why != "") {
			t.Errorf("%s: provenance %s with reason %q", o, o.Provenance, o.Why)
		}
		if o.Paging != NoPaging && o.Method != "GET" {
			t.Errorf("%s: a %s list that is not a GET", o, o.Paging)
		}
		if o.HideErrors && len(o.Secrets) == 0 {
			t.Errorf("%s: hides its error text but names no secret it could echo", o)
		}
		if o.KeyedID != "" && o.Method == "GET" {
			t.Errorf("%s: a keyed id in a request without a body", o)
		}
	}
	if len(All) != 98 {
		t.Errorf("%d operations, want 98", len(All))
	}
}

func TestPattern(t *testing.T) {
	for o, want := range map[*Op]string{
		Login:       "POST /api/v1/login/{$}",
		HealthCheck: "GET /health",
		ACHGet:      "GET /api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/{$}",
	} {
		if got := o.Pattern(); got != want {
			t.Errorf("Pattern() = %q, want %q", got, want)
		}
	}
}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		op   *Op
		ids  []string
		want string
	}{
		{ACHGet, []string{"p 1", "t"}, "/api/v1/jiko-accounts/p%201/ach-originating/t/"},
		{ACHGet, []string{"p"}, "/api/v1/jiko-accounts/p/ach-originating/{transfer_id}/"},
		{OnUsCreate, nil, "/api/v1/transfers/on-us/"},
	} {
		if got := c.op.Fill(c.ids...); got != c.want {
			t.Errorf("%s.Fill(%q) = %q, want %q", c.op, c.ids, got, c.want)
		}
	}
}

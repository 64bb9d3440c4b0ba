package main

import (
	"flag"
	"regexp"
	"strings"
	"testing"
)

// TestHelpFitsOnAScreen: "jiko help" and every "jiko <cmd> -h" print to
// standard output, exit 0, and fit in 24 lines of 80 columns.
func TestHelpFitsOnAScreen(t *testing.T) {
	t.Parallel()
	runs := [][]string{{"help"}, {"help", "api"}}
	for _, c := range commands {
		runs = append(runs, []string{c.name, "-h"})
	}
	runs = append(runs, []string{"webhooks", "listen", "-h"}, []string{"webhooks", "sign", "-h"}, []string{"webhooks", "verify", "-h"},
		[]string{"events", "list", "-h"}, []string{"events", "attempts", "-h"}, []string{"events", "resend", "-h"})
	for _, args := range runs {
		out, errOut, code := runJiko(t, "", nil, args...)
		if code != 0 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) < 3 || len(lines) > 24 {
			t.Errorf("%v: %d lines", args, len(lines))
		}
		for _, l := range lines {
			if len(l) > 80 {
				t.Errorf("%v: a line of %d columns: %q", args, len(l), l)
			}
		}
	}
}

// TestBadInput: each mistake gets one line on standard error naming it,
// and exit status 2 (input) or 1 (the work failed).
func TestBadInput(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	creds := serverEnv(srv)
	noCreds := []string{"JIKO_PARTNER=", "JIKO_BASE_URL=", "JIKO_USERNAME=", "JIKO_PASSWORD=", "JIKO_SIGNING_SECRET="}
	for _, c := range []struct {
		envs []string
		args []string
		code int
		msg  string
	}{
		{nil, []string{"frobnicate"}, 2, `jiko: unknown command "frobnicate" (run "jiko help")`},
		{creds, []string{"api", "--nope", "GET", "/health"}, 2, `jiko api: flag provided but not defined: -nope (run "jiko api -h")`},
		{creds, []string{"api", "GET", "/x", "--retries", "many"}, 2, `jiko api: invalid value "many" for flag -retries: parse error (run "jiko api -h")`},
		{creds, []string{"api", "GET"}, 2, `jiko api: want METHOD and PATH, got 1 argument(s) (run "jiko api -h")`},
		{noCreds, []string{"api", "GET", "/api/v2/pockets/"}, 2, `jiko api: JIKO_PARTNER is not set (or set JIKO_BASE_URL) (see "jiko help")`},
		{append(creds, "JIKO_PASSWORD="), []string{"api", "GET", "/api/v2/pockets/"}, 2, `jiko api: JIKO_PASSWORD is not set (see "jiko help")`},
		{creds, []string{"api", "POST", "/api/v1/subscriptions/", "-d", `{"events": [`}, 2, `jiko api: -d: the body is not valid JSON: unexpected end of JSON input (run "jiko api -h")`},
		{creds, []string{"api", "POST", "/x/", "-d", "@/no/such/file"}, 2, `jiko api: -d: open /no/such/file: no such file or directory (run "jiko api -h")`},
		{creds, []string{"api", "GET", "api/v2/pockets/"}, 2, `jiko api: jiko: path: "api/v2/pockets/" must start with '/'`},
		{creds, []string{"api", "GET", "/api/v2/pockets/?limit=%zz"}, 2, `jiko api: PATH: malformed query: invalid URL escape "%zz" (run "jiko api -h")`},
		{creds, []string{"api", "GET", "/api/v2/pockets/not-a-pocket/"}, 1, "jiko api: jiko: GET /api/v2/pockets/not-a-pocket/: 404 Not Found"},
		{append(creds, "JIKO_BASE_URL=http://127.0.0.1:1"), []string{"api", "--retries", "0", "GET", "/api/v2/pockets/"}, 1, "jiko api: jiko: GET /api/v2/pockets/: login: "},
		{append(creds, "JIKO_BASE_URL=http://jiko.example.com"), []string{"api", "GET", "/api/v2/pockets/"}, 2, `jiko api: JIKO_BASE_URL: jiko: NewClient: WithBaseURL: "http://jiko.example.com" must use https`},
		{creds, []string{"trigger", "application.approved", "--payload", `{"application_id": 7}`}, 2, "jiko trigger: --payload does not fit application.approved: "},
		{creds, []string{"trigger", "application.approved", "--payload", "{}"}, 2, "jiko trigger: jiko: ApplicationUpdatePayload.ApplicationID: "},
		{creds, []string{"trigger", "card.status.frozen"}, 2, "jiko trigger: card.status.frozen cannot be built here (it can: application.approved, "},
		{append(creds, "JIKO_BASE_URL=", "JIKO_PARTNER=acme"), []string{"trigger", "application.approved"}, 2, `jiko trigger: building application.approved needs the test controls of jiko serve: set JIKO_BASE_URL to its base URL (run "jiko trigger -h")`},
		{creds, []string{"trigger"}, 2, `jiko trigger: want one EVENT_TYPE, got 0 argument(s) (run "jiko trigger -h")`},
		{nil, []string{"webhooks"}, 2, `jiko webhooks: want a subcommand: listen, sign or verify (run "jiko webhooks -h")`},
		{nil, []string{"webhooks", "relay"}, 2, `jiko webhooks: unknown subcommand "relay": want listen, sign or verify (run "jiko webhooks -h")`},
		{nil, []string{"webhooks", "listen", "--secret", "s", "--forward-to", "ftp://x"}, 2, `jiko webhooks listen: --forward-to: "ftp://x" is not an http or https URL (run "jiko webhooks listen -h")`},
		{nil, []string{"webhooks", "listen", "--secret", "s", "--addr", "256.0.0.1:99999"}, 2, "jiko webhooks listen: --addr: "},
		{nil, []string{"webhooks", "verify", "--secret", "s"}, 2, `jiko webhooks verify: --signature is required (run "jiko webhooks verify -h")`},
		{creds, []string{"probe", "extra"}, 2, `jiko probe: unexpected argument "extra" (run "jiko probe -h")`},
		{nil, []string{"version", "now"}, 2, "jiko version: takes no arguments"},
	} {
		out, errOut, code := runJiko(t, "", c.envs, c.args...)
		if code != c.code || out != "" || !strings.HasPrefix(errOut, c.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d (want %d)\nstdout %q\nstderr %q\nwant   %q", c.args, code, c.code, out, errOut, c.msg)
		}
	}
}

// handWrittenHelp lists the commands whose flags' help is written by hand
// (flagsText) rather than printed from the flag set, with the function
// that builds their flag set.
var handWrittenHelp = []struct {
	args  []string
	flags func(env) *cmdFlags
}{
	{[]string{"probe"}, func(e env) *cmdFlags { f, _ := newProbeFlags(e); return f }},
}

// TestHandWrittenHelpNamesEveryFlag: a command whose -h text is written by
// hand names every flag it defines there, and names no flag it does not
// define.
func TestHandWrittenHelpNamesEveryFlag(t *testing.T) {
	t.Parallel()
	flagRef := regexp.MustCompile(`--([a-z][a-z-]*)`)
	for _, c := range handWrittenHelp {
		out, _, code := runJiko(t, "", nil, append(c.args, "-h")...)
		if code != 0 {
			t.Fatalf("%v -h: exit %d", c.args, code)
		}
		named := map[string]bool{}
		for _, m := range flagRef.FindAllStringSubmatch(out, -1) {
			named[m[1]] = true
		}
		fs := c.flags(env{getenv: func(string) string { return "" }})
		if fs.flagsText == "" {
			t.Errorf("%v: the help is not written by hand (no flagsText): drop it from handWrittenHelp", c.args)
		}
		defined := map[string]bool{}
		fs.VisitAll(func(fl *flag.Flag) {
			defined[fl.Name] = true
			if !named[fl.Name] {
				t.Errorf("%v -h does not name --%s", c.args, fl.Name)
			}
		})
		for name := range named {
			if !defined[name] {
				t.Errorf("%v -h names --%s, which it does not define", c.args, name)
			}
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/jiko-go/jiko"
)

const apiUsage = `jiko api METHOD PATH [-d JSON | -d @file] [--idempotency-key K] [flags]

Sends one signed call through the SDK's client (login, signature, retries,
idempotency key) to the deployment the JIKO_* variables name, and prints
the JSON answer. PATH may carry a query: /api/v2/pockets/?limit=2.
-d @- reads the body from standard input.
Exit status: 0 for 2xx, 1 for an API error (printed to standard error,
with the key to resend with when the call may have taken effect), 2 for
a usage error.

Variables: JIKO_PARTNER (with JIKO_ENVIRONMENT=sandbox|production) or
JIKO_BASE_URL; JIKO_USERNAME, JIKO_PASSWORD, JIKO_SIGNING_SECRET.`

func runAPI(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "api", apiUsage)
	data := f.String("d", "", "the JSON `body`, or @file, or @- for standard input")
	key := f.String("idempotency-key", "", "the x-jiko-idempotency `key` (a new one by default); reuse it to resend")
	pretty := f.Bool("pretty", false, "indent the JSON answer (the default on a terminal)")
	retries := f.Int("retries", 2, "how many times to retry a connection error, 429 or 5xx")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return f.usagef("want METHOD and PATH, got %d argument(s)", len(pos))
	}
	method, target := strings.ToUpper(pos[0]), pos[1]
	path, rawQuery, _ := strings.Cut(target, "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return f.usagef("PATH: malformed query: %v", err)
	}
	var body any
	if *data != "" {
		b, err := readData(*data, e.stdin)
		if err != nil {
			return f.usagef("-d: %v", err)
		}
		if !json.Valid(b) {
			return f.usagef("-d: the body is not valid JSON: %v", jsonError(b))
		}
		body = json.RawMessage(b)
	}
	var opts []jiko.CallOption
	if *key != "" {
		opts = append(opts, jiko.WithIdempotencyKey(*key))
	}
	c, _, err := f.connect(jiko.WithMaxRetries(*retries))
	if err != nil {
		return err
	}
	var out json.RawMessage
	err = c.Do(ctx, method, path, query, body, &out, opts...)
	var jerr *jiko.Error
	switch {
	case errors.As(err, &jerr) && jerr.StatusCode >= 200 && jerr.StatusCode < 300:
		// A 2xx without a JSON answer (201 or 204 with no body): the
		// call succeeded; say what came back.
		fmt.Fprintf(e.stderr, "%s: %d %s: %v\n", f.name, jerr.StatusCode, http.StatusText(jerr.StatusCode), jerr.Err)
		return nil
	case err != nil:
		return f.failure(err)
	}
	if *pretty || isTerminal(e.stdout) {
		var b bytes.Buffer
		if json.Indent(&b, out, "", "  ") == nil {
			out = b.Bytes()
		}
	}
	e.stdout.Write(append(out, '\n'))
	return nil
}

// readData returns the body a -d flag gives: the text itself, or the
// contents of the file after '@' ("@-": standard input).
func readData(d string, stdin io.Reader) ([]byte, error) {
	name, ok := strings.CutPrefix(d, "@")
	switch {
	case !ok:
		return []byte(d), nil
	case name == "-":
		return io.ReadAll(stdin)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// jsonError says why b is not JSON.
func jsonError(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return errors.New("not one JSON value")
}

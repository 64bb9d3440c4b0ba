package jiko

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchServer answers the login and the Pocket read with the fixture.
func benchServer(b *testing.B) *httptest.Server {
	pocket := []byte(fixture(b, "pocket.json"))
	return loggedInServer(b, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Jiko-Signature") == "" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = w.Write(pocket)
	})
}

// loggedInServer is a loopback server of the benchmarks: it answers the
// login, and every other request with serve, in JSON.
func loggedInServer(b *testing.B, serve http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == loginPath {
			_, _ = io.WriteString(w, `{"token":"bench-token","expires":"2999-01-01T00:00:00+00:00"}`)
			return
		}
		serve(w, r)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkPocketGet is one signed Pocket read through the SDK, with the
// transport a client builds for itself (no WithHTTPClient), over a real
// loopback socket.
func BenchmarkPocketGet(b *testing.B) {
	srv := benchServer(b)
	sdk := newSDKPocketGet(b, srv.URL)
	b.ReportAllocs()
	for b.Loop() {
		sdk()
	}
}

// BenchmarkPocketGetDrift is BenchmarkPocketGet with a drift handler: every
// answer is audited.
func BenchmarkPocketGetDrift(b *testing.B) {
	srv := benchServer(b)
	sdk := newSDKPocketGet(b, srv.URL, WithDriftHandler(func(context.Context, Drift) { b.Fatal("the fixture drifted") }))
	b.ReportAllocs()
	for b.Loop() {
		sdk()
	}
}

// newSDKPocketGet returns the Pocket read through a client with its own
// transport and opts, logged in.
func newSDKPocketGet(b *testing.B, base string, opts ...ClientOption) func() {
	c := newBenchClient(b, base, opts...)
	ctx := context.Background()
	return func() {
		if p, err := c.Pockets.GetForCustomer(ctx, customerID, pocketID, nil); err != nil || p.ID != pocketID {
			b.Fatal(err)
		}
	}
}

// newBenchClient returns a client of base with its own transport and
// opts, logged in.
func newBenchClient(b *testing.B, base string, opts ...ClientOption) *Client {
	c, err := NewClient(append([]ClientOption{WithBaseURL(base), WithCredentials("u", "p"), WithSigningSecret(knownSecret)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.hc.CloseIdleConnections)
	if err := c.Login(context.Background()); err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkPocketGetRaw is the baseline: the same signed call written by
// hand with net/http, encoding/json and crypto/hmac, to the same server
// over a real loopback socket, with a transport of its own made as
// net/http's default one.
func BenchmarkPocketGetRaw(b *testing.B) {
	srv := benchServer(b)
	raw := newRawPocketGet(b, srv.URL)
	b.ReportAllocs()
	for b.Loop() {
		raw()
	}
}

// BenchmarkPocketGetPaired alternates an SDK read and a raw one and reports
// the ratio of their median times (sdk/raw), with each median: on a busy
// machine, where separate runs of the two benchmarks drift by more than
// their difference, the pairs see the same load.
func BenchmarkPocketGetPaired(b *testing.B) {
	srv := benchServer(b)
	sdk := newSDKPocketGet(b, srv.URL)
	raw := newRawPocketGet(b, srv.URL)
	s, r := pairedMedians(b, sdk, raw)
	b.ReportMetric(s, "sdk-ns/op")
	b.ReportMetric(r, "raw-ns/op")
	b.ReportMetric(s/r, "sdk/raw")
}

// pairedMedians runs sdk and raw alternately, once each per iteration of
// the benchmark (which one goes first alternates too), and returns the
// median time of each in nanoseconds.
func pairedMedians(b *testing.B, sdk, raw func()) (s, r float64) {
	var sdkTimes, rawTimes []time.Duration
	timed := func(f func(), into *[]time.Duration) {
		start := time.Now()
		f()
		*into = append(*into, time.Since(start))
	}
	n := 0
	for b.Loop() {
		if n++; n%2 == 0 {
			timed(sdk, &sdkTimes)
			timed(raw, &rawTimes)
		} else {
			timed(raw, &rawTimes)
			timed(sdk, &sdkTimes)
		}
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2])
	}
	return median(sdkTimes), median(rawTimes)
}

// newRawPocketGet returns the hand-written Pocket read of the baselines.
func newRawPocketGet(b *testing.B, base string) func() {
	get := newRawGet(b, base)
	path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
	return func() {
		var p Pocket
		if err := json.Unmarshal(get(path, ""), &p); err != nil || p.ID != pocketID {
			b.Fatal(err)
		}
	}
}

// newRawGet returns the hand-written signed GET of the baselines, with a
// transport of its own made as net/http's default one: get(path, query)
// returns the body of a 200 answer.
func newRawGet(b *testing.B, base string) (get func(path, query string) []byte) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	secret := []byte(knownSecret)
	ctx := context.Background()
	return func(path, query string) []byte {
		key := uuid.NewString()
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(key + path))
		target := base + path
		if query != "" {
			target += "?" + query
		}
		req, err := http.NewRequestWithContext(ctx, "GET", target, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer bench-token")
		req.Header.Set("X-Jiko-Idempotency", key)
		req.Header.Set("X-Jiko-Signature", base64.StdEncoding.EncodeToString(m.Sum(nil)))
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(err, resp.StatusCode)
		}
		return body
	}
}

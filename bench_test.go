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
	"testing"

	"github.com/google/uuid"
)

// benchServer answers the login and the Pocket read with the fixture.
func benchServer(b *testing.B) *httptest.Server {
	pocket := []byte(fixture(b, "pocket.json"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == loginPath {
			_, _ = io.WriteString(w, `{"token":"bench-token","expires":"2999-01-01T00:00:00+00:00"}`)
			return
		}
		if r.Header.Get("X-Jiko-Signature") == "" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = w.Write(pocket)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkPocketGet is one signed Pocket read through the SDK.
func BenchmarkPocketGet(b *testing.B) { benchPocketGet(b) }

// BenchmarkPocketGetDrift is BenchmarkPocketGet with a drift handler: every
// answer is audited.
func BenchmarkPocketGetDrift(b *testing.B) {
	benchPocketGet(b, WithDriftHandler(func(context.Context, Drift) { b.Fatal("the fixture drifted") }))
}

// benchPocketGet reads the Pocket through a client with opts.
func benchPocketGet(b *testing.B, opts ...Option) {
	srv := benchServer(b)
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL), WithCredentials("u", "p"), WithSigningSecret(knownSecret),
		WithHTTPClient(srv.Client())}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Login(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.Pockets.Get(ctx, customerID, pocketID, nil)
		if err != nil || p.ID != pocketID {
			b.Fatal(err)
		}
	}
}

// BenchmarkPocketGetRaw is the baseline: the same signed call written by
// hand with net/http, encoding/json and crypto/hmac.
func BenchmarkPocketGetRaw(b *testing.B) {
	srv := benchServer(b)
	hc := srv.Client()
	secret := []byte(knownSecret)
	path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		key := uuid.NewString()
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(key + path))
		req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
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
		var p Pocket
		if err := json.Unmarshal(body, &p); err != nil || p.ID != pocketID {
			b.Fatal(err)
		}
	}
}

// BenchmarkPocketAudit is the drift audit alone, of the Pocket answer
// decoded: what WithDriftHandler adds to each call, without the network.
func BenchmarkPocketAudit(b *testing.B) {
	body := []byte(fixture(b, "pocket.json"))
	s := &driftState{handler: func(context.Context, Drift) { b.Fatal("the fixture drifted") }, seen: map[driftKey]struct{}{}}
	var p Pocket
	if err := json.Unmarshal(body, &p); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.audit(ctx, "GET /p/", body, &p); err != nil {
			b.Fatal(err)
		}
	}
}

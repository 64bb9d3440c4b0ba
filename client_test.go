package jiko

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/uuid"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestNewClientNamesWhatIsMissing(t *testing.T) {
	cases := []struct {
		name string
		opts []ClientOption
		want []string
	}{
		{"nothing", nil, []string{"no base URL", "no credentials", "no signing secret"}},
		{"no secret", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p")}, []string{"no signing secret: use WithSigningSecret"}},
		{"no creds", []ClientOption{WithPartner("acme", Sandbox), WithSigningSecret("s")}, []string{"no credentials: use WithCredentials or WithTokenSource"}},
		{"http non-loopback", []ClientOption{WithBaseURL("http://acme.example.com"), WithCredentials("u", "p"), WithSigningSecret("s")},
			[]string{`WithBaseURL: "http://acme.example.com" must use https (plain http is allowed only for loopback hosts)`}},
		{"relative", []ClientOption{WithBaseURL("acme.example.com"), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"is not an absolute URL"}},
		{"ftp", []ClientOption{WithBaseURL("ftp://127.0.0.1"), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"must use https"}},
		{"query", []ClientOption{WithBaseURL("https://x.example.com/?a=b"), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"must not carry"}},
		{"bad partner", []ClientOption{WithPartner("acme.evil.com/", Sandbox), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"WithPartner: name"}},
		{"bad env", []ClientOption{WithPartner("acme", Environment(9)), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"unknown environment 9"}},
		{"both urls", []ClientOption{WithPartner("acme", Sandbox), WithBaseURL(testBase), WithCredentials("u", "p"), WithSigningSecret("s")}, []string{"both WithPartner and WithBaseURL"}},
		{"both auths", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p"), WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})), WithSigningSecret("s")}, []string{"both WithCredentials and WithTokenSource"}},
		{"empty password", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", ""), WithSigningSecret("s")}, []string{"WithCredentials: password is empty"}},
		{"negative retries", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p"), WithSigningSecret("s"), WithMaxRetries(-1)}, []string{"WithMaxRetries: -1 is negative"}},
		{"reserved header", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p"), WithSigningSecret("s"), WithHeader("x-jiko-signature", "x")}, []string{"WithHeader: X-Jiko-Signature is set by the client"}},
		{"bad backoff", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p"), WithSigningSecret("s"), WithRetryBackoff(time.Second, time.Millisecond)},
			[]string{"WithRetryBackoff: want 0 < base <= max, got base 1s, max 1ms"}},
		{"nil http client", []ClientOption{WithPartner("acme", Sandbox), WithCredentials("u", "p"), WithSigningSecret("s"), WithHTTPClient(nil)}, []string{"WithHTTPClient: client is nil"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.True(t, strings.HasPrefix(err.Error(), "jiko: NewClient: "), err.Error())
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestNewClientBaseURLs(t *testing.T) {
	cases := []struct {
		opt  ClientOption
		want string
	}{
		{WithPartner("acme", Sandbox), "https://acme.sandbox-api.jikoservices.com"},
		{WithPartner("acme", Production), "https://acme.partner-api.jikoservices.com"},
		{WithBaseURL("http://127.0.0.1:8080/"), "http://127.0.0.1:8080"},
		{WithBaseURL("http://[::1]:8080"), "http://[::1]:8080"},
		{WithBaseURL("http://localhost:1/prefix/"), "http://localhost:1/prefix"},
	}
	for _, tc := range cases {
		c, err := NewClient(tc.opt, WithCredentials("u", "p"), WithSigningSecret("s"))
		require.NoError(t, err)
		assert.Equal(t, tc.want, c.BaseURL())
	}
}

func TestEveryRequestIsSignedWithItsKeyPathAndBody(t *testing.T) {
	h := newHarness(t, WithUserAgent("acme-backend/1.2"), WithHeader("X-Trace", "client"))
	h.on("PATCH", "/api/v2/customers/"+customerID+"/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))

	_, err := h.c.Pockets.Update(context.Background(), customerID, pocketID,
		&PocketUpdateRequest{PocketName: Set("Savings")}, WithHeader("X-Trace", "call"))
	require.NoError(t, err)

	r := h.last()
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, "/api/v2/customers/"+customerID+"/pockets/"+pocketID+"/", r.Path)
	assert.Equal(t, `{"pocket_name":"Savings"}`, string(r.Body))
	assert.Equal(t, "Bearer tok-1", r.Header.Get("Authorization"))
	key := r.Header.Get("X-Jiko-Idempotency")
	parsed, err := uuid.Parse(key)
	require.NoError(t, err)
	assert.Equal(t, uuid.Version(4), parsed.Version())
	assert.Equal(t, NewSigner(testSecret).Sign(key, r.Path, r.Body), r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Equal(t, "acme-backend/1.2 jiko-go/"+Version, r.Header.Get("User-Agent"))
	assert.Equal(t, []string{"client", "call"}, r.Header.Values("X-Trace"))
}

func TestKnownAnswerSignatureOnTheWire(t *testing.T) {
	h := newHarness(t)
	h.c.signer = NewSigner(knownSecret)
	h.on("PATCH", "/api/v2/customers/"+customerID+"/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
	_, err := h.c.Pockets.Update(context.Background(), customerID, pocketID,
		&PocketUpdateRequest{PocketName: Set("Savings")}, WithIdempotencyKey(knownKey))
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, knownKey, r.Header.Get("X-Jiko-Idempotency"))
	assert.Equal(t, "TKOCIapqaf0EKHnNL48S0fC68hNDZTDBnDKNwYihYsg=", r.Header.Get("X-Jiko-Signature"))
}

func TestEachCallGetsANewKey(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
	for range 3 {
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
	}
	keys := map[string]bool{}
	for _, r := range h.requests() {
		keys[r.Header.Get("X-Jiko-Idempotency")] = true
		assert.False(t, r.HasBody, "a GET sends no body")
		assert.Empty(t, r.Header.Get("Content-Type"))
	}
	assert.Len(t, keys, 3)
}

func TestPathSegmentsAreEscapedAndSignedEscaped(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/customers/a%3Bb%20c/pockets/p%3F1/", status(200, fixture(t, "pocket.json")))
	_, err := h.c.Pockets.GetForCustomer(context.Background(), "a;b c", "p?1", nil)
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "/api/v2/customers/a%3Bb%20c/pockets/p%3F1/", r.Path)
	assert.Empty(t, r.Query)
	assert.Equal(t, NewSigner(testSecret).Sign(r.Header.Get("X-Jiko-Idempotency"), r.Path, nil), r.Header.Get("X-Jiko-Signature"))
}

func TestBasePathPrefixIsSigned(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var got *http.Request
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		got = r
		return httpmock.NewStringResponse(200, fixture(t, "pocket.json")), nil
	})
	c, err := NewClient(WithBaseURL("https://proxy.example.com/jiko/"),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static"})),
		WithSigningSecret(testSecret), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	_, err = c.Pockets.Get(context.Background(), pocketID, nil)
	require.NoError(t, err)
	assert.Equal(t, "/jiko/api/v2/pockets/"+pocketID+"/", got.URL.EscapedPath())
	assert.Equal(t, "Bearer static", got.Header.Get("Authorization"))
	assert.Equal(t, NewSigner(testSecret).Sign(got.Header.Get("X-Jiko-Idempotency"), "/jiko/api/v2/pockets/"+pocketID+"/", nil),
		got.Header.Get("X-Jiko-Signature"))
}

func TestRetriesKeepKeySignatureAndBody(t *testing.T) {
	for _, code := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				path := "/api/v2/customers/" + customerID + "/pockets/"
				h.on("POST", path, status(code, `{"detail":"try later"}`), status(code, `{}`), status(201, fixture(t, "pocket.json")))
				p, err := h.c.Pockets.Create(context.Background(), customerID,
					&PocketCreateRequest{PocketName: "Savings", DepositStrategyID: StrategyUST4W})
				require.NoError(t, err)
				assert.Equal(t, pocketID, p.ID)
				reqs := h.requests()
				require.Len(t, reqs, 3)
				for _, r := range reqs[1:] {
					assert.Equal(t, reqs[0].Header.Get("X-Jiko-Idempotency"), r.Header.Get("X-Jiko-Idempotency"))
					assert.Equal(t, reqs[0].Header.Get("X-Jiko-Signature"), r.Header.Get("X-Jiko-Signature"))
					assert.Equal(t, reqs[0].Body, r.Body)
				}
				assert.Equal(t, `{"pocket_name":"Savings","deposit_strategy_id":"UST-4W"}`, string(reqs[0].Body))
			})
		})
	}
}

func TestRetriesConnectionErrorsWithTheSameKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		path := "/api/v2/customers/" + customerID + "/pockets/"
		reset := func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset by peer") }
		h.on("POST", path, reset, status(201, fixture(t, "pocket.json")))
		_, err := h.c.Pockets.Create(context.Background(), customerID,
			&PocketCreateRequest{PocketName: "Savings", DepositStrategyID: StrategyUST4W})
		require.NoError(t, err)
		reqs := h.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, reqs[0].Header.Get("X-Jiko-Idempotency"), reqs[1].Header.Get("X-Jiko-Idempotency"))
	})
}

func TestGivesUpAfterMaxRetriesAndReportsTheKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		path := "/api/v2/customers/" + customerID + "/pockets/"
		h.on("POST", path, func(*http.Request) (*http.Response, error) { return nil, errors.New("connection refused") })
		key := IdempotencyKeyFor("payout-42")
		_, err := h.c.Pockets.Create(context.Background(), customerID,
			&PocketCreateRequest{PocketName: "Savings", DepositStrategyID: StrategyUST4W}, WithIdempotencyKey(key))
		var jerr *Error
		require.ErrorAs(t, err, &jerr)
		assert.Equal(t, 0, jerr.StatusCode)
		assert.Equal(t, 3, jerr.Attempts)
		assert.Equal(t, key, jerr.IdempotencyKey)
		assert.True(t, jerr.MayHaveSucceeded)
		assert.Contains(t, err.Error(), "no response after 3 attempt(s)")
		assert.Contains(t, err.Error(), "(may have taken effect: resend with idempotency key "+key+")")
		assert.Contains(t, err.Error(), "connection refused")
		assert.Len(t, h.requests(), 3)
	})
}

func TestBackoffIsExponentialWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, WithMaxRetries(4))
		var at []time.Duration
		start := time.Now()
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", func(*http.Request) (*http.Response, error) {
			at = append(at, time.Since(start))
			return httpmock.NewStringResponse(503, ""), nil
		})
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.Error(t, err)
		// jitter is pinned at 0.5: waits of 250ms, 500ms, 1s, 2s.
		assert.Equal(t, []time.Duration{0, 250 * time.Millisecond, 750 * time.Millisecond, 1750 * time.Millisecond, 3750 * time.Millisecond}, at)
		assert.True(t, IsNotFound(err) == false && statusOf(err) == 503)
	})
}

func TestRetryBackoffBounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, WithMaxRetries(4), WithRetryBackoff(10*time.Millisecond, 30*time.Millisecond))
		var at []time.Duration
		start := time.Now()
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", func(*http.Request) (*http.Response, error) {
			at = append(at, time.Since(start))
			return httpmock.NewStringResponse(502, ""), nil
		})
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.Error(t, err)
		// jitter 0.5 of ceilings 10, 20, 30, 30 ms.
		assert.Equal(t, []time.Duration{0, 5 * time.Millisecond, 15 * time.Millisecond, 30 * time.Millisecond, 45 * time.Millisecond}, at)

		at, start = nil, time.Now()
		_, err = h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(1), WithRetryBackoff(time.Second, time.Second))
		require.Error(t, err)
		assert.Equal(t, []time.Duration{0, 500 * time.Millisecond}, at, "per-call bounds override the client's")
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", "/api/v2/pockets/"+pocketID+"/",
			status(429, `{}`, "Retry-After", "3"),
			func(r *http.Request) (*http.Response, error) {
				date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
				return status(503, `{}`, "Retry-After", date)(r)
			},
			status(200, fixture(t, "pocket.json")))
		start := time.Now()
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
		assert.Equal(t, 8*time.Second, time.Since(start))
	})
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(503, `{}`, "Retry-After", "30"))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := h.c.Pockets.Get(ctx, pocketID, nil)
		assert.Equal(t, time.Second, time.Since(start))
		assert.ErrorIs(t, err, context.Canceled)
		var jerr *Error
		require.ErrorAs(t, err, &jerr)
		assert.NotEmpty(t, jerr.IdempotencyKey)
		assert.Len(t, h.requests(), 1)
	})
}

func TestWaitPastTheDeadlineIsNotStarted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(502, `{}`, "Retry-After", "10"), status(200, fixture(t, "pocket.json")))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := h.c.Pockets.Get(ctx, pocketID, nil)
		assert.Equal(t, time.Duration(0), time.Since(start), "no point waiting 10s with 2s left")
		var jerr *Error
		require.ErrorAs(t, err, &jerr)
		assert.Equal(t, 502, jerr.StatusCode, "the failure itself is returned")
		assert.Len(t, h.requests(), 1)

		// With time enough the wait happens.
		ctx, cancel = context.WithTimeout(context.Background(), 11*time.Second)
		defer cancel()
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(502, `{}`, "Retry-After", "10"), status(200, fixture(t, "pocket.json")))
		_, err = h.c.Pockets.Get(ctx, pocketID, nil)
		require.NoError(t, err)
	})
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v2/customers/"+customerID+"/pockets/", status(307, ``, "Location", testBase+"/elsewhere/"))
	_, err := h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{PocketName: "a", DepositStrategyID: StrategyUST4W})
	assert.Equal(t, 307, statusOf(err))
	assert.Len(t, h.requests(), 1)
}

func TestPanickingTokenSourceReleasesWaiters(t *testing.T) {
	calls := 0
	tc := newTokenCache(func(context.Context) (*oauth2.Token, error) {
		calls++
		if calls == 1 {
			panic("boom")
		}
		return &oauth2.Token{AccessToken: "ok"}, nil
	}, time.Now)
	assert.Panics(t, func() { _, _ = tc.token(context.Background()) })
	tok, err := tc.token(context.Background())
	require.NoError(t, err, "the cache is usable after a panic")
	assert.Equal(t, "ok", tok)
}

func TestOtherClientErrorsAreNotRetried(t *testing.T) {
	for _, code := range []int{400, 403, 404, 405, 409, 412, 422} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			h := newHarness(t, WithMaxRetries(5))
			h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(code, `{"detail":"no"}`))
			_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
			var jerr *Error
			require.ErrorAs(t, err, &jerr)
			assert.Equal(t, code, jerr.StatusCode)
			assert.Equal(t, 1, jerr.Attempts)
			assert.Len(t, h.requests(), 1)
		})
	}
}

func TestPerCallMaxRetriesOverride(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(500, `{}`))
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(0))
		require.Error(t, err)
		assert.Len(t, h.requests(), 1)
		_, err = h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(5))
		require.Error(t, err)
		assert.Len(t, h.requests(), 1+6)
		_, err = h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(-2))
		assert.EqualError(t, err, "jiko: WithMaxRetries: -2 is negative")
		assert.Len(t, h.requests(), 7, "a bad option sends nothing")
	})
}

func TestUnauthorizedReplaysOnceWithAFreshLogin(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(401, `{"detail":"expired"}`), status(200, fixture(t, "pocket.json")))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, WithMaxRetries(0))
	require.NoError(t, err, "the replay does not count as a retry")
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "Bearer tok-1", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer tok-2", reqs[1].Header.Get("Authorization"))
	assert.Equal(t, reqs[0].Header.Get("X-Jiko-Idempotency"), reqs[1].Header.Get("X-Jiko-Idempotency"))
	assert.EqualValues(t, 2, h.logins.Load())
}

func TestUnauthorizedTwiceIsReturned(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(401, `{"detail":"Invalid token"}`))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	assert.True(t, IsUnauthorized(err))
	assert.EqualError(t, err, "jiko: GET /api/v2/pockets/"+pocketID+"/: 401 Unauthorized: Invalid token")
	assert.Len(t, h.requests(), 2)
	assert.EqualValues(t, 2, h.logins.Load())
}

func TestColdClientLogsInOnceForManyGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.loginDelay = 20 * time.Millisecond
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		assert.EqualValues(t, 1, h.logins.Load())
		for _, r := range h.requests() {
			assert.Equal(t, "Bearer tok-1", r.Header.Get("Authorization"))
		}
	})
}

func TestTokenIsRenewedBeforeItExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
		get := func() string {
			_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
			require.NoError(t, err)
			return h.last().Header.Get("Authorization")
		}
		assert.Equal(t, "Bearer tok-1", get())
		time.Sleep(54 * time.Minute)
		assert.Equal(t, "Bearer tok-1", get(), "still well inside its hour")
		time.Sleep(90 * time.Second)
		assert.Equal(t, "Bearer tok-2", get(), "renewed five minutes before expiry")
		assert.EqualValues(t, 2, h.logins.Load())
	})
}

func TestShortLivedTokensRenewAtAFifthOfTheirLife(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.loginLifetime = 10 * time.Second
		require.NoError(t, h.c.Login(context.Background()))
		time.Sleep(7900 * time.Millisecond)
		require.NoError(t, h.c.Login(context.Background()))
		assert.EqualValues(t, 1, h.logins.Load())
		time.Sleep(200 * time.Millisecond)
		require.NoError(t, h.c.Login(context.Background()))
		assert.EqualValues(t, 2, h.logins.Load())
	})
}

func TestLoginFailureIsReportedWithoutSecrets(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		// A validation error that echoes its input, password included.
		return httpmock.NewStringResponse(422, `{"detail":[{"loc":["body","password"],"msg":"bad `+testPassword+`","type":"value_error","input":"`+testPassword+`"}]}`), nil
	})
	c, err := NewClient(WithBaseURL(testBase), WithCredentials(testUser, testPassword), WithSigningSecret(testSecret),
		WithHTTPClient(&http.Client{Transport: mt}), WithLogger(logger))
	require.NoError(t, err)
	_, err = c.Pockets.Get(context.Background(), pocketID, nil)
	require.Error(t, err)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "/api/v1/login/", jerr.Path)
	assert.Nil(t, jerr.Body, "the login error body is not kept")
	assert.True(t, strings.HasPrefix(err.Error(), "jiko: GET /api/v2/pockets/"+pocketID+"/: login: jiko: POST /api/v1/login/: 422"), err.Error())
	for _, s := range []string{fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", *c), logs.String()} {
		assert.NotContains(t, s, testSecret)
		assert.NotContains(t, s, testPassword)
	}
	assert.NotContains(t, logs.String(), "tok-")
}

func TestPrintingAClientShowsNoSecret(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/health", status(200, `"OK"`))
	require.NoError(t, h.c.Login(context.Background()))
	c := h.c
	for _, s := range []string{fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", *c),
		fmt.Sprintf("%+v", c.Pockets), fmt.Sprintf("%+v", c.TokenSource())} {
		for _, secret := range []string{testSecret, testPassword, "tok-1"} {
			assert.NotContains(t, s, secret)
		}
	}
	assert.Equal(t, "jiko.Client{base: "+testBase+"}", fmt.Sprint(c))
}

func TestLogsNeverCarryTokensOrSecrets(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, WithLogger(logger))
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(401, `{}`), status(503, `{}`), status(200, fixture(t, "pocket.json")))
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
	})
	out := logs.String()
	assert.Contains(t, out, `"msg":"jiko retrying"`)
	assert.Contains(t, out, `"status":503`)
	assert.Contains(t, out, `"msg":"jiko token refused, logging in again"`)
	for _, s := range []string{testSecret, testPassword, "tok-1", "tok-2", "Bearer"} {
		assert.NotContains(t, out, s)
	}
}

func TestTokenSourceOption(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var auth []string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		auth = append(auth, r.Header.Get("Authorization"))
		if len(auth) == 1 {
			return httpmock.NewStringResponse(401, `{}`), nil
		}
		return httpmock.NewStringResponse(200, `"OK"`), nil
	})
	n := 0
	ts := tokenSourceFunc(func() (*oauth2.Token, error) {
		n++
		return &oauth2.Token{AccessToken: fmt.Sprintf("ext-%d", n)}, nil
	})
	c, err := NewClient(WithBaseURL(testBase), WithTokenSource(ts), WithSigningSecret(testSecret), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	require.NoError(t, c.Do(context.Background(), "GET", "/api/v1/agreements/", nil, nil, nil))
	assert.Equal(t, []string{"Bearer ext-1", "Bearer ext-2"}, auth)

	tok, err := c.TokenSource().Token()
	require.NoError(t, err)
	assert.Equal(t, "ext-2", tok.AccessToken)
	assert.Equal(t, "jiko token source", fmt.Sprint(c.TokenSource()))
}

type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

func TestHealthCheckSendsNoCredentials(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/health", status(200, `"OK"`))
	s, err := h.c.Health.Check(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "OK", s)
	r := h.last()
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.Empty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Empty(t, r.Header.Get("X-Jiko-Idempotency"))
	assert.EqualValues(t, 0, h.logins.Load())

	h.on("GET", "/health", status(200, `"DEGRADED"`))
	_, err = h.c.Health.Check(context.Background())
	assert.EqualError(t, err, `jiko: GET /health: status "DEGRADED"`)
}

func TestDoReachesAnyOperation(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/sandbox/fund/", status(202, ``))
	err := h.c.Do(context.Background(), "POST", "/api/v1/sandbox/fund/", nil,
		map[string]any{"account_id": pocketID, "amount_usdc": 10123}, nil)
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, `{"account_id":"`+pocketID+`","amount_usdc":10123}`, string(r.Body))
	assert.Equal(t, NewSigner(testSecret).Sign(r.Header.Get("X-Jiko-Idempotency"), "/api/v1/sandbox/fund/", r.Body), r.Header.Get("X-Jiko-Signature"))

	assert.EqualError(t, h.c.Do(context.Background(), "GET", "api/v1/x/", nil, nil, nil), `jiko: path: "api/v1/x/" must start with '/'`)
}

func TestUndecodableResponse(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, `{"id": 5}`))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 200, jerr.StatusCode)
	assert.False(t, jerr.MayHaveSucceeded, "a read takes no effect")
	assert.Equal(t, h.last().Header.Get("X-Jiko-Idempotency"), jerr.IdempotencyKey)
	assert.ErrorContains(t, err, "jiko: GET /api/v2/pockets/"+pocketID+"/: unusable 200 response: decoding the response: json: cannot unmarshal number")
	assert.NotContains(t, err.Error(), "may have taken effect")
}

func TestWithIdempotencyKeyValidation(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, WithIdempotencyKey("order-17"))
	assert.EqualError(t, err, `jiko: WithIdempotencyKey: "order-17" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}

func TestIdempotencyKeyForIsStable(t *testing.T) {
	a := IdempotencyKeyFor("transfer:1")
	assert.Equal(t, a, IdempotencyKeyFor("transfer:1"))
	assert.NotEqual(t, a, IdempotencyKeyFor("transfer:2"))
	u, err := uuid.Parse(a)
	require.NoError(t, err)
	assert.Equal(t, uuid.Version(5), u.Version())
}

package jiko

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests pin the error contract of a call: what the caller is told
// when an outcome is unknown, unusable, refused locally or cut short.

var getPocketPath = "/api/v2/pockets/" + pocketID + "/"

func dropped(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection reset by peer")
}

func TestAnAnswerAfterADroppedAttemptSaysItMayHaveSucceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		path := "/api/v2/customers/" + customerID + "/pockets/"
		// The first attempt went out and got no answer; the resend is
		// refused (a rule now fails because the first one acted).
		h.on("POST", path, dropped, status(422, `{"detail":[{"loc":["body","pocket_name"],"msg":"already exists","type":"value_error"}]}`))
		_, err := h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{PocketName: "A", DepositStrategyID: StrategyUST4W})
		var jerr *Error
		require.ErrorAs(t, err, &jerr)
		assert.Equal(t, 422, jerr.StatusCode)
		assert.True(t, jerr.MayHaveSucceeded)
		assert.True(t, MayHaveSucceeded(err))
		assert.Contains(t, err.Error(), "may have taken effect: resend with idempotency key "+jerr.IdempotencyKey)

		// Without a dropped attempt the same refusal is plain.
		h.on("POST", path, status(422, `{"detail":"no"}`))
		_, err = h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{PocketName: "A", DepositStrategyID: StrategyUST4W})
		assert.False(t, MayHaveSucceeded(err))
	})
}

func TestAnEmptyTwoHundredIsAnError(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	h.on("POST", path, status(201, ""))
	p, err := h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{PocketName: "A", DepositStrategyID: StrategyUST4W})
	assert.Nil(t, p)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 201, jerr.StatusCode)
	assert.True(t, jerr.MayHaveSucceeded, "the object exists: the caller must learn its id by resending")
	assert.Equal(t, h.last().Header.Get("X-Jiko-Idempotency"), jerr.IdempotencyKey)
	assert.ErrorContains(t, err, "unusable 201 response: the response has no body")
}

func TestAnOversizedAnswerIsAnErrorWithItsStatusAndKey(t *testing.T) {
	h := newHarness(t)
	h.on("GET", getPocketPath, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(200, nil)
		resp.ContentLength = MaxResponseBody + 1
		return resp, nil
	})
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 200, jerr.StatusCode)
	assert.NotEmpty(t, jerr.IdempotencyKey)
	assert.ErrorContains(t, err, "response body larger than")
	assert.Len(t, h.requests(), 1, "not retried")
}

func TestRetryAfterBeyondTheCapReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", getPocketPath, status(429, `{"detail":"slow down"}`, "Retry-After", "3600"))
		start := time.Now()
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		assert.True(t, IsRateLimited(err))
		assert.Zero(t, time.Since(start))
		assert.Len(t, h.requests(), 1)
	})
}

func TestContextEndingDuringAWaitKeepsTheAPIError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.on("GET", getPocketPath, status(429, `{"detail":"slow down"}`, "Retry-After", "30"))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		_, err := h.c.Pockets.Get(ctx, pocketID, nil)
		assert.True(t, IsRateLimited(err), "the 429 stays in view")
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestACallCancelledBeforeSendingSaysSo(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.c.Pockets.Get(ctx, pocketID, nil)
	assert.ErrorIs(t, err, context.Canceled)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Zero(t, jerr.Attempts)
	assert.False(t, jerr.MayHaveSucceeded)
	assert.Contains(t, err.Error(), "not sent")
	assert.Empty(t, h.requests())
}

func TestPermanentTransportErrorsAreNotRetried(t *testing.T) {
	h := newHarness(t)
	h.on("GET", getPocketPath, func(*http.Request) (*http.Response, error) {
		return nil, &url.Error{Op: "Get", URL: testBase, Err: x509.UnknownAuthorityError{}}
	})
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	require.Error(t, err)
	assert.Len(t, h.requests(), 1)
	assert.False(t, MayHaveSucceeded(err), "nothing was sent past a failed handshake")
}

func TestErrorMessageCarriesTypeTraceAndAnyDetailShape(t *testing.T) {
	cases := map[string]string{
		`{"detail":{"message":"pocket frozen"}}`:                "400 Bad Request: pocket frozen",
		`{"detail":{"code":7}}`:                                 `400 Bad Request: {"code":7}`,
		`Service temporarily degraded`:                          "400 Bad Request: Service temporarily degraded",
		`{"type":"https://x/t","detail":"no","trace_id":"abc"}`: "400 Bad Request: no (type https://x/t) (trace id abc)",
	}
	for body, want := range cases {
		e := newAPIError(400, "GET", "/p/", "k", 1, http.Header{}, []byte(body), true)
		assert.Contains(t, e.Error(), want, body)
	}
	e := newAPIError(400, "GET", "/p/", "k", 1, http.Header{"X-Request-Id": {"req-9"}}, []byte(`{}`), true)
	assert.Equal(t, "req-9", e.TraceID)
}

func TestLoginErrorsNeverEchoWhatWasSent(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(422, `{"detail":[{"loc":["body","password"],"msg":"bad value wrong-`+testPassword+`","type":"x"}]}`), nil
	})
	c, err := NewClient(WithBaseURL(testBase), WithCredentials(testUser, "wrong-"+testPassword),
		WithSigningSecret(testSecret), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	err = c.Login(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testPassword)
	assert.Contains(t, err.Error(), "body.password")
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Empty(t, jerr.IdempotencyKey, "the login sends no key")
	assert.Empty(t, jerr.Body)
	//lint:ignore SA1012 a nil context is the bad input under test
	assert.Error(t, c.Login(nil))
}

func TestBaseURLWithAPasswordIsRedacted(t *testing.T) {
	_, err := NewClient(WithBaseURL("https://user:hunter2@acme.sandbox-api.jikoservices.com"),
		WithCredentials("u", "p"), WithSigningSecret("s"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
	_, err = NewClient(WithBaseURL("ht!tp://user:hunter2@%zz"), WithCredentials("u", "p"), WithSigningSecret("s"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestUnsafePathSegmentsAreRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for _, id := range []string{"", "  ", ".", "..", "a/../b", "..\\x", "%2e%2e", "\uff0e\uff0e", "a\x00"} {
		_, err := h.c.Pockets.GetForCustomer(ctx, customerID, id, nil)
		var v *ValidationError
		require.ErrorAs(t, err, &v, "%q", id)
		assert.Equal(t, "pocket_id", v.Field)
		assert.True(t, IsValidation(err))
	}
	assert.Empty(t, h.requests())
	// Any other text is an id: escaped, never interpreted.
	h.on("GET", "/api/v2/pockets/a%3F..%3Bb%20.../", status(404, `{"detail":"Not found"}`))
	_, err := h.c.Pockets.Get(ctx, "a?..;b ...", nil)
	assert.True(t, IsNotFound(err))
	assert.Len(t, h.requests(), 1)
}

func TestDoRefusesWhatItCannotSendAsIs(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var out map[string]any
	for path, field := range map[string]string{
		"/api/v2/pockets/?limit=1": "path", "/api/v2/pockets/#x": "path", "/api/v2/../v1/x/": "path",
		"/api/v2//pockets/": "path", "/api/v2/%2e%2e/x/": "path", "/api/v2/a%2F..%2F..%2Fb/": "path",
		"/api/v2/a%5Cb/": "path", "/api/v2/a\\b/": "path", "/api/v2/a%00/": "path", "/api/v2/%252e%252e/": "path",
		"/api/v2/%EF%BC%8E%EF%BC%8E/": "path", "/api/v2/%zz/": "path",
	} {
		err := h.c.Do(ctx, "GET", path, nil, nil, &out)
		var v *ValidationError
		require.ErrorAs(t, err, &v, path)
		assert.Equal(t, field, v.Field)
	}
	err := h.c.Do(ctx, "GET", "/api/v2/pockets/", nil, nil, out)
	assert.EqualError(t, err, "jiko: out: must be nil or a non-nil pointer, not map[string]interface {}")
	var nilPtr *Pocket
	assert.Error(t, h.c.Do(ctx, "GET", "/api/v2/pockets/", nil, nil, nilPtr))
	assert.Empty(t, h.requests())
}

func TestWithHeaderValidatesNamesAndValues(t *testing.T) {
	h := newHarness(t)
	for _, o := range []CallOption{WithHeader("X Bad", "v"), WithHeader("X-Ok", "a\x00b"), WithHeader("X-Ok", "a\nb"),
		WithHeader("x-jiko-signature", "forged"), WithHeader("", "v")} {
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, o)
		assert.True(t, IsValidation(err), "%v", err)
	}
	assert.Empty(t, h.requests())
	_, err := NewClient(WithBaseURL(testBase), WithCredentials("u", "p"), WithSigningSecret("s"), WithHeader("Bad:Name", "v"))
	assert.ErrorContains(t, err, `WithHeader: "Bad:Name" is not a valid header name`)
}

func TestWithResponseIntoReportsTheExchange(t *testing.T) {
	h := newHarness(t)
	h.on("GET", getPocketPath, status(200, fixture(t, "pocket_get.json"), "X-Trace-Id", "trace-1"))
	var resp Response
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "trace-1", resp.TraceID)
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, h.last().Header.Get("X-Jiko-Idempotency"), resp.IdempotencyKey)

	h.on("GET", getPocketPath, status(404, `{"detail":"Not found"}`))
	_, err = h.c.Pockets.Get(context.Background(), pocketID, nil, WithResponseInto(&resp))
	assert.True(t, IsNotFound(err))
	assert.Equal(t, 404, resp.StatusCode)

}

func TestClockSkewedLoginDoesNotLogInOnEveryCall(t *testing.T) {
	var logins int
	var logs bytes.Buffer
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		if req.URL.Path == loginPath {
			logins++
			// The server's own clock says the token is already past (and
			// writes expires without an offset, with a space).
			resp := httpmock.NewStringResponse(200, `{"token":"t","expires":"2020-01-01 00:00:00"}`)
			resp.Header.Set("Date", time.Date(2020, 1, 1, 0, 5, 0, 0, time.UTC).Format(http.TimeFormat))
			return resp, nil
		}
		return httpmock.NewStringResponse(200, fixture(t, "pocket_get.json")), nil
	})
	c, err := NewClient(WithBaseURL(testBase), WithCredentials("u", "p"), WithSigningSecret("s"),
		WithHTTPClient(&http.Client{Transport: mt}), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	for range 3 {
		_, err := c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, logins)
	assert.Equal(t, 1, strings.Count(logs.String(), "expires in the past"))
}

func TestLoginLifetimeIsMeasuredOnTheServersClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logins int
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			if req.URL.Path == loginPath {
				logins++
				// The server runs two hours ahead; its tokens live an hour.
				server := time.Now().Add(2 * time.Hour)
				resp := httpmock.NewStringResponse(200, `{"token":"t","expires":"`+server.Add(time.Hour).UTC().Format("2006-01-02T15:04:05.999999")+`"}`)
				resp.Header.Set("Date", server.UTC().Format(http.TimeFormat))
				return resp, nil
			}
			return httpmock.NewStringResponse(200, `{"id":"x"}`), nil
		})
		c, err := NewClient(WithBaseURL(testBase), WithCredentials("u", "p"), WithSigningSecret("s"), WithHTTPClient(&http.Client{Transport: mt}))
		require.NoError(t, err)
		_, err = c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
		time.Sleep(50 * time.Minute)
		_, err = c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
		assert.Equal(t, 1, logins, "still valid 50 minutes in on the local clock")
		time.Sleep(6 * time.Minute)
		_, err = c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err)
		assert.Equal(t, 2, logins, "renewed five minutes before the end")
	})
}

func TestDiscardLoggerCostsNoAllocations(t *testing.T) {
	h := newHarness(t)
	h.on("GET", getPocketPath, status(200, fixture(t, "pocket_get.json")))
	k := &callState{c: h.c, ctx: context.Background(), r: request{method: "GET", path: getPocketPath}}
	allocs := testing.AllocsPerRun(100, func() {
		if h.c.logger.Enabled(k.ctx, slog.LevelDebug) {
			h.c.logger.DebugContext(k.ctx, "jiko attempt", k.logAttrs("status", 200)...)
		}
	})
	assert.Zero(t, allocs)
}

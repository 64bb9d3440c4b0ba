package jiko

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
	"golang.org/x/oauth2"
)

type oauth2Token = oauth2.Token

// maxEarlyRefresh is how long before its expiry a token is renewed, at most;
// shorter-lived tokens are renewed when a fifth of their life is left.
const maxEarlyRefresh = 5 * time.Minute

// maxClockNoise is the disagreement between the server's Date and the local
// clock that is taken as noise rather than skew.
const maxClockNoise = 5 * time.Second

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token   string    `json:"token"`
	Expires loginTime `json:"expires"`
}

// loginTime reads the login's expires: RFC 3339, and also the forms
// without an offset (taken as UTC) or with a space for the T.
type loginTime struct{ time.Time }

var loginTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

func (t *loginTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("expires: %w", err)
	}
	for _, layout := range loginTimeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("expires: %q is not a timestamp", s)
}

// login performs POST /api/v1/login/. The request body holds the password,
// so it is never logged, and the error body is not kept (ops.Login's
// secrets and hidden error text).
//
// The token's lifetime is measured on the server's clock (expires less the
// response's Date) and applied to the local one, so a skewed local clock
// neither renews the token on every call nor keeps it past its end. A token
// whose expires is already past on the server's own clock is kept until the
// API refuses it (a 401 then logs in again), and the skew is logged once.
func (c *Client) login(ctx context.Context, username, password string) (*oauth2.Token, error) {
	var meta Response
	resp, err := call[loginResponse](ctx, c, at(ops.Login), nil, &loginRequest{Username: username, Password: password},
		[]CallOption{WithResponseInto(&meta)})
	if err != nil {
		return nil, err
	}
	if resp.Token == "" {
		return nil, errors.New("jiko: " + ops.Login.String() + ": response has no token")
	}
	tok := &oauth2.Token{AccessToken: resp.Token, TokenType: "Bearer"}
	if resp.Expires.IsZero() {
		return tok, nil
	}
	now := c.now()
	serverNow := now
	// Date has a one-second resolution: trust it over the local clock only
	// when the two disagree by more than that could explain.
	if d, err := http.ParseTime(meta.Header.Get("Date")); err == nil && (d.Sub(now) > maxClockNoise || now.Sub(d) > maxClockNoise) {
		serverNow = d
	}
	lifetime := resp.Expires.Sub(serverNow)
	if lifetime <= 0 {
		c.skewOnce.Do(func() {
			c.logger.WarnContext(ctx, "jiko login token expires in the past; keeping it until the API refuses it",
				"expires", resp.Expires.Time, "server_date", serverNow, "local_now", now)
		})
		return tok, nil
	}
	tok.Expiry = now.Add(lifetime)
	return tok, nil
}

// Login logs in now (POST /api/v1/login/), or reuses a valid cached token,
// and reports whether it worked. Calls log in by themselves when needed;
// Login is for checking the credentials at start-up, so that a bad password
// stops a deployment before the first real call. [IsUnauthorized] reports
// refused credentials; with [WithTokenSource], the token source's own error
// comes back as it is. The API's error text is not kept, since it could
// echo the password.
func (c *Client) Login(ctx context.Context) error {
	if ctx == nil {
		return invalid("ctx", "is nil")
	}
	_, err := c.tokens.token(ctx)
	return err
}

// TokenSource returns the client's token source: the cached bearer token,
// renewed well before it expires with a single login however many goroutines
// ask at once. It serves other code that needs the same token as an
// [oauth2.TokenSource], such as another client of the same partner account,
// so that the two do not log in separately.
func (c *Client) TokenSource() oauth2.TokenSource { return c.tokens }

// tokenCache holds the current bearer token and makes sure that concurrent
// callers who find it missing or stale trigger a single fetch.
type tokenCache struct {
	fetch func(context.Context) (*oauth2.Token, error)
	now   func() time.Time

	mu        sync.Mutex
	tok       *oauth2.Token
	refreshAt time.Time // zero: no expiry known
	flight    *tokenFlight
}

type tokenFlight struct {
	done chan struct{}
	err  error
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error), now func() time.Time) *tokenCache {
	return &tokenCache{fetch: fetch, now: now}
}

// Token implements oauth2.TokenSource.
func (tc *tokenCache) Token() (*oauth2.Token, error) {
	tok, err := tc.get(context.Background())
	if err != nil {
		return nil, err
	}
	t := *tok
	return &t, nil
}

// String never shows the token.
func (tc *tokenCache) String() string { return "jiko token source" }

// token returns the current access token, fetching one if needed.
func (tc *tokenCache) token(ctx context.Context) (string, error) {
	tok, err := tc.get(ctx)
	if err != nil {
		return "", err
	}
	return tok.AccessToken, nil
}

// get returns the current token; the *oauth2.Token is never modified.
func (tc *tokenCache) get(ctx context.Context) (*oauth2.Token, error) {
	for {
		tc.mu.Lock()
		if tc.tok != nil && (tc.refreshAt.IsZero() || tc.now().Before(tc.refreshAt)) {
			t := tc.tok
			tc.mu.Unlock()
			return t, nil
		}
		if f := tc.flight; f != nil {
			tc.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if f.err != nil {
				// The fetch failed. If it failed only because its own
				// caller gave up, try again on behalf of this one.
				if isContextErr(f.err) && ctx.Err() == nil {
					continue
				}
				return nil, f.err
			}
			continue
		}
		f := &tokenFlight{done: make(chan struct{})}
		tc.flight = f
		tc.mu.Unlock()
		return tc.fill(ctx, f)
	}
}

// fill fetches a token for the flight f and releases its waiters, even if
// the fetch panics.
func (tc *tokenCache) fill(ctx context.Context, f *tokenFlight) (tok *oauth2.Token, err error) {
	err = errors.New("jiko: token source panicked")
	defer func() {
		tc.mu.Lock()
		if err == nil {
			tc.tok, tc.refreshAt = tok, refreshTime(tok.Expiry, tc.now())
		}
		f.err = err
		tc.flight = nil
		tc.mu.Unlock()
		close(f.done)
	}()
	tok, err = tc.fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("jiko: token source returned an empty token")
	}
	if err != nil {
		return nil, err
	}
	return tok, nil
}

// invalidate forgets the token if it is still the one the API refused.
func (tc *tokenCache) invalidate(access string) {
	tc.mu.Lock()
	if tc.tok != nil && tc.tok.AccessToken == access {
		tc.tok = nil
	}
	tc.mu.Unlock()
}

func refreshTime(expiry, now time.Time) time.Time {
	if expiry.IsZero() {
		return time.Time{}
	}
	early := min(maxEarlyRefresh, expiry.Sub(now)/5)
	return expiry.Add(-max(early, 0))
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

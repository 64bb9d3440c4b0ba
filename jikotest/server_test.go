package jikotest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const customerID = "62c5272e-ef8c-4d8a-a49d-633432409fd4"

// raw sends a request by hand, signing it with key unless sign is false.
func raw(t *testing.T, srv *jikotest.Server, method, path, token, key string, body []byte, sign bool) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	if len(body) > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("X-Jiko-Idempotency", key)
	}
	if sign {
		req.Header.Set("X-Jiko-Signature", handSign(srv.SigningSecret(), key, path, body))
	}
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// handSign is the request signature computed by hand, independently of
// jiko.Signer: base64(HMAC-SHA256(secret, key + escaped path + body)).
func handSign(secret, key, path string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(key + path))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func login(t *testing.T, srv *jikotest.Server) string {
	t.Helper()
	token, expires := loginAnswer(t, srv)
	assert.WithinDuration(t, time.Now().Add(time.Hour), expires, 5*time.Second)
	return token
}

// loginAnswer logs in by hand and returns the token and its expiry.
func loginAnswer(t *testing.T, srv *jikotest.Server) (string, time.Time) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": srv.Username(), "password": srv.Password()})
	code, out := raw(t, srv, "POST", "/api/v1/login/", "", "", body, false)
	require.Equal(t, 200, code, out)
	var resp struct {
		Token   string    `json:"token"`
		Expires time.Time `json:"expires"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &resp))
	return resp.Token, resp.Expires
}

func TestLoginAndCredentialChecks(t *testing.T) {
	srv := jikotest.NewServer()
	defer srv.Close()
	code, out := raw(t, srv, "POST", "/api/v1/login/", "", "", []byte(`{"username":"`+srv.Username()+`","password":"wrong"}`), false)
	assert.Equal(t, 401, code)
	assert.Equal(t, `{"detail":"Incorrect username or password"}`, out)
	code, out = raw(t, srv, "POST", "/api/v1/login/", "", "", []byte(`{}`), false)
	assert.Equal(t, 422, code)
	assert.Contains(t, out, `"loc":["body","username"]`)

	token := login(t, srv)
	key := uuid.NewString()
	code, out = raw(t, srv, "GET", "/api/v2/pockets/", "", key, nil, true)
	assert.Equal(t, 401, code)
	assert.Equal(t, `{"detail":"Not authenticated"}`, out)
	code, out = raw(t, srv, "GET", "/api/v2/pockets/", "not-a-token", key, nil, true)
	assert.Equal(t, 401, code, out)

	code, out = raw(t, srv, "GET", "/api/v2/pockets/", token, "", nil, false)
	assert.Equal(t, 422, code)
	assert.Equal(t, `{"detail":[{"loc":["header","x-jiko-idempotency"],"msg":"field required","type":"value_error.missing"},{"loc":["header","x-jiko-signature"],"msg":"field required","type":"value_error.missing"}]}`, out)
	code, out = raw(t, srv, "GET", "/api/v2/pockets/", token, "order-1", nil, true)
	assert.Equal(t, 422, code)
	assert.Contains(t, out, "value is not a valid uuid")

	req, _ := http.NewRequest("GET", srv.URL+"/api/v2/pockets/", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Jiko-Idempotency", key)
	req.Header.Set("X-Jiko-Signature", jiko.NewSigner("wrong-secret").Sign(key, "/api/v2/pockets/", nil))
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Contains(t, string(b), "Invalid x-jiko-signature")

	code, _ = raw(t, srv, "GET", "/api/v2/pockets/", token, key, nil, true)
	assert.Equal(t, 200, code)
	code, out = raw(t, srv, "GET", "/health", "", "", nil, false)
	assert.Equal(t, 200, code)
	assert.Equal(t, `"OK"`, out)
	code, out = raw(t, srv, "GET", "/api/v9/nothing/", token, uuid.NewString(), nil, true)
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"detail":"Not Found"}`, out)
	assert.Equal(t, 1, srv.Logins())
}

// TestSignatureIsCheckedWithoutTheSDK signs by hand, not with jiko.Signer:
// the fake must accept the rule itself, whatever the SDK computes.
func TestSignatureIsCheckedWithoutTheSDK(t *testing.T) {
	srv := jikotest.NewServer(jikotest.WithSigningSecret("shared-secret-here"))
	defer srv.Close()
	srv.AddCustomer(customerID)
	token := login(t, srv)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	body := []byte(`{"pocket_name":"Rainy day","deposit_strategy_id":"UST-4W"}`)
	send := func(method, target, key, sig string, body []byte) int {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+target, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", key)
		req.Header.Set("X-Jiko-Signature", sig)
		resp, err := srv.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}

	// The reference's rule, computed by hand: accepted.
	key := "497f6eca-6276-4993-bfeb-53cbbbba6f08"
	assert.Equal(t, 201, send("POST", path, key, handSign("shared-secret-here", key, path, body), body))
	// The query is not signed.
	key = uuid.NewString()
	assert.Equal(t, 200, send("GET", path+"?limit=5", key, handSign("shared-secret-here", key, path, nil), nil))

	// Wrong signatures: refused with 403, no side effect.
	effects := srv.SideEffects()
	key = uuid.NewString()
	good := handSign("shared-secret-here", key, path, body)
	for name, sig := range map[string]string{
		"another secret":        handSign("other-secret", key, path, body),
		"another key":           handSign("shared-secret-here", uuid.NewString(), path, body),
		"path without slash":    handSign("shared-secret-here", key, strings.TrimSuffix(path, "/"), body),
		"query signed":          handSign("shared-secret-here", key, path+"?limit=5", body),
		"body left out":         handSign("shared-secret-here", key, path, nil),
		"unpadded base64":       strings.TrimRight(good, "="),
		"URL-safe base64":       base64.URLEncoding.EncodeToString(mustDecode(t, good)),
		"hex instead of base64": fmt.Sprintf("%x", mustDecode(t, good)),
	} {
		if name == "URL-safe base64" && base64.URLEncoding.EncodeToString(mustDecode(t, good)) == good {
			continue // no '+' or '/' in this one: it would be the same text
		}
		assert.Equal(t, 403, send("POST", path, key, sig, body), name)
	}
	assert.Equal(t, effects, srv.SideEffects())
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestSignatureCoversTheExactBody(t *testing.T) {
	srv := jikotest.NewServer()
	defer srv.Close()
	srv.AddCustomer(customerID)
	token := login(t, srv)
	key := uuid.NewString()
	path := "/api/v2/customers/" + customerID + "/pockets/"
	signed := []byte(`{"pocket_name":"A","deposit_strategy_id":"UST-4W"}`)
	req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader([]byte(`{"pocket_name":"B","deposit_strategy_id":"UST-4W"}`)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Jiko-Idempotency", key)
	req.Header.Set("X-Jiko-Signature", handSign(srv.SigningSecret(), key, path, signed))
	resp, err := srv.HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Equal(t, 0, srv.SideEffects())
}

func TestExpiredTokenIsRefusedAndTheClientLogsInAgain(t *testing.T) {
	clock := jikotest.NewClock(time.Now())
	srv := jikotest.NewServer(jikotest.WithClock(clock))
	c := srv.Client(t)
	ctx := context.Background()
	_, err := c.Strategies.List(ctx).Collect()
	require.NoError(t, err)
	clock.Advance(2 * time.Hour) // the server's clock runs ahead: the token is stale
	_, err = c.Strategies.List(ctx).Collect()
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Logins())
	reqs := srv.Requests()
	var statuses []int
	for _, r := range reqs {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{200, 200, 401, 200, 200}, statuses, "login, list, expired, login, list")
}

// A short lifetime is the expiry the login answers (what a client renews
// by: the client's own renewal at a fifth of the life left is tested in
// package jiko), and the server refuses the token from then on, on its
// clock.
func TestShortTokenLifetimeEndsOnTheServerClock(t *testing.T) {
	start := time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)
	clock := jikotest.NewClock(start)
	srv := jikotest.NewServer(jikotest.WithClock(clock), jikotest.WithTokenLifetime(500*time.Millisecond))
	defer srv.Close()
	srv.AddCustomer(customerID)
	token, expires := loginAnswer(t, srv)
	assert.Equal(t, start.Add(500*time.Millisecond), expires.UTC())

	path := "/api/v2/customers/" + customerID + "/pockets/"
	clock.Advance(499 * time.Millisecond)
	code, out := raw(t, srv, "GET", path, token, uuid.NewString(), nil, true)
	assert.Equal(t, 200, code, out)
	clock.Advance(time.Millisecond)
	code, out = raw(t, srv, "GET", path, token, uuid.NewString(), nil, true)
	assert.Equal(t, 401, code)
	assert.Equal(t, `{"detail":"Token has expired"}`, out)
}

func TestResendWithTheSameKeyActsOnce(t *testing.T) {
	srv := jikotest.NewServer()
	srv.AddCustomer(customerID)
	c := srv.Client(t)
	ctx := context.Background()
	key := jiko.IdempotencyKeyFor("pocket-for-order-7")
	req := &jiko.PocketCreateRequest{PocketName: "Savings", DepositStrategyID: jiko.StrategyUST13W}
	p1, err := c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	p2, err := c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, p1, p2)
	assert.Equal(t, 1, srv.SideEffects())
	assert.Len(t, srv.Pockets(), 1)
	reqs := srv.Requests()
	assert.False(t, reqs[len(reqs)-2].Replayed)
	assert.True(t, reqs[len(reqs)-1].Replayed)

	_, err = c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: "Other", DepositStrategyID: jiko.StrategyUST4W},
		jiko.WithIdempotencyKey(key))
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 409, jerr.StatusCode)
	assert.Equal(t, "x-jiko-idempotency key was already used for a different request", jerr.Detail)
	assert.Equal(t, 1, srv.SideEffects())
}

func TestPocketLifecycleRules(t *testing.T) {
	srv := jikotest.NewServer()
	srv.AddCustomer(customerID)
	c := srv.Client(t)
	ctx := context.Background()

	a, err := c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: "Spending", DepositStrategyID: jiko.StrategyUST4W})
	require.NoError(t, err)
	assert.Equal(t, jiko.PocketStatusOpen, a.Status)
	assert.Equal(t, customerID, a.CustomerID)
	assert.Equal(t, "$0.00", a.Portfolio.TotalValue.String())

	_, err = c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: "X", DepositStrategyID: "UST-99W"})
	assert.True(t, jiko.IsValidation(err))
	assert.ErrorContains(t, err, "body.deposit_strategy_id: value is not a valid enumeration member")
	_, err = c.Pockets.Create(ctx, uuid.NewString(), &jiko.PocketCreateRequest{PocketName: "X", DepositStrategyID: jiko.StrategyUST4W})
	assert.True(t, jiko.IsNotFound(err))

	_, err = c.Pockets.Close(ctx, customerID, a.ID, jiko.ClosureReasonUserInstigated)
	assert.True(t, jiko.IsValidation(err))
	assert.ErrorContains(t, err, "The customer must keep at least one other open Pocket")

	b, err := c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: "Savings", DepositStrategyID: jiko.StrategyUST52W})
	require.NoError(t, err)
	require.NoError(t, srv.SetBalance(a.ID, 10123))
	_, err = c.Pockets.Close(ctx, customerID, a.ID, jiko.ClosureReasonUserInstigated)
	var jerr *jiko.Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "Pocket must be empty to be closed", jerr.Detail)
	assert.Equal(t, "/api/v2/customers/"+customerID+"/pockets/"+a.ID+"/", jerr.Instance)

	renamed, err := c.Pockets.Update(ctx, customerID, a.ID, &jiko.PocketUpdateRequest{
		PocketName: jiko.Set("Bills"), ReinvestmentStrategyID: jiko.Set(jiko.StrategyUST13W)})
	require.NoError(t, err)
	assert.Equal(t, "Bills", renamed.PocketName)
	assert.Equal(t, jiko.StrategyUST13W, *renamed.ReinvestmentStrategyID)
	assert.Nil(t, renamed.Portfolio, "Update Pocket answers without a portfolio, as the reference's example")
	got, err := c.Pockets.GetForCustomer(ctx, customerID, a.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "$101.23", got.Portfolio.TotalValue.String())
	cleared, err := c.Pockets.Update(ctx, customerID, a.ID, &jiko.PocketUpdateRequest{ReinvestmentStrategyID: jiko.Null[jiko.StrategyID]()})
	require.NoError(t, err)
	assert.Nil(t, cleared.ReinvestmentStrategyID)
	assert.Equal(t, "Bills", cleared.PocketName, "fields left alone stay")

	require.NoError(t, srv.SetBalance(a.ID, 0))
	closed, err := c.Pockets.Close(ctx, customerID, a.ID, jiko.ClosureReasonUserInstigated)
	require.NoError(t, err)
	assert.Equal(t, jiko.PocketStatusClosed, closed.Status)
	_, err = c.Pockets.Close(ctx, customerID, b.ID, jiko.ClosureReasonUserInstigated)
	assert.ErrorContains(t, err, "The customer must keep at least one other open Pocket")

	// Only the Status CLOSED can be set, whatever the client allows.
	err = c.Do(ctx, "PATCH", "/api/v2/customers/"+customerID+"/pockets/"+b.ID+"/", nil, map[string]string{"status": "FROZEN"}, nil)
	assert.ErrorContains(t, err, "body.status: unexpected value; permitted: 'CLOSED'")

	open, err := c.Pockets.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, open, 1, "CLOSED is not listed by default")
	assert.Equal(t, b.ID, open[0].ID)
	all, err := c.Pockets.ListForCustomer(ctx, customerID, &jiko.PocketListParams{
		Status: []jiko.PocketStatus{jiko.PocketStatusOpen, jiko.PocketStatusClosed}}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 2)

	got, err = c.Pockets.GetForCustomer(ctx, customerID, a.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, jiko.PocketStatusClosed, got.Status)
	_, err = c.Pockets.GetForCustomer(ctx, uuid.NewString(), a.ID, nil)
	assert.True(t, jiko.IsNotFound(err), "another customer's pocket is not found")
	byID, err := c.Pockets.Get(ctx, a.ID, &jiko.PocketGetParams{Omit: []string{"portfolio"}})
	require.NoError(t, err)
	assert.Nil(t, byID.Portfolio)
}

func TestListsPageWithOpaqueCursors(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	for i := range 7 {
		srv.AddPocket(customerID, jikotest.PocketSeed{Name: "P" + string(rune('0'+i))})
	}
	srv.AddPocket(uuid.NewString(), jikotest.PocketSeed{Name: "elsewhere"})
	ctx := context.Background()
	var names []string
	for p, err := range c.Pockets.ListForCustomer(ctx, customerID, &jiko.PocketListParams{Limit: 3}).All() {
		require.NoError(t, err)
		names = append(names, p.PocketName)
	}
	assert.Equal(t, []string{"P0", "P1", "P2", "P3", "P4", "P5", "P6"}, names)
	all, err := c.Pockets.List(ctx, &jiko.PocketListParams{Limit: 30}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 8)

	page, err := c.Pockets.ListPage(ctx, &jiko.PocketListParams{Limit: 5})
	require.NoError(t, err)
	assert.Len(t, page.Items, 5)
	assert.Empty(t, page.PrevPage)
	require.NotEmpty(t, page.NextPage)
	page2, err := c.Pockets.ListPage(ctx, &jiko.PocketListParams{Limit: 5, Cursor: page.NextPage})
	require.NoError(t, err)
	assert.Len(t, page2.Items, 3)
	assert.Empty(t, page2.NextPage)
	assert.NotEmpty(t, page2.PrevPage)

	_, err = c.Pockets.ListPage(ctx, &jiko.PocketListParams{Cursor: "!!"})
	assert.ErrorContains(t, err, "422 Unprocessable Entity: query.cursor: invalid cursor")
	err = c.Do(ctx, "GET", "/api/v2/pockets/", map[string][]string{"limit": {"31"}}, nil, nil)
	assert.ErrorContains(t, err, "query.limit")
}

func TestStrategiesAndEarnings(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	st, err := c.Strategies.List(ctx).Collect()
	require.NoError(t, err)
	require.Len(t, st, 4)
	assert.Equal(t, jiko.StrategyUST4W, st[0].ID)
	p := srv.AddPocket(customerID, jikotest.PocketSeed{})
	e, err := c.Pockets.GetEarnings(ctx, p.ID, &jiko.PocketEarningsParams{Period: jiko.EarningsRange, DateFrom: jiko.Date{Year: 2026, Month: 1, Day: 1}, DateTo: jiko.Date{Year: 2026, Month: 2, Day: 1}})
	require.NoError(t, err)
	assert.Equal(t, "$0.00", e.Earnings.String())
	assert.Equal(t, "2026-02-01", e.DateTo.String())
}

func TestKeyIsForgottenAfterTheWindow(t *testing.T) {
	clock := jikotest.NewClock(time.Now())
	srv := jikotest.NewServer(jikotest.WithClock(clock), jikotest.WithTokenLifetime(24*time.Hour))
	srv.AddCustomer(customerID)
	c := srv.Client(t)
	ctx := context.Background()
	key := jiko.IdempotencyKeyFor("window")
	req := &jiko.PocketCreateRequest{PocketName: "A", DepositStrategyID: jiko.StrategyUST4W}
	_, err := c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	clock.Advance(59 * time.Minute)
	_, err = c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SideEffects(), "within the hour: a resend")
	clock.Advance(2 * time.Minute)
	_, err = c.Pockets.Create(ctx, customerID, req, jiko.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, 2, srv.SideEffects(), "after the hour: a new request")
}

func TestConcurrentResendsActOnce(t *testing.T) {
	srv := jikotest.NewServer()
	defer srv.Close()
	srv.AddCustomer(customerID)
	token := login(t, srv)
	key := uuid.NewString()
	path := "/api/v2/customers/" + customerID + "/pockets/"
	body := []byte(`{"pocket_name":"Once","deposit_strategy_id":"UST-4W"}`)
	var wg sync.WaitGroup
	results := make([]string, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out := raw(t, srv, "POST", path, token, key, body, true)
			results[i] = fmt.Sprint(code, " ", out)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.SideEffects())
	for _, r := range results {
		assert.Equal(t, results[0], r)
	}
	assert.True(t, strings.HasPrefix(results[0], "201 "), results[0])
}

// A JSON body over the documented 1 MiB is refused with 413 before the
// operation runs: no transfer, no ledger entry, no side effect. A raw-file
// upload keeps the 50 MB limit of the reference.
func TestBodyOverTheLimitIsRefusedBeforeAnyEffect(t *testing.T) {
	w := newWorld(t)
	token := login(t, w.srv)
	before, entries := w.srv.SideEffects(), len(w.srv.LedgerEntries(""))
	total, available := w.balance(w.a.ID)

	padded := func(size int) []byte {
		b := []byte(`{"counterparty_id":"` + w.ach + `","direction":"CREDIT","amount_usdc":100,"pad":"`)
		b = append(b, bytes.Repeat([]byte("x"), size-len(b)-2)...)
		return append(b, '"', '}')
	}
	code, out := raw(t, w.srv, "POST", achPath(w.a.ID), token, uuid.NewString(), padded(12<<20), true)
	assert.Equal(t, 413, code)
	assert.JSONEq(t, `{"detail":"Request body too large: the limit is 1048576 bytes"}`, out)
	assert.Equal(t, before, w.srv.SideEffects())
	assert.Len(t, w.srv.LedgerEntries(""), entries)
	gotTotal, gotAvailable := w.balance(w.a.ID)
	assert.Equal(t, []int64{total, available}, []int64{gotTotal, gotAvailable})
	assert.Empty(t, w.srv.Requests()[len(w.srv.Requests())-1].Body, "a refused body is not kept")

	code, out = raw(t, w.srv, "POST", achPath(w.a.ID), token, uuid.NewString(), padded(1<<20), true)
	assert.Equal(t, 200, code, "exactly the limit is accepted: %s", out)
	assert.Equal(t, before+1, w.srv.SideEffects())

	code, out = raw(t, w.srv, "POST", "/api/v1/customers/"+customerID+"/documents/BANK_STATEMENT/file/", token, uuid.NewString(),
		bytes.Repeat([]byte{0xff}, 2<<20), false)
	assert.NotEqual(t, 413, code, "an upload takes the upload limit: %s", out)
}

// Every list checks its paging as FastAPI does: limit=0 is refused where
// the contract declares the limit greater than 0 (every list but v2 List
// Pockets, whose reference range is 0..30), and an integer present but
// empty ("limit=", "offset=") is not a valid integer rather than absent.
func TestListParamsAreCheckedAsFastAPIDoes(t *testing.T) {
	w := newWorld(t)
	token := login(t, w.srv)
	p, c := w.a.ID, customerID
	lists := []string{
		"/api/v1/customers/" + c + "/counterparties/", "/api/v2/customers/" + c + "/counterparties/",
		"/api/v1/jiko-accounts/" + p + "/cards/", "/api/v1/jiko-accounts/" + p + "/card-orders/",
		"/api/v1/jiko-accounts/" + p + "/ach-originating/", "/api/v2/pockets/" + p + "/transactions/",
		"/api/v1/jiko-accounts/" + p + "/transactions/", "/api/v1/jiko-accounts/" + p + "/trades/",
		"/api/v1/jiko-accounts/" + p + "/statements/", "/api/v1/events/", "/api/v1/subscriptions/",
		"/api/v1/wires/", "/api/v2/pockets/" + p + "/portals/", "/api/v1/customers/" + c + "/jiko-accounts/",
	}
	get := func(target string) (int, string) { // the signature covers the path, not the query
		path, query, _ := strings.Cut(target, "?")
		key := uuid.NewString()
		req, err := http.NewRequest("GET", w.srv.URL+path+"?"+query, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", key)
		req.Header.Set("X-Jiko-Signature", handSign(w.srv.SigningSecret(), key, path, nil))
		resp, err := w.srv.HTTPClient().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, path := range lists {
		code, out := get(path + "?limit=0")
		assert.Equal(t, 422, code, "%s?limit=0: %s", path, out)
		assert.Contains(t, out, `"loc":["query","limit"]`, path)
		code, out = get(path + "?limit=")
		assert.Equal(t, 422, code, "%s?limit=: %s", path, out)
		assert.Contains(t, out, `{"loc":["query","limit"],"msg":"value is not a valid integer","type":"type_error.integer"}`, path)
		code, out = get(path + "?limit=1")
		assert.Equal(t, 200, code, "%s?limit=1: %s", path, out)
	}
	code, out := get("/api/v1/customers/" + c + "/jiko-accounts/?offset=")
	assert.Equal(t, 422, code, out)
	assert.Contains(t, out, `"loc":["query","offset"]`)
	code, out = get("/api/v2/pockets/" + p + "/transactions/?amount_from=")
	assert.Equal(t, 422, code, out)
	code, out = get("/api/v2/pockets/?limit=0")
	assert.Equal(t, 200, code, "v2 List Pockets takes 0..30: %s", out)
	code, out = get("/api/v2/pockets/?limit=31")
	assert.Equal(t, 422, code, out)
	assert.Contains(t, out, `"msg":"ensure this value is less than or equal to 30","type":"value_error.number.not_le"`)
}

// Another method on a path answers 405 with the methods it takes, before
// any credential check, on the credential-free paths as on the others; an
// unknown path answers 404.
func TestOtherMethodsAnswer405BeforeCredentials(t *testing.T) {
	srv := jikotest.NewServer()
	defer srv.Close()
	for path, allow := range map[string]string{
		"/health": "GET, HEAD", "/api/v1/public-keys/": "GET, HEAD", "/api/v1/login/": "POST", "/api/v1/events/": "GET, HEAD",
	} {
		for _, method := range []string{"PUT", "DELETE", "PATCH"} {
			req, err := http.NewRequest(method, srv.URL+path, nil)
			require.NoError(t, err)
			resp, err := srv.HTTPClient().Do(req)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 405, resp.StatusCode, "%s %s: %s", method, path, b)
			assert.Equal(t, allow, resp.Header.Get("Allow"), "%s %s", method, path)
			assert.JSONEq(t, `{"detail":"Method Not Allowed"}`, string(b))
		}
	}
	code, out := raw(t, srv, "GET", "/api/v1/nothing-here/", "", "", nil, false)
	assert.Equal(t, 404, code, out)
}

// A resend is recognised by its meaning, not its bytes: the same key with
// the same JSON value (members in another order, other spacing) and the
// query parameters in another order is the same request, answered from the
// store with no second effect; another value under the key is a 409.
func TestResendWithEqualJSONIsTheSameRequest(t *testing.T) {
	w := newWorld(t)
	token := login(t, w.srv)
	key := uuid.NewString()
	path := achPath(w.a.ID)
	first := []byte(`{"counterparty_id":"` + w.ach + `","direction":"CREDIT","amount_usdc":1500}`)
	reordered := []byte("{ \"amount_usdc\": 1500,\n  \"direction\": \"CREDIT\", \"counterparty_id\": \"" + w.ach + "\" }")
	code, out1 := raw(t, w.srv, "POST", path, token, key, first, true)
	require.Equal(t, 200, code, out1)
	effects := w.srv.SideEffects()
	code, out2 := raw(t, w.srv, "POST", path, token, key, reordered, true)
	assert.Equal(t, 200, code, out2)
	assert.Equal(t, out1, out2, "the stored answer")
	assert.True(t, w.srv.Requests()[len(w.srv.Requests())-1].Replayed)
	assert.Equal(t, effects, w.srv.SideEffects(), "no second transfer")

	other := []byte(`{"counterparty_id":"` + w.ach + `","direction":"CREDIT","amount_usdc":1501}`)
	code, out := raw(t, w.srv, "POST", path, token, key, other, true)
	assert.Equal(t, 409, code, out)
	assert.Equal(t, effects, w.srv.SideEffects())

	list, key2 := "/api/v1/jiko-accounts/"+w.a.ID+"/ach-originating/", uuid.NewString()
	get := func(query string) (int, bool) {
		req, err := http.NewRequest("GET", w.srv.URL+list+"?"+query, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Jiko-Idempotency", key2)
		req.Header.Set("X-Jiko-Signature", handSign(w.srv.SigningSecret(), key2, list, nil))
		resp, err := w.srv.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("X-Jikotest-Replayed") == "true"
	}
	code, replayed := get("limit=5&direction=CREDIT")
	assert.Equal(t, []any{200, false}, []any{code, replayed})
	code, replayed = get("direction=CREDIT&limit=5")
	assert.Equal(t, []any{200, true}, []any{code, replayed}, "the same parameters in another order")
	code, _ = get("direction=CREDIT&limit=6")
	assert.Equal(t, 409, code)
}

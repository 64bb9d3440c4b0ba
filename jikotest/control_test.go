package jikotest_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// controlled is a server with its HTTP controls enabled, on a fixed clock,
// seeded by seed.
type controlled struct {
	t       *testing.T
	srv     *jikotest.Server
	clock   *jikotest.Clock
	c       *jiko.Client
	changes atomic.Int32
}

func newControlled(t *testing.T, seed func(*jikotest.Server)) *controlled {
	clock := jikotest.NewClock(time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC))
	srv := jikotest.NewServer(jikotest.WithClock(clock.Now))
	seed(srv)
	ct := &controlled{t: t, srv: srv, clock: clock, c: srv.Client(t, jiko.WithMaxRetries(0))}
	require.NoError(t, srv.EnableControls(jikotest.Controls{Clock: clock, OnChange: func() { ct.changes.Add(1) }}))
	return ct
}

// call sends a control request and returns the status and the raw answer.
func (ct *controlled) call(method, path, body string) (int, string) {
	ct.t.Helper()
	req, err := http.NewRequest(method, ct.srv.URL+jikotest.ControlPrefix+path, strings.NewReader(body))
	require.NoError(ct.t, err)
	resp, err := ct.srv.HTTPClient().Do(req)
	require.NoError(ct.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(ct.t, err)
	assert.Equal(ct.t, "application/json", resp.Header.Get("Content-Type"))
	return resp.StatusCode, string(b)
}

func TestControlsSettleRejectAndRead(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	ctx := context.Background()
	p := ct.srv.AddPocket("c1", jikotest.PocketSeed{Balance: 100_000})
	cpID, err := ct.srv.AddCounterparty("c1", jikotest.CounterpartySeed{})
	require.NoError(t, err)

	status, body := ct.call("POST", "counterparties/"+cpID+"/verify", "")
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"counterparty_id":"`+cpID+`"}`, body)
	first, err := ct.c.ACH.Create(ctx, p.ID, &jiko.ACHCreateRequest{CounterpartyID: cpID, Direction: jiko.ACHCredit, AmountUSDC: 1_000})
	require.NoError(t, err)
	second, err := ct.c.ACH.Create(ctx, p.ID, &jiko.ACHCreateRequest{CounterpartyID: cpID, Direction: jiko.ACHCredit, AmountUSDC: 2_000})
	require.NoError(t, err)

	status, body = ct.call("POST", "transfers/"+first.ID+"/settle", "")
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"transfer_id":"`+first.ID+`","result":"SETTLED"}`, body)
	status, body = ct.call("POST", "transfers/"+second.ID+"/reject", `{"reason":"R01"}`)
	require.Equal(t, 200, status, body)
	got, err := ct.c.ACH.Get(ctx, p.ID, second.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ACHStatus("REJECTED"), got.Status)

	status, body = ct.call("POST", "transfers/"+first.ID+"/settle", "")
	assert.Equal(t, http.StatusConflict, status)
	assert.Contains(t, body, `"detail":"jikotest: ACH`)
	status, body = ct.call("POST", "transfers/nope/settle", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.JSONEq(t, `{"detail":"jikotest: no transfer \"nope\""}`, body)

	var ledger []struct {
		PocketID string `json:"pocket_id"`
		Kind     string `json:"kind"`
		Amount   int64  `json:"amount"`
		Status   string `json:"status"`
		RefID    string `json:"ref_id"`
		Settled  *time.Time
	}
	status, body = ct.call("GET", "ledger?pocket_id="+p.ID, "")
	require.Equal(t, 200, status)
	require.NoError(t, json.Unmarshal([]byte(body), &ledger))
	require.Len(t, ledger, 4, "the returned ACH and its return")
	assert.Equal(t, []int64{100_000, -1_000, -2_000, 2_000}, []int64{ledger[0].Amount, ledger[1].Amount, ledger[2].Amount, ledger[3].Amount})
	assert.Equal(t, []string{"SETTLED", "SETTLED", "SETTLED", "SETTLED"}, []string{ledger[0].Status, ledger[1].Status, ledger[2].Status, ledger[3].Status})
	assert.Equal(t, first.ID, ledger[1].RefID)

	var events []struct {
		Type    string         `json:"event_type"`
		Payload map[string]any `json:"payload"`
	}
	status, body = ct.call("GET", "events", "")
	require.Equal(t, 200, status)
	require.NoError(t, json.Unmarshal([]byte(body), &events))
	require.Len(t, events, len(ct.srv.Events()))
	assert.Equal(t, ct.srv.Events()[0].Type, events[0].Type)

	var reqs []struct {
		Method, Path string
		Body         *string
		Status       int
	}
	status, body = ct.call("GET", "requests", "")
	require.Equal(t, 200, status)
	require.NoError(t, json.Unmarshal([]byte(body), &reqs))
	require.Len(t, reqs, 4, "the login, two ACH and the Get: the controls are not recorded")
	assert.Equal(t, "POST", reqs[1].Method)
	assert.Equal(t, "/api/v1/jiko-accounts/"+p.ID+"/ach-originating/", reqs[1].Path)
	assert.Contains(t, *reqs[1].Body, `"amount_usdc":1000`)
	assert.Equal(t, int32(7), ct.changes.Load(), "four requests, verify, settle, reject")
}

func TestControlsFaultsClockAndReset(t *testing.T) {
	var seedPocket jiko.Pocket
	ct := newControlled(t, func(srv *jikotest.Server) {
		seedPocket = srv.AddPocket("c1", jikotest.PocketSeed{Balance: 100_000})
	})
	ctx := context.Background()

	status, body := ct.call("POST", "faults/next", `{"method":"GET","path":"/api/v2/pockets/*","status":503,"retry_after":"1"}`)
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"count":1,"fault":"status 503 Retry-After 1"}`, body)
	_, err := ct.c.Pockets.Get(ctx, seedPocket.ID, nil)
	var apiErr *jiko.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	_, err = ct.c.Pockets.Get(ctx, seedPocket.ID, nil)
	require.NoError(t, err, "one request only")

	status, body = ct.call("POST", "faults/latency", `{"delay":"2h"}`)
	require.Equal(t, 200, status, body)
	status, body = ct.call("DELETE", "faults", "")
	require.Equal(t, 200, status, body)
	_, err = ct.c.Pockets.Get(ctx, seedPocket.ID, nil)
	require.NoError(t, err, "no latency left")

	status, body = ct.call("POST", "clock/advance", `{"by":"1440h"}`)
	require.Equal(t, 200, status, body)
	var moved struct {
		Now        time.Time
		Maturities int
	}
	require.NoError(t, json.Unmarshal([]byte(body), &moved))
	assert.Equal(t, time.Date(2025, 3, 7, 15, 0, 0, 0, time.UTC), moved.Now)
	assert.Equal(t, moved.Now, ct.clock.Now())
	interest := 0
	for _, e := range ct.srv.LedgerEntries(seedPocket.ID) {
		if e.Kind == jikotest.KindInterest {
			interest++
		}
	}
	assert.Positive(t, moved.Maturities, "the opening deposit's 4-week bills matured")
	assert.Equal(t, interest, moved.Maturities)
	status, body = ct.call("POST", "clock/advance", `{"to":"2025-01-01T00:00:00Z"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.JSONEq(t, `{"detail":"the clock only moves forward"}`, body)

	extra, err := ct.c.Pockets.Create(ctx, "c1", &jiko.PocketCreateRequest{PocketName: "Extra", DepositStrategyID: jiko.StrategyUST4W})
	require.NoError(t, err)
	status, body = ct.call("POST", "faults/next", `{"status":500,"count":3}`)
	require.Equal(t, 200, status, body)
	status, body = ct.call("POST", "reset", "")
	require.Equal(t, 200, status, body)
	_, ok := ct.srv.Pocket(extra.ID)
	assert.False(t, ok, "the Pocket made after the seed is gone")
	back, ok := ct.srv.Pocket(seedPocket.ID)
	require.True(t, ok)
	assert.Equal(t, int64(100_000), back.Portfolio.TotalValue.Value)
	before := len(ct.srv.Requests())
	_, err = ct.c.Pockets.Get(ctx, seedPocket.ID, nil)
	require.NoError(t, err)
	var statuses []int
	for _, r := range ct.srv.Requests()[before:] {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{401, 200, 200}, statuses, "the token issued after the seed is forgotten: the client logs in again")
}

func TestControlsRefuseBadInput(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	for _, tc := range []struct{ method, path, body, detail string }{
		{"POST", "faults/next", `{"status":503,"colour":"red"}`, `json: unknown field "colour"`},
		{"POST", "faults/next", `{"status":99}`, "status: 99 is not an HTTP status"},
		{"POST", "faults/next", `{"method":"GET"}`, "a fault needs a status, a drop or a delay"},
		{"POST", "faults/next", `{"drop":"sideways"}`, `drop: "sideways" is not none, before or after`},
		{"POST", "faults/next", `{"status":503,"count":0}`, "count: at least 1"},
		{"POST", "faults/random", `{"fraction":2}`, "fraction: between 0 and 1"},
		{"POST", "faults/latency", `{"delay":"soon"}`, `delay: "soon" is not a duration such as "250ms"`},
		{"POST", "clock/advance", `{}`, `by (a duration such as "720h") or to (an RFC 3339 time) is required`},
		{"POST", "clock/advance", `{"by":"1h","to":"2030-01-01T00:00:00Z"}`, "give by or to, not both"},
		{"POST", "pockets/x/balance", `{}`, "balance (cents) is required"},
		{"POST", "applications/next-decision", `{"status":"MAYBE"}`, "jikotest: MAYBE is not a decision"},
		{"PUT", "state", `{"format":"other"}`, "jikotest: restore: format"},
		{"POST", "reset", `not json`, ""},
	} {
		status, body := ct.call(tc.method, tc.path, tc.body)
		if tc.detail == "" {
			assert.Equal(t, 200, status, "%s ignores its body", tc.path)
			continue
		}
		assert.Equal(t, http.StatusBadRequest, status, tc.body)
		var d struct{ Detail string }
		require.NoError(t, json.Unmarshal([]byte(body), &d))
		assert.Contains(t, d.Detail, tc.detail)
	}
	status, body := ct.call("GET", "nope", "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.JSONEq(t, `{"detail":"no control GET /_jikotest/nope: see GET /_jikotest/openapi.yaml"}`, body)
	status, _ = ct.call("DELETE", "reset", "")
	assert.Equal(t, http.StatusNotFound, status)
}

// Without EnableControls, /_jikotest/ is an unknown path of the API.
func TestControlsAreOffByDefault(t *testing.T) {
	srv := jikotest.NewServer()
	t.Cleanup(srv.Close)
	resp, err := srv.HTTPClient().Post(srv.URL+"/_jikotest/reset", "application/json", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// WithListener serves the API on the listener given, at its address.
func TestWithListenerServesOnTheGivenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := jikotest.NewServer(jikotest.WithListener(l))
	c := srv.Client(t)
	assert.Equal(t, "http://"+l.Addr().String(), srv.URL)
	_, err = c.Pockets.List(context.Background(), nil).Collect()
	require.NoError(t, err)
	srv.Close()
	_, err = net.Dial("tcp", l.Addr().String())
	assert.Error(t, err, "Close closed the listener")
}

// The lifecycle controls call their methods: an application held for
// review and decided, a card order moved on, reports completed, test data
// added.
func TestControlsMoveLifecycles(t *testing.T) {
	ct := newControlled(t, func(*jikotest.Server) {})
	ctx := context.Background()

	status, body := ct.call("POST", "applications/next-decision", `{"status":"SUBMITTED"}`)
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"status":"SUBMITTED","documents":null,"reasons":null}`, body)
	app, err := ct.c.Individuals.CreateApplication(ctx, applicant(t, ct.c))
	require.NoError(t, err)
	_, err = ct.c.Individuals.Apply(ctx, app.ID)
	require.NoError(t, err)
	status, body = ct.call("POST", "applications/"+app.ID+"/decision", `{"status":"REJECTED","reasons":["OTHER"]}`)
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"application_id":"`+app.ID+`","status":"REJECTED"}`, body)
	got, err := ct.c.Individuals.GetApplication(ctx, app.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ApplicationStatus("REJECTED"), got.Status)
	status, _ = ct.call("POST", "applications/"+app.ID+"/decision", `{}`)
	assert.Equal(t, http.StatusConflict, status, "decided already")

	status, body = ct.call("POST", "pockets", `{"customer_id":"c9","pocket_name":"Cards","balance":5000}`)
	require.Equal(t, 200, status, body)
	var p jiko.Pocket
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	assert.Equal(t, "Cards", p.PocketName)
	status, body = ct.call("POST", "pockets/"+p.ID+"/balance", `{"balance":7000}`)
	require.Equal(t, 200, status, body)
	p, _ = ct.srv.Pocket(p.ID)
	assert.Equal(t, int64(7000), p.Portfolio.TotalValue.Value)
	status, body = ct.call("POST", "counterparties", `{"customer_id":"c9","type":"wire","verified":true}`)
	require.Equal(t, 200, status, body)
	status, body = ct.call("POST", "counterparties", `{"customer_id":"c9","type":"cheque"}`)
	assert.Equal(t, http.StatusBadRequest, status, body)

	orderID, _ := physicalCard(t, ct.c, p.ID)
	status, body = ct.call("POST", "card-orders/"+orderID+"/advance", "")
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"card_order_id":"`+orderID+`","status":"ORDERED"}`, body)
	order, err := ct.c.Cards.GetOrder(ctx, p.ID, orderID)
	require.NoError(t, err)
	assert.Equal(t, jiko.CardOrderStatus("ORDERED"), order.Status)

	rr, err := ct.c.Reports.Create(ctx, &jiko.ReportCreateRequest{
		Type: jiko.ReportTypeTrade, PocketIDs: []string{p.ID},
		DateFrom: jiko.Date{Year: 2025, Month: 1, Day: 1}, DateTo: jiko.Date{Year: 2025, Month: 1, Day: 5},
		OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV},
	})
	require.NoError(t, err)
	status, body = ct.call("POST", "reports/complete", "")
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"completed":1}`, body)
	done, err := ct.c.Reports.Get(ctx, rr.ID)
	require.NoError(t, err)
	assert.Equal(t, jiko.ReportStatusCompleted, done.Status)
	status, _ = ct.call("POST", "reports/"+rr.ID+"/fail", "")
	assert.Equal(t, http.StatusNotFound, status, "no longer pending")
}

// POST /_jikotest/drift makes one operation's answers drift; DELETE and
// reset stop it.
func TestControlsDrift(t *testing.T) {
	var p jiko.Pocket
	ct := newControlled(t, func(srv *jikotest.Server) { p = srv.AddPocket("c1", jikotest.PocketSeed{}) })
	read := func() string {
		t.Helper()
		_, body := get(t, ct.c, "/api/v2/pockets/"+p.ID+"/")
		return body
	}
	status, body := ct.call("POST", "drift", `{"operation":"GET /api/v2/pockets/{pocket_id}/","enum_value":{"path":"status","value":"HIBERNATING"}}`)
	require.Equal(t, 200, status, body)
	assert.JSONEq(t, `{"operation":"GET /api/v2/pockets/{pocket_id}/","enum_value":{"path":"status","value":"HIBERNATING"}}`, body)
	assert.Contains(t, read(), `"status":"HIBERNATING"`)
	status, _ = ct.call("DELETE", "drift", "")
	require.Equal(t, 200, status)
	assert.Contains(t, read(), `"status":"OPEN"`)

	status, body = ct.call("POST", "drift", `{"operation":"GET /api/v2/pockets/{pocket_id}/","add_member":{"path":"","name":"mood","value":"sunny"}}`)
	require.Equal(t, 200, status, body)
	assert.Contains(t, read(), `"mood":"sunny"`)
	status, _ = ct.call("POST", "reset", "")
	require.Equal(t, 200, status)
	assert.NotContains(t, read(), `"mood"`)

	status, body = ct.call("POST", "drift", `{"operation":"GET /api/v2/pockets/{pocket_id}/"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "changes nothing")
}

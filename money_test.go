package jiko

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A money-moving create answered 500, 502 or 504 may have moved the money:
// the API, or a gateway in front of it, failed after the request reached
// it. MayHaveSucceeded says so, so that the caller resends with the key
// rather than sending a new transfer. 503 and 4xx answers mean nothing was
// done.
func TestMoneyCreatesReportServerFailuresAsMayHaveSucceeded(t *testing.T) {
	ops := map[string]struct {
		method, path string
		create       func(c *Client) error
	}{
		"ACH": {"POST", "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/", func(c *Client) error {
			_, err := c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: "c", Direction: ACHCredit, AmountUSDC: 100})
			return err
		}},
		"wire": {"POST", wirePath, func(c *Client) error {
			_, err := c.Wires.Create(context.Background(), pocketID, &WireCreateRequest{CounterpartyID: "c", AmountUSDC: 100})
			return err
		}},
		"on-us": {"POST", onUsPath, func(c *Client) error {
			_, err := c.OnUs.Create(context.Background(), &OnUsReallocationRequest{
				FromAccount: OnUsAccount{ID: "p1"}, ToAccount: OnUsAccount{ID: "p2"}, Amount: RequestedAmount(100)})
			return err
		}},
	}
	for name, op := range ops {
		for code, want := range map[int]bool{500: true, 502: true, 504: true, 503: false, 422: false, 409: false} {
			t.Run(fmt.Sprintf("%s/%d", name, code), func(t *testing.T) {
				h := newHarness(t, WithMaxRetries(0))
				h.on(op.method, op.path, status(code, `{"detail":"failed"}`))
				err := op.create(h.c)
				var jerr *Error
				require.ErrorAs(t, err, &jerr)
				assert.Equal(t, code, jerr.StatusCode)
				assert.Equal(t, want, MayHaveSucceeded(err))
				assert.Equal(t, want, jerr.MayHaveSucceeded)
				if want {
					assert.Contains(t, err.Error(), "resend with idempotency key "+jerr.IdempotencyKey)
				}
				assert.Len(t, h.requests(), 1)
			})
		}
	}
}

func TestMoneyString(t *testing.T) {
	cases := map[string]Money{
		"$0.00":                       USD(0),
		"$0.05":                       USD(5),
		"$101.23":                     USD(10123),
		"$1,000.00":                   USD(100000),
		"$207,085.96":                 USD(20708596),
		"$1,234,567.89":               USD(123456789),
		"-$12.34":                     USD(-1234),
		"12.34 EUR":                   {Value: 1234, Currency: "EUR"},
		"as formatted":                {Value: 1, Currency: "USD", Formatted: "as formatted"},
		"-$92,233,720,368,547,758.08": USD(-9223372036854775808),
	}
	for want, m := range cases {
		assert.Equal(t, want, m.String())
	}
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(USD(10123))
	require.NoError(t, err)
	assert.Equal(t, `{"value":10123,"currency":"USD"}`, string(b))
}

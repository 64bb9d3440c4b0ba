package jiko_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Drift through the real client, against jikotest answers that drift on
// purpose.

const (
	driftCustomer = "62c5272e-ef8c-4d8a-a49d-633432409fd4"
	getPocketOp   = "GET /api/v2/customers/{customer_id}/pockets/{pocket_id}/"
	patchPocketOp = "PATCH /api/v2/customers/{customer_id}/pockets/{pocket_id}/"
)

// driftRules make the drift a Pocket answer can carry: a Pocket has no
// union, so the rule's unknown variant is a copy of a security whose
// maturity date the SDK cannot read. The union path is tested in
// drift_test.go with a union of the tests' own.
func driftRules(op string) jikotest.DriftRule {
	return jikotest.DriftRule{
		Operation:      op,
		AddMember:      &jikotest.DriftAddMember{Path: "portfolio", Name: "risk_band", Value: json.RawMessage(`2`)},
		RenameMember:   &jikotest.DriftRenameMember{Path: "pocket_name", To: "name"},
		EnumValue:      &jikotest.DriftEnumValue{Path: "status", Value: "FROZEN_SOLID"},
		UnknownVariant: &jikotest.DriftUnknownVariant{Path: "portfolio.securities", Discriminator: "maturity_date", Kind: "someday"},
	}
}

type driftLog struct {
	mu  sync.Mutex
	got []jiko.Drift
}

func (l *driftLog) handle(_ context.Context, d jiko.Drift) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, d)
}

func (l *driftLog) all() []jiko.Drift {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]jiko.Drift(nil), l.got...)
}

func TestDriftFromTheServerIsReportedOnce(t *testing.T) {
	srv := jikotest.NewServer()
	var log driftLog
	c := srv.Client(t, jiko.WithDriftHandler(log.handle))
	ctx := context.Background()
	p := srv.AddPocket(driftCustomer, jikotest.PocketSeed{Name: "Savings", Balance: 10123})

	got, err := c.Pockets.GetForCustomer(ctx, driftCustomer, p.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, log.all(), "the fake's answers fit the model")

	require.NoError(t, srv.Drift(driftRules(getPocketOp)))
	for range 3 {
		got, err = c.Pockets.GetForCustomer(ctx, driftCustomer, p.ID, nil)
		require.NoError(t, err, "drift never fails a call")
	}
	assert.Equal(t, jiko.PocketStatus("FROZEN_SOLID"), got.Status)
	assert.False(t, got.Status.IsKnown())
	assert.Equal(t, p.ID, got.ID)
	require.Len(t, got.Portfolio.Securities, 2)
	assert.Equal(t, "someday", got.Portfolio.Securities[1].MaturityDate.Raw())
	assert.Equal(t, []jiko.Drift{
		{Operation: getPocketOp, Kind: jiko.DriftUnknownMember, Path: "name", Value: "name", Actual: "string", Sample: "Savings", Count: 1},
		// The renamed member is missing under its own name.
		{Operation: getPocketOp, Kind: jiko.DriftMissingMember, Path: "pocket_name", Value: "pocket_name", Expected: "string", Count: 1},
		{Operation: getPocketOp, Kind: jiko.DriftUnknownMember, Path: "portfolio.risk_band", Value: "risk_band", Actual: "number", Sample: "2", Count: 1},
		{Operation: getPocketOp, Kind: jiko.DriftInvalidValue, Path: "portfolio.securities[1].maturity_date", Value: "someday", Reason: "not a valid Date", Count: 1},
		{Operation: getPocketOp, Kind: jiko.DriftUnknownEnumValue, Path: "status", Value: "FROZEN_SOLID", Reason: "not a documented PocketStatus", Count: 1},
	}, log.all(), "each kind and path once for three calls")

	// Another operation over the same Pocket reports its own drift.
	srv.ClearDrift()
	require.NoError(t, srv.Drift(jikotest.DriftRule{Operation: "GET /api/v2/pockets/{pocket_id}/",
		EnumValue: &jikotest.DriftEnumValue{Path: "status", Value: "FROZEN_SOLID"}}))
	_, err = c.Pockets.Get(ctx, p.ID, nil)
	require.NoError(t, err)
	all := log.all()
	require.Len(t, all, 6)
	assert.Equal(t, "GET /api/v2/pockets/{pocket_id}/", all[5].Operation)
}

func TestDriftFromTheServerFailsStrictDecoding(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t, jiko.WithStrictDecoding())
	ctx := context.Background()
	p := srv.AddPocket(driftCustomer, jikotest.PocketSeed{Name: "Savings", Balance: 10123})
	require.NoError(t, srv.Drift(driftRules(getPocketOp), driftRules(patchPocketOp)))

	for range 2 {
		_, err := c.Pockets.GetForCustomer(ctx, driftCustomer, p.ID, nil)
		var de *jiko.DriftError
		require.True(t, errors.As(err, &de), "every call fails, not only the first: %v", err)
		assert.Equal(t, getPocketOp, de.Operation)
		kinds := map[jiko.DriftKind]int{}
		for _, d := range de.Drift {
			kinds[d.Kind]++
		}
		assert.Equal(t, map[jiko.DriftKind]int{jiko.DriftUnknownMember: 2, jiko.DriftMissingMember: 1, jiko.DriftInvalidValue: 1, jiko.DriftUnknownEnumValue: 1}, kinds)
	}

	// A write whose answer drifts has taken effect: the error says so and
	// carries the key that reads the outcome again.
	_, err := c.Pockets.Update(ctx, driftCustomer, p.ID, &jiko.PocketUpdateRequest{PocketName: jiko.Set("Rainy day")})
	var e *jiko.Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.True(t, jiko.MayHaveSucceeded(err))
	assert.Equal(t, 200, e.StatusCode)
	require.NotEmpty(t, e.IdempotencyKey)
	srv.ClearDrift()
	again, err := c.Pockets.Update(ctx, driftCustomer, p.ID, &jiko.PocketUpdateRequest{PocketName: jiko.Set("Rainy day")},
		jiko.WithIdempotencyKey(e.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, "Rainy day", again.PocketName)
}

func TestDriftUnknownTransactionVariantFromTheServer(t *testing.T) {
	srv := jikotest.NewServer()
	var log driftLog
	c := srv.Client(t, jiko.WithDriftHandler(log.handle))
	ctx := context.Background()
	p := srv.AddPocket(driftCustomer, jikotest.PocketSeed{Name: "Savings", Balance: 10123})
	const op = "GET /api/v2/pockets/{pocket_id}/transactions/"
	require.NoError(t, srv.Drift(jikotest.DriftRule{Operation: op,
		UnknownVariant: &jikotest.DriftUnknownVariant{Path: "items", Discriminator: "type", Kind: "CRYPTO"}}))

	txs, err := c.Transactions.ListForPocket(ctx, p.ID, nil).Collect()
	require.NoError(t, err, "an unknown variant never fails a page")
	require.GreaterOrEqual(t, len(txs), 2)
	last := txs[len(txs)-1]
	u, ok := last.Variant.(*jiko.UnknownTransaction)
	require.True(t, ok, "%T", last.Variant)
	assert.Equal(t, jiko.TransactionType("CRYPTO"), u.Type)
	assert.NoError(t, u.Err, "an unknown kind is not a decode error")
	assert.Contains(t, string(u.Raw), `"type":"CRYPTO"`)
	assert.Equal(t, txs[0].Common().Amount, u.Common().Amount, "the common fields are decoded as far as they go")
	for _, tx := range txs[:len(txs)-1] {
		_, unknown := tx.Variant.(*jiko.UnknownTransaction)
		assert.False(t, unknown, "the fake's own items stay typed")
	}
	var variants []jiko.Drift
	for _, d := range log.all() {
		if d.Kind == jiko.DriftUnknownVariant {
			variants = append(variants, d)
		}
	}
	require.Len(t, variants, 1, "%v", log.all())
	assert.Equal(t, op, variants[0].Operation)
	assert.Equal(t, "CRYPTO", variants[0].Value)
	assert.Equal(t, fmt.Sprintf("items[%d]", len(txs)-1), variants[0].Path)

	// Under strict decoding the same page is refused, naming the drift.
	strict := srv.Client(t, jiko.WithStrictDecoding())
	_, err = strict.Transactions.ListForPocket(ctx, p.ID, nil).Collect()
	var de *jiko.DriftError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, op, de.Operation)
}

package jikotest_test

import (
	"context"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/require"
)

// BenchmarkReadsWithABusyLedger reads a Pocket, a page of Pockets and a
// page of a Pocket's transactions from a fake whose ledger holds 100
// Pockets of 100 settled entries each: what a partner's suite meets after
// a few hundred tests' worth of money movements on one server.
func BenchmarkReadsWithABusyLedger(b *testing.B) {
	srv := jikotest.NewServer()
	c := srv.Client(b)
	ctx := context.Background()
	var ids []string
	for range 100 {
		p := srv.AddPocket(customerID, jikotest.PocketSeed{Balance: 1_000_000})
		for j := range 99 {
			require.NoError(b, srv.SetBalance(p.ID, int64(1_000_000+100*(j+1))))
		}
		ids = append(ids, p.ID)
	}
	require.NoError(b, c.Login(ctx))
	for _, bc := range []struct {
		name string
		call func() error
	}{
		{"GetPocket", func() error { _, err := c.Pockets.Get(ctx, ids[50], nil); return err }},
		{"ListPockets30", func() error {
			_, err := c.Pockets.ListForCustomerPage(ctx, customerID, &jiko.PocketListParams{Limit: 30})
			return err
		}},
		{"ListTransactions", func() error { _, err := c.Transactions.ListForPocketPage(ctx, ids[50], nil); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package jiko

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
)

// transactionPages serves total transactions in pages of 100, made on the
// fly from the cursor, so that the server holds nothing between pages.
func transactionPages(b *testing.B, total int) *httptest.Server {
	return loggedInServer(b, func(w http.ResponseWriter, r *http.Request) {
		start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		end := min(start+MaxTransactionListLimit, total)
		buf := make([]byte, 0, 64<<10)
		buf = append(buf, `{"prev_page":null,"next_page":`...)
		if end < total {
			buf = strconv.AppendQuote(buf, strconv.Itoa(end))
		} else {
			buf = append(buf, "null"...)
		}
		buf = append(buf, `,"items":[`...)
		for i := start; i < end; i++ {
			if i > start {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `{"id":"tx-%08d","transaction_id":"t-%08d","type":"ACH","description":"ACH Electronic Credit",`+
				`"title":"From ACME PAYROLL","amount":{"value":%d,"currency":"USD","formatted":"$1.00"},"direction":"CREDIT",`+
				`"status":"SETTLED","time_booked":"2025-01-06T15:00:00+00:00","time_settled":"2025-01-06T18:00:00+00:00",`+
				`"pocket_id":"p","portal_id":"portal-1","company_name":"ACME PAYROLL","company_entry_description":"PAYROLL",`+
				`"trace_number":"091000010211227"}`, i, i, 100+i%1000)
		}
		buf = append(buf, `],"object_type":"CursorList"}`...)
		_, _ = w.Write(buf)
	})
}

// BenchmarkTransactionsPaging walks 1,000, 10,000 and 100,000 transactions
// with ListForPocket(...).All() and reports the peak heap in use, sampled
// after each page: it stays at about one page whatever the total.
func BenchmarkTransactionsPaging(b *testing.B) {
	for _, total := range []int{1_000, 10_000, 100_000} {
		b.Run(strconv.Itoa(total), func(b *testing.B) {
			srv := transactionPages(b, total)
			c, err := NewClient(WithBaseURL(srv.URL), WithCredentials("u", "p"), WithSigningSecret(knownSecret),
				WithHTTPClient(srv.Client()))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			params := &TransactionListParams{Limit: MaxTransactionListLimit}
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base, peak := ms.HeapInuse, ms.HeapInuse
			b.ResetTimer()
			for range b.N {
				n := 0
				var sum int64
				for tx, err := range c.Transactions.ListForPocket(ctx, "p", params).All() {
					if err != nil {
						b.Fatal(err)
					}
					sum += tx.Common().Signed()
					if n++; n%MaxTransactionListLimit == 0 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
				if n != total || sum == 0 {
					b.Fatalf("walked %d transactions, want %d", n, total)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peak-base)/(1<<20), "heap-growth-MiB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/transaction")
		})
	}
}

package jikoinbox_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
)

// BenchmarkDeliveries measures signed deliveries of new events per second,
// eight at a time, through the inbox's handler and through the same
// jiko.WebhookHandler whose function makes the same write in a
// transaction of its own, without the inbox:
//
//	go test -run '^$' -bench Deliveries -benchtime 3000x ./jikoinbox
func BenchmarkDeliveries(b *testing.B) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		b.Run(e.name, func(b *testing.B) {
			if e.name == "postgres" && pg == nil {
				b.Skip("PostgreSQL is not installed: apt-get install postgresql")
			}
			b.Run("inbox", func(b *testing.B) {
				db, ib, _ := open(b, e)
				pool(db)
				benchDeliveries(b, ib.Handler(secret, credit(e)))
			})
			b.Run("without", func(b *testing.B) {
				db, _, _ := open(b, e)
				pool(db)
				fn := credit(e)
				benchDeliveries(b, jiko.WebhookHandler(secret, func(ctx context.Context, ev *jiko.Event) error {
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						return err
					}
					defer func() { _ = tx.Rollback() }()
					if err := fn(ctx, tx, ev); err != nil {
						return err
					}
					return tx.Commit()
				}))
			})
		})
	}
}

func pool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
}

// benchDeliveries posts b.N signed deliveries of distinct events to h from
// eight goroutines and reports deliveries per second.
func benchDeliveries(b *testing.B, h http.Handler) {
	bodies := make([][]byte, b.N)
	sigs := make([]string, b.N)
	for i := range bodies {
		ev := deposit(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
		bodies[i], _ = json.Marshal(ev)
		sigs[i] = jiko.SignWebhook(bodies[i], secret)
	}
	var next atomic.Int64
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0))) // 8 goroutines, as the pools' 8 connections
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(p *testing.PB) {
		for p.Next() {
			i := next.Add(1) - 1
			req := httptest.NewRequest(http.MethodPost, "/webhooks/jiko", bytes.NewReader(bodies[i]))
			req.Header.Set(jiko.WebhookSignatureHeader, sigs[i])
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("delivery %d: %d %s", i, rec.Code, rec.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "deliveries/s")
}

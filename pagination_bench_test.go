package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"testing"
)

// benchPockets is how many Pockets BenchmarkPocketsPaging walks besides
// 1,000; `make bench` keeps it small, the outside check uses 100,000:
// go test -run '^$' -bench PocketsPaging -benchtime 5x -pockets 100000
var benchPockets = flag.Int("pockets", 10_000, "the larger walk of BenchmarkPocketsPaging")

// pocketPageSize is the page size of the Pocket benchmarks: the API's
// maximum for Pockets.
const pocketPageSize = 30

// plainPocket is the Pocket as a hand-written client would declare it:
// standard types only, no tolerant scalars, no unions.
type plainPocket struct {
	ID         string `json:"id"`
	PocketName string `json:"pocket_name"`
	Portfolio  *struct {
		Securities []struct {
			Type            string     `json:"type"`
			Quantity        int64      `json:"quantity"`
			MarketValue     plainMoney `json:"market_value"`
			CUSIP           string     `json:"cusip"`
			JikoMarkPrice   string     `json:"jiko_mark_price"`
			Description     string     `json:"description"`
			MaturityDate    string     `json:"maturity_date"`
			YieldToMaturity string     `json:"yield_to_maturity"`
		} `json:"securities"`
		Cash            plainMoney `json:"cash"`
		AllTimeEarnings plainMoney `json:"all_time_earnings"`
		TotalValue      plainMoney `json:"total_value"`
		Fees            []struct {
			Type   string
			Amount plainMoney
		} `json:"fees"`
		LiquidationValueT0 plainMoney `json:"liquidation_value_t0"`
		LiquidationValueT1 plainMoney `json:"liquidation_value_t1"`
	} `json:"portfolio"`
	Status                 string   `json:"status"`
	Attributes             []string `json:"attributes"`
	DepositStrategyID      string   `json:"deposit_strategy_id"`
	ReinvestmentStrategyID *string  `json:"reinvestment_strategy_id"`
	CustomerID             string   `json:"customer_id"`
	ObjectType             string   `json:"object_type"`
}

type plainMoney struct {
	Value     int64  `json:"value"`
	Currency  string `json:"currency"`
	Formatted string `json:"formatted"`
}

// plainPocketPage is a CursorList as a hand-written client would declare it.
type plainPocketPage struct {
	Items      []plainPocket `json:"items"`
	NextPage   *string       `json:"next_page"`
	PrevPage   *string       `json:"prev_page"`
	ObjectType string        `json:"object_type"`
}

// pocketPager makes pages of Pockets from the fixture, each with its own
// id: page(start, total) is the page of pocketPageSize starting at start.
func pocketPager(b *testing.B) func(dst []byte, start, total int) []byte {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(fixture(b, "pocket.json"))); err != nil {
		b.Fatal(err)
	}
	head, tail, ok := bytes.Cut(compact.Bytes(), []byte(`"id":"`+pocketID+`"`))
	if !ok {
		b.Fatal("the fixture has no id")
	}
	return func(buf []byte, start, total int) []byte {
		end := min(start+pocketPageSize, total)
		buf = append(buf, `{"items":[`...)
		for i := start; i < end; i++ {
			if i > start {
				buf = append(buf, ',')
			}
			buf = append(buf, head...)
			buf = append(buf, `"id":"pocket-`...)
			buf = strconv.AppendInt(buf, int64(i), 10)
			buf = append(buf, '"')
			buf = append(buf, tail...)
		}
		buf = append(buf, `],"next_page":`...)
		if end < total {
			buf = strconv.AppendQuote(buf, strconv.Itoa(end))
		} else {
			buf = append(buf, "null"...)
		}
		return append(buf, `,"prev_page":null,"object_type":"CursorList"}`...)
	}
}

// BenchmarkPocketPageDecode decodes one page of 30 Pockets as a call
// does, and BenchmarkPocketPageDecodePlain the same bytes into
// plainPocketPage with encoding/json: their ratio is the cost of the
// SDK's envelope checks and tolerant types.
func BenchmarkPocketPageDecode(b *testing.B) {
	body := pocketPager(b)(nil, 0, pocketPageSize)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		decodePocketPage(b, body)
	}
}

// BenchmarkPocketPageDecodePlain is the baseline of
// BenchmarkPocketPageDecode.
func BenchmarkPocketPageDecodePlain(b *testing.B) {
	body := pocketPager(b)(nil, 0, pocketPageSize)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		decodePlainPocketPage(b, body)
	}
}

// BenchmarkPocketPageDecodePaired alternates the two decodes and reports
// the ratio of their median times (sdk/plain), as
// BenchmarkPocketGetPaired does for a call.
func BenchmarkPocketPageDecodePaired(b *testing.B) {
	body := pocketPager(b)(nil, 0, pocketPageSize)
	s, r := pairedMedians(b, func() { decodePocketPage(b, body) }, func() { decodePlainPocketPage(b, body) })
	b.ReportMetric(s, "sdk-ns/op")
	b.ReportMetric(r, "plain-ns/op")
	b.ReportMetric(s/r, "sdk/plain")
}

func decodePocketPage(b *testing.B, body []byte) {
	var p CursorPage[Pocket]
	if err := decodeAnswer(body, &p); err != nil || len(p.Items) != pocketPageSize {
		b.Fatal(err)
	}
}

func decodePlainPocketPage(b *testing.B, body []byte) {
	var p plainPocketPage
	if err := json.Unmarshal(body, &p); err != nil || len(p.Items) != pocketPageSize {
		b.Fatal(err)
	}
}

// pocketPages serves total Pockets in pages of 30, made on the fly from
// the cursor, so that the server holds nothing between pages.
func pocketPages(b *testing.B, total int) *httptest.Server {
	pager := pocketPager(b)
	return loggedInServer(b, func(w http.ResponseWriter, r *http.Request) {
		start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		_, _ = w.Write(pager(make([]byte, 0, 48<<10), start, total))
	})
}

// BenchmarkPocketsPaging walks 1,000 Pockets, and -pockets of them, in
// pages of 30 from a loopback server, alternating the SDK's iterator
// (Pockets.List(...).All(), the transport a client builds for itself) with
// a hand-written net/http + encoding/json loop that signs each request
// and decodes into plainPocketPage. It reports the median time of each
// walk, their ratio (sdk/raw), and the SDK walk's peak heap growth,
// sampled after each page: it stays at about one page whatever the total.
func BenchmarkPocketsPaging(b *testing.B) {
	for _, total := range []int{1_000, *benchPockets} {
		b.Run(strconv.Itoa(total), func(b *testing.B) {
			srv := pocketPages(b, total)
			sdk := newSDKPocketWalk(b, srv.URL, total)
			raw := newRawPocketWalk(b, srv.URL, total)
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var growth uint64
			sample := func() {
				runtime.ReadMemStats(&ms)
				growth = max(growth, ms.HeapInuse-min(ms.HeapInuse, base))
			}
			s, r := pairedMedians(b, func() { sdk(nil) }, raw)
			b.StopTimer()
			sdk(sample) // the heap, outside the timed walks
			b.ReportMetric(s/float64(total), "sdk-ns/pocket")
			b.ReportMetric(r/float64(total), "raw-ns/pocket")
			b.ReportMetric(s/r, "sdk/raw")
			b.ReportMetric(float64(growth)/(1<<20), "heap-growth-MiB")
		})
	}
}

// newSDKPocketWalk returns the SDK's walk of total Pockets; it calls
// sample, when not nil, after each page.
func newSDKPocketWalk(b *testing.B, base string, total int) func(sample func()) {
	c := newBenchClient(b, base)
	ctx := context.Background()
	params := &PocketListParams{Limit: pocketPageSize}
	return func(sample func()) {
		n := 0
		var sum int64
		for p, err := range c.Pockets.List(ctx, params).All() {
			if err != nil {
				b.Fatal(err)
			}
			sum += p.Portfolio.TotalValue.Value
			if n++; sample != nil && n%pocketPageSize == 0 {
				sample()
			}
		}
		if n != total || sum == 0 {
			b.Fatalf("walked %d Pockets, want %d", n, total)
		}
	}
}

// newRawPocketWalk returns the hand-written walk of total Pockets.
func newRawPocketWalk(b *testing.B, base string, total int) func() {
	get := newRawGet(b, base)
	return func() {
		n := 0
		var sum int64
		for query := "limit=" + strconv.Itoa(pocketPageSize); ; {
			var p plainPocketPage
			if err := json.Unmarshal(get("/api/v2/pockets/", query), &p); err != nil {
				b.Fatal(err)
			}
			for _, item := range p.Items {
				sum += item.Portfolio.TotalValue.Value
				n++
			}
			if p.NextPage == nil {
				break
			}
			query = "limit=" + strconv.Itoa(pocketPageSize) + "&cursor=" + url.QueryEscape(*p.NextPage)
		}
		if n != total || sum == 0 {
			b.Fatalf("walked %d Pockets, want %d", n, total)
		}
	}
}

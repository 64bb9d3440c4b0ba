package jikotest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"math/big"
	"net/url"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// camt053 is what a reader of camt.053 needs of the file; it is decoded
// with the test's own types, not the fake's.
type camt053 struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 Document"`
	GrpHdr  struct {
		MsgID   string `xml:"MsgId"`
		CreDtTm string `xml:"CreDtTm"`
	} `xml:"BkToCstmrStmt>GrpHdr"`
	Stmts []struct {
		ID     string `xml:"Id"`
		FrToDt struct {
			From string `xml:"FrDtTm"`
			To   string `xml:"ToDtTm"`
		} `xml:"FrToDt"`
		Acct struct {
			ID  string `xml:"Id>Othr>Id"`
			Ccy string `xml:"Ccy"`
		} `xml:"Acct"`
		Bal []struct {
			Code string `xml:"Tp>CdOrPrtry>Cd"`
			Amt  struct {
				Ccy   string `xml:"Ccy,attr"`
				Value string `xml:",chardata"`
			} `xml:"Amt"`
			Ind  string `xml:"CdtDbtInd"`
			Date string `xml:"Dt>Dt"`
		} `xml:"Bal"`
		Ntry []struct {
			Amt     string `xml:"Amt"`
			Ind     string `xml:"CdtDbtInd"`
			Sts     string `xml:"Sts"`
			BookgDt string `xml:"BookgDt>Dt"`
			Code    string `xml:"BkTxCd>Prtry>Cd"`
		} `xml:"Ntry"`
	} `xml:"BkToCstmrStmt>Stmt"`
}

// cents reads a camt.053 amount with its credit/debit mark.
func cents(t *testing.T, amount, ind string) int64 {
	t.Helper()
	r, ok := new(big.Rat).SetString(amount)
	require.True(t, ok, amount)
	r.Mul(r, big.NewRat(100, 1))
	require.True(t, r.IsInt())
	n := r.Num().Int64()
	if ind == "DBIT" {
		n = -n
	}
	return n
}

func TestReportFlowWithCamt053AndCSV(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := tradingPocket(t, srv, clock)
	ctx := context.Background()

	req := &jiko.ReportCreateRequest{
		Type: jiko.ReportTypeBrokerageStatement, PocketIDs: []string{p.ID},
		DateFrom: jiko.Date{Year: 2025, Month: 2, Day: 5}, DateTo: jiko.Date{Year: 2025, Month: 2, Day: 6},
		OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCAMT053},
	}
	key := jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor("eod-2025-02-06"))
	rr, err := c.Reports.Create(ctx, req, key)
	require.NoError(t, err)
	assert.Equal(t, jiko.ReportStatusPending, rr.Status)
	assert.Empty(t, rr.Files)
	again, err := c.Reports.Create(ctx, req, key)
	require.NoError(t, err)
	assert.Equal(t, rr.ID, again.ID, "a resend with the same key is the same request")

	trade, err := c.Reports.Create(ctx, &jiko.ReportCreateRequest{
		Type: jiko.ReportTypeTrade, PocketIDs: []string{p.ID},
		DateFrom: jiko.Date{Year: 2025, Month: 1, Day: 1}, DateTo: jiko.Date{Year: 2025, Month: 1, Day: 31},
		OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV},
	})
	require.NoError(t, err)
	bank, err := c.Reports.Create(ctx, &jiko.ReportCreateRequest{
		Type: jiko.ReportTypeBankStatement, PocketIDs: []string{p.ID},
		DateFrom: jiko.Date{Year: 2025, Month: 1, Day: 6}, DateTo: jiko.Date{Year: 2025, Month: 1, Day: 8},
		OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCAMT053},
	})
	require.NoError(t, err)

	assert.Equal(t, 3, srv.CompleteReports())
	assert.Zero(t, srv.CompleteReports())
	done, err := c.Reports.Wait(ctx, rr.ID, time.Second)
	require.NoError(t, err)
	file, ok := done.File(jiko.ReportFormatCAMT053)
	require.True(t, ok)
	var buf bytes.Buffer
	_, err = c.Reports.Download(ctx, file, &buf)
	require.NoError(t, err)

	var doc camt053
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc), buf.String())
	assert.Equal(t, rr.ID, doc.GrpHdr.MsgID)
	require.Len(t, doc.Stmts, 2, "one statement per day")
	for i, st := range doc.Stmts {
		assert.Equal(t, p.ID, st.Acct.ID)
		assert.Equal(t, "USD", st.Acct.Ccy)
		require.Len(t, st.Bal, 2)
		assert.Equal(t, "OPBD", st.Bal[0].Code)
		assert.Equal(t, "CLBD", st.Bal[1].Code)
		assert.Equal(t, "USD", st.Bal[0].Amt.Ccy)
		sum := cents(t, st.Bal[0].Amt.Value, st.Bal[0].Ind)
		for _, e := range st.Ntry {
			assert.Equal(t, "BOOK", e.Sts)
			sum += cents(t, e.Amt, e.Ind)
		}
		assert.Equal(t, cents(t, st.Bal[1].Amt.Value, st.Bal[1].Ind), sum, "day %d: opening + entries = closing", i)
	}
	assert.Empty(t, doc.Stmts[0].Ntry)
	require.Len(t, doc.Stmts[1].Ntry, 1, "the maturity's gain on the 6th")
	assert.Equal(t, "INTEREST", doc.Stmts[1].Ntry[0].Code)
	assert.Equal(t, "9750.00", doc.Stmts[0].Bal[1].Amt.Value, "$10,000 less the $250 card payment, bills at cost")

	// The bank statement: movements and their sweeps between balances of 0.
	done, err = c.Reports.Get(ctx, bank.ID)
	require.NoError(t, err)
	buf.Reset()
	_, err = c.Reports.Download(ctx, done.Files[0], &buf)
	require.NoError(t, err)
	doc = camt053{}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Stmts, 3)
	assert.Equal(t, "0.00", doc.Stmts[2].Bal[1].Amt.Value)
	require.Len(t, doc.Stmts[2].Ntry, 2, "the card payment and its sweep from the brokerage account")
	assert.Equal(t, "CARD", doc.Stmts[2].Ntry[0].Code)
	assert.Equal(t, "DBIT", doc.Stmts[2].Ntry[0].Ind)
	assert.Equal(t, "CRDT", doc.Stmts[2].Ntry[1].Ind)

	// The trade report: January's buy and sell.
	done, err = c.Reports.Get(ctx, trade.ID)
	require.NoError(t, err)
	f, ok := done.File(jiko.ReportFormatCSV)
	require.True(t, ok)
	buf.Reset()
	_, err = c.Reports.Download(ctx, f, &buf)
	require.NoError(t, err)
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, "trade_id", rows[0][0])
	assert.Equal(t, []string{"BUY", "SELL"}, []string{rows[1][2], rows[2][2]})

	// List, newest first, in the shape of the SDK's fixture.
	all, err := c.Reports.List(ctx, nil).Collect()
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, bank.ID, all[0].ID)
	var fixture, page struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/report_requests_list.json"), &fixture))
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v1/report-requests/", nil), &page))
	for _, item := range page.Items {
		assert.NoError(t, testutil.SameShape(fixture.Items[0], item))
	}
	one := rawGet(t, c, "/api/v1/report-requests/"+rr.ID+"/", nil)
	assert.NoError(t, testutil.SameShape(testutil.Load(t, "../testdata/report_request.json"), one))
}

func TestReportFailuresAndValidation(t *testing.T) {
	srv, _, c := newTestServer(t)
	p := srv.AddPocket("c1", PocketSeed{Balance: 100_000})
	ctx := context.Background()
	day := jiko.Date{Year: 2025, Month: 1, Day: 6}
	rr, err := c.Reports.Create(ctx, &jiko.ReportCreateRequest{Type: jiko.ReportTypeTrade, PocketIDs: []string{p.ID},
		DateFrom: day, DateTo: day, OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV}})
	require.NoError(t, err)
	require.NoError(t, srv.FailReport(rr.ID))
	assert.Error(t, srv.FailReport(rr.ID), "no longer pending")
	_, err = c.Reports.Wait(ctx, rr.ID, time.Second)
	assert.ErrorIs(t, err, jiko.ErrReportFailed)
	_, err = c.Reports.Get(ctx, "nothing")
	assert.True(t, jiko.IsNotFound(err))

	// What the SDK lets through, the fake checks as the API would.
	_, err = c.Reports.Create(ctx, &jiko.ReportCreateRequest{Type: "TAX_REPORT", PocketIDs: []string{p.ID},
		DateFrom: day, DateTo: day, OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV}})
	assert.ErrorContains(t, err, "body.type: value is not a valid enumeration member")
	_, err = c.Reports.Create(ctx, &jiko.ReportCreateRequest{Type: jiko.ReportTypeTrade, PocketIDs: []string{p.ID},
		DateFrom: day, DateTo: day, OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCAMT053}})
	assert.ErrorContains(t, err, "body.output_formats: value is not a valid enumeration member; permitted: 'CSV'")
	_, err = c.Reports.Create(ctx, &jiko.ReportCreateRequest{Type: jiko.ReportTypeTrade, PocketIDs: []string{"elsewhere"},
		DateFrom: day, DateTo: day, OutputFormats: []jiko.ReportFormat{jiko.ReportFormatCSV}})
	assert.ErrorContains(t, err, "unknown pocket elsewhere")
	err = c.Do(ctx, "POST", "/api/v1/report-requests/", nil, map[string]any{
		"type": "TRADE_REPORT", "pocket_ids": []string{}, "date_from": "2025-02-01", "date_to": "2025-01-01", "output_formats": []string{"CSV"}}, nil)
	assert.ErrorContains(t, err, "body.pocket_ids: ensure this value has at least 1 items")
	assert.ErrorContains(t, err, "body.date_to: date_to must not be before date_from")
	assert.True(t, jiko.IsValidation(err))
	err = c.Do(ctx, "GET", "/api/v1/report-requests/", url.Values{"limit": {"1000"}}, nil, nil)
	assert.True(t, jiko.IsValidation(err))
	assert.Equal(t, 1, srv.SideEffects(), "only the created request changed anything")
}

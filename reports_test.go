package jiko

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReportFixturesDecodeStrictly(t *testing.T) {
	r := testutil.Strict[Report](t, testutil.Load(t, "report_request.json"))
	assert.Equal(t, ReportTypeBrokerageStatement, r.Type)
	assert.Equal(t, ReportStatusCompleted, r.Status)
	assert.True(t, r.Status.Done())
	f, ok := r.File(ReportFormatCAMT053)
	require.True(t, ok)
	assert.Equal(t, "https://example.com/path-to-report-file", f.URL)
	_, ok = r.File(ReportFormatCSV)
	assert.False(t, ok)
	page := testutil.Strict[CursorPage[Report]](t, testutil.Load(t, "report_requests_list.json"))
	require.Len(t, page.Items, 1)
	assert.Equal(t, ReportTypeTrade, page.Items[0].Type)
	assert.False(t, page.Items[0].Status.Done())
	testutil.Strict[ReportCreateRequest](t, testutil.Load(t, "report_create.request.json"))
}

func TestReportsCreateGetList(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.on("POST", "/api/v1/report-requests/", status(201, fixture(t, "report_request.json")))
	req := &ReportCreateRequest{
		Type: ReportTypeBrokerageStatement, PocketIDs: []string{pocketID},
		DateFrom: Date{Year: 2023, Month: time.January, Day: 31}, DateTo: Date{Year: 2023, Month: time.January, Day: 31},
		OutputFormats: []ReportFormat{ReportFormatCAMT053},
	}
	r, err := h.c.Reports.Create(ctx, req, WithIdempotencyKey(IdempotencyKeyFor("eod:2023-01-31")))
	require.NoError(t, err)
	assert.Equal(t, "2f6c1e8a-9b3d-4c5e-8f71-0a2b3c4d5e6f", r.ID)
	last := h.last()
	assert.Equal(t, "POST", last.Method)
	assert.Equal(t, "/api/v1/report-requests/", last.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "report_create.request.json")), string(last.Body))
	assert.Equal(t, IdempotencyKeyFor("eod:2023-01-31"), last.Header.Get("X-Jiko-Idempotency"))
	assert.NotEmpty(t, last.Header.Get("X-Jiko-Signature"))

	h.on("GET", "/api/v1/report-requests/"+r.ID+"/", status(200, fixture(t, "report_request.json")))
	got, err := h.c.Reports.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, ReportStatusCompleted, got.Status)
	assert.Equal(t, "/api/v1/report-requests/"+r.ID+"/", h.last().Path)

	h.on("GET", "/api/v1/report-requests/", status(200, fixture(t, "report_requests_list.json")), status(200, `{"items":[]}`))
	all, err := h.c.Reports.List(ctx, &ReportListParams{Limit: 10}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 1)
	assert.Equal(t, "limit=10", h.requests()[len(h.requests())-2].Query)
	_, err = h.c.Reports.ListPage(ctx, nil)
	require.NoError(t, err)
}

func TestReportsRefuseBadInputLocally(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	day := Date{Year: 2023, Month: time.January, Day: 31}
	ok := ReportCreateRequest{Type: ReportTypeTrade, PocketIDs: []string{pocketID}, DateFrom: day, DateTo: day, OutputFormats: []ReportFormat{ReportFormatCSV}}
	with := func(f func(*ReportCreateRequest)) *ReportCreateRequest { r := ok; f(&r); return &r }
	cases := []struct {
		req *ReportCreateRequest
		err string
	}{
		{nil, "jiko: ReportCreateRequest: is nil"},
		{with(func(r *ReportCreateRequest) { r.Type = "" }), "jiko: ReportCreateRequest.Type: is empty"},
		{with(func(r *ReportCreateRequest) { r.PocketIDs = nil }), "jiko: ReportCreateRequest.PocketIDs: is empty: name at least one Pocket"},
		{with(func(r *ReportCreateRequest) { r.PocketIDs = []string{pocketID, ""} }), "jiko: ReportCreateRequest.PocketIDs: has an empty id"},
		{with(func(r *ReportCreateRequest) { r.DateFrom = Date{} }), "jiko: ReportCreateRequest.DateFrom: is required"},
		{with(func(r *ReportCreateRequest) { r.DateTo = Date{} }), "jiko: ReportCreateRequest.DateTo: is required"},
		{with(func(r *ReportCreateRequest) { r.DateTo = Date{Year: 2023, Month: time.January, Day: 30} }), "jiko: ReportCreateRequest.DateTo: 2023-01-30 is before DateFrom 2023-01-31"},
		{with(func(r *ReportCreateRequest) { r.OutputFormats = nil }), "jiko: ReportCreateRequest.OutputFormats: is empty: name at least one format"},
		{with(func(r *ReportCreateRequest) { r.Type = ReportTypeBankStatement }), "jiko: ReportCreateRequest.OutputFormats: CSV is not a format of BANK_STATEMENT_REPORT: use CAMT053"},
	}
	for _, tc := range cases {
		_, err := h.c.Reports.Create(ctx, tc.req)
		assert.EqualError(t, err, tc.err)
		assert.True(t, IsValidation(err))
	}
	_, err := h.c.Reports.Get(ctx, "")
	assert.EqualError(t, err, "jiko: report_request_id: is empty")
	_, err = h.c.Reports.ListPage(ctx, &ReportListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: ReportListParams.Limit: 101 is out of range 0..100")
	assert.Empty(t, h.requests())
}

func TestReportsWaitPollsUntilDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		pending := strings.Replace(fixture(t, "report_request.json"), `"COMPLETED"`, `"PROCESSING"`, 1)
		failed := strings.Replace(fixture(t, "report_request.json"), `"COMPLETED"`, `"FAILED"`, 1)
		path := "/api/v1/report-requests/r1/"
		h.on("GET", path, status(200, pending), status(200, pending), status(200, fixture(t, "report_request.json")))
		start := time.Now()
		r, err := h.c.Reports.Wait(context.Background(), "r1", 0)
		require.NoError(t, err)
		assert.Equal(t, ReportStatusCompleted, r.Status)
		assert.Equal(t, 10*time.Second, time.Since(start), "two waits of the default five seconds")
		assert.Len(t, h.requests(), 3)

		h.on("GET", path, status(200, failed))
		r, err = h.c.Reports.Wait(context.Background(), "r1", time.Millisecond)
		assert.ErrorIs(t, err, ErrReportFailed)
		assert.Equal(t, ReportStatusFailed, r.Status)

		h.on("GET", path, status(200, pending))
		ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
		defer cancel()
		start = time.Now()
		_, err = h.c.Reports.Wait(ctx, "r1", time.Millisecond)
		assert.True(t, errors.Is(err, context.DeadlineExceeded))
		assert.Equal(t, 3500*time.Millisecond, time.Since(start), "polls at most once a second, stops at the deadline")

		h.on("GET", path, status(404, `{"detail":"Not found"}`))
		_, err = h.c.Reports.Wait(context.Background(), "r1", time.Second)
		assert.True(t, IsNotFound(err))
	})
}

func TestReportsDownloadUsesTheFileLink(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/reports/eod.xml", status(200, "<Document/>"))
	var b strings.Builder
	n, err := h.c.Reports.Download(context.Background(), ReportFile{OutputFormat: ReportFormatCAMT053, URL: "https://files.example.com/reports/eod.xml?sig=x"}, &b)
	require.NoError(t, err)
	assert.Equal(t, int64(11), n)
	assert.Equal(t, "<Document/>", b.String())
	assert.Empty(t, h.last().Header.Get("Authorization"))
	_, err = h.c.Reports.Download(context.Background(), ReportFile{}, io.Discard)
	assert.True(t, IsValidation(err))
}

func TestReportsCreateIsRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Reports.Create(context.Background(), &ReportCreateRequest{Type: ReportTypeBankStatement,
		DateFrom: Date{Year: 2023, Month: time.January, Day: 31}, DateTo: Date{Year: 2023, Month: time.January, Day: 30},
		OutputFormats: []ReportFormat{ReportFormatCSV}})
	const r = "ReportCreateRequest."
	assert.Equal(t, []string{r + "PocketIDs", r + "DateTo", r + "OutputFormats"}, issueFields(t, err))
	assert.EqualError(t, err, "jiko: "+r+"PocketIDs: is empty: name at least one Pocket; "+
		r+"DateTo: 2023-01-30 is before DateFrom 2023-01-31; "+
		r+"OutputFormats: CSV is not a format of BANK_STATEMENT_REPORT: use CAMT053")
	assert.Empty(t, h.requests())
}

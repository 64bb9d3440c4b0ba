package jiko

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
)

// Reports are experimental in the Partner API: the reference marks the tag
// "subject to change". Only the list and create paths, the report types and
// the CAMT053 format are confirmed; the rest of this file is inferred and
// says so where it is.

// ReportType is the kind of report to produce.
type ReportType string

// The report types of the reference.
const (
	// ReportTypeBankStatement is the end-of-day statement of a Pocket's
	// bank account in ISO 20022 camt.053. Its closing balance is always 0:
	// the bank account is swept into the brokerage account every day.
	ReportTypeBankStatement ReportType = "BANK_STATEMENT_REPORT"
	// ReportTypeBrokerageStatement is the end-of-day statement of a
	// Pocket's brokerage account in camt.053: the T-bills' opening and
	// closing value, and the additions, subtractions, gains and fees
	// between them.
	ReportTypeBrokerageStatement ReportType = "BROKERAGE_STATEMENT_REPORT"
	// ReportTypeTrade lists the T-bill buys and sells over a period.
	ReportTypeTrade ReportType = "TRADE_REPORT"
)

// ReportFormat is the file format of a report.
type ReportFormat string

// The report formats.
const (
	// ReportFormatCAMT053 is ISO 20022 camt.053 XML, the format of the
	// statement reports (confirmed by the reference).
	ReportFormatCAMT053 ReportFormat = "CAMT053"
	// ReportFormatCSV is comma-separated values. Inferred: the reference's
	// list of TRADE_REPORT formats is cut short.
	ReportFormatCSV ReportFormat = "CSV"
)

// ReportStatus is where a report request stands. Inferred: the reference
// describes the flow (create, watch the status, fetch the file) but its
// status values are not readable.
type ReportStatus string

// The report statuses (inferred).
const (
	ReportStatusPending    ReportStatus = "PENDING"
	ReportStatusProcessing ReportStatus = "PROCESSING"
	ReportStatusCompleted  ReportStatus = "COMPLETED"
	ReportStatusFailed     ReportStatus = "FAILED"
)

// Done reports whether the status is final (COMPLETED or FAILED).
func (s ReportStatus) Done() bool { return s == ReportStatusCompleted || s == ReportStatusFailed }

// Report is one report the partner asked for: what was asked, its
// status and, once it is ready, its files.
// Inferred: the reference's response schema is not readable; the fields
// follow the request body and the API's other objects.
type Report struct {
	// ID identifies the request.
	ID string `json:"id"`
	// Type is the kind of report.
	Type ReportType `json:"type"`
	// Status is PENDING or PROCESSING until the files are ready
	// (COMPLETED) or the report failed (FAILED).
	Status ReportStatus `json:"status"`
	// PocketIDs are the Pockets the report covers.
	PocketIDs []string `json:"pocket_ids"`
	// DateFrom and DateTo bound the reported days, inclusive.
	DateFrom Date `json:"date_from"`
	// DateTo is the last reported day.
	DateTo Date `json:"date_to"`
	// OutputFormats are the formats asked for.
	OutputFormats []ReportFormat `json:"output_formats"`
	// Files are the report's files, one per format, once COMPLETED.
	Files []ReportFile `json:"files"`
	// TimeCreated is when the request was made.
	TimeCreated Timestamp `json:"time_created"`
	// ObjectType is the API's name for the object.
	ObjectType string `json:"object_type,omitempty"`
}

// File returns the file of a format, and whether there is one.
func (r *Report) File(f ReportFormat) (ReportFile, bool) {
	for _, file := range r.Files {
		if file.OutputFormat == f {
			return file, true
		}
	}
	return ReportFile{}, false
}

// ReportFile is one file of a report: a short-lived link, like a
// statement's. Fetch it with ReportsService.Download; do not store it.
type ReportFile struct {
	// OutputFormat is the file's format.
	OutputFormat ReportFormat `json:"output_format"`
	// URL is the link to the file.
	URL string `json:"url"`
}

// ReportCreateRequest asks for a report. Inferred: only output_formats is
// confirmed by the reference; the other field names follow the API's
// other date-bounded requests.
type ReportCreateRequest struct {
	// Type is the kind of report; required.
	Type ReportType `json:"type"`
	// PocketIDs are the Pockets to report on; at least one.
	PocketIDs []string `json:"pocket_ids"`
	// DateFrom and DateTo bound the reported days, inclusive; required.
	// A statement report has one statement per day.
	DateFrom Date `json:"date_from"`
	// DateTo is the last day to report on.
	DateTo Date `json:"date_to"`
	// OutputFormats are the formats to produce; at least one. The
	// statement reports take CAMT053 only.
	OutputFormats []ReportFormat `json:"output_formats"`
}

func (r *ReportCreateRequest) validate() error {
	const t = "ReportCreateRequest"
	var errs []error
	if r.Type == "" {
		errs = append(errs, invalid(t+".Type", "is empty"))
	}
	switch {
	case len(r.PocketIDs) == 0:
		errs = append(errs, invalid(t+".PocketIDs", "is empty: name at least one Pocket"))
	case slices.Contains(r.PocketIDs, ""):
		errs = append(errs, invalid(t+".PocketIDs", "has an empty id"))
	}
	if r.DateFrom.IsZero() {
		errs = append(errs, invalid(t+".DateFrom", "is required"))
	}
	if r.DateTo.IsZero() {
		errs = append(errs, invalid(t+".DateTo", "is required"))
	}
	// The range is checked only when both dates are set (checkDateRange
	// skips a zero one).
	errs = append(errs, checkDateRange(t+".DateFrom", t+".DateTo", r.DateFrom, r.DateTo))
	if len(r.OutputFormats) == 0 {
		errs = append(errs, invalid(t+".OutputFormats", "is empty: name at least one format"))
	}
	if r.Type == ReportTypeBankStatement || r.Type == ReportTypeBrokerageStatement {
		for _, f := range r.OutputFormats {
			if f != ReportFormatCAMT053 {
				errs = append(errs, invalid(t+".OutputFormats", "%s is not a format of %s: use CAMT053", f, r.Type))
				break
			}
		}
	}
	return checkAll(errs...)
}

// ReportListParams pages the list of report requests.
type ReportListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *ReportListParams) validate() error {
	return checkLimit("ReportListParams.Limit", p.Limit, 100)
}

// ReportsService reaches the experimental Reports operations
// (https://docs.jiko.io/products/partner-api/reference/reports). The
// reference marks them subject to change, and much of their shape is
// inferred here (see each method); expect this service to change with
// them.
//
// A report is asynchronous: Create asks for it, Get (or Wait) watches its
// status, and once it is COMPLETED its Files are fetched with Download.
type ReportsService service

// List iterates over the partner's report requests
// (GET /api/v1/report-requests/). params may be nil.
func (s *ReportsService) List(ctx context.Context, params *ReportListParams, opts ...CallOption) *CursorIter[Report] {
	return list[Report](ctx, s.client, at(ops.ReportsList), params, opts)
}

// ListPage fetches one page of the partner's report requests
// (GET /api/v1/report-requests/).
func (s *ReportsService) ListPage(ctx context.Context, params *ReportListParams, opts ...CallOption) (*CursorPage[Report], error) {
	return page[Report](ctx, s.client, at(ops.ReportsList), params, opts)
}

// Create asks for a report (POST /api/v1/report-requests/). The report is
// produced asynchronously: the answer's Status is not yet COMPLETED. The
// body's field names other than output_formats are inferred. Pass
// WithIdempotencyKey with a key derived from your own record to make a
// resend after a crash return the first request rather than start a
// second. IsValidation reports a refused type, date or format.
func (s *ReportsService) Create(ctx context.Context, req *ReportCreateRequest, opts ...CallOption) (*Report, error) {
	return call[Report](ctx, s.client, at(ops.ReportsCreate), nil, req, opts)
}

// Get reads a report request and its status
// (GET /api/v1/report-requests/{report_request_id}/). The path is inferred
// from the list's path. IsNotFound reports an unknown request.
func (s *ReportsService) Get(ctx context.Context, reportRequestID string, opts ...CallOption) (*Report, error) {
	return call[Report](ctx, s.client, at(ops.ReportsGet, reportRequestID), nil, nil, opts)
}

// ErrReportFailed is returned by Wait when a report ends FAILED.
var ErrReportFailed = fmt.Errorf("jiko: report failed")

// Wait polls Get (GET /api/v1/report-requests/{report_request_id}/) every
// interval (at least one second; 0 means five seconds)
// until the report is COMPLETED or FAILED, or ctx is done. It returns the
// last request read; a FAILED report also returns ErrReportFailed.
func (s *ReportsService) Wait(ctx context.Context, reportRequestID string, interval time.Duration, opts ...CallOption) (*Report, error) {
	if interval == 0 {
		interval = 5 * time.Second
	}
	interval = max(interval, time.Second)
	for {
		r, err := s.Get(ctx, reportRequestID, opts...)
		if err != nil {
			return nil, err
		}
		switch r.Status {
		case ReportStatusCompleted:
			return r, nil
		case ReportStatusFailed:
			return r, fmt.Errorf("%w: report request %s", ErrReportFailed, r.ID)
		}
		if err := sleep(ctx, interval); err != nil {
			return r, err
		}
	}
}

// Download copies a report file to w, as StatementsService.Download does
// for any short-lived link: no credentials go to the file's host, and the
// size is capped at MaxDownloadSize.
func (s *ReportsService) Download(ctx context.Context, file ReportFile, w io.Writer) (int64, error) {
	return download(ctx, s.client, file.URL, w)
}

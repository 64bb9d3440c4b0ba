package jiko

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// StatementType is the kind of a statement.
type StatementType string

// The statement types of the reference, in its order: the yearly tax forms
// and the monthly bank and brokerage statements.
const (
	StatementType1099B     StatementType = "1099B"
	StatementType1099INT   StatementType = "1099INT"
	StatementTypeBank      StatementType = "BANK"
	StatementTypeBrokerage StatementType = "BROKERAGE"
)

// Statement is a statement of one account (Pocket) for one period
// (object_type Statement). Monthly statements are available by the 15th of
// the following month.
type Statement struct {
	// ID identifies the statement.
	ID string `json:"id"`
	// JikoAccountID is the account (the Pocket) the statement is for.
	JikoAccountID string `json:"jiko_account_id"`
	// Type is BANK, BROKERAGE, 1099B or 1099INT.
	Type StatementType `json:"type"`
	// Key names the period, as the API writes it (the reference's example
	// is "2023-01-01" for January 2023).
	Key string `json:"key"`
	// PDFDownloadURL is a link to the PDF that lives ten minutes: fetch it
	// when the customer asks (see Download) and never store it.
	PDFDownloadURL string `json:"pdf_download_url"`
	// TimeCreated is when the statement was produced.
	TimeCreated Timestamp `json:"time_created"`
	// ObjectType is "Statement".
	ObjectType string `json:"object_type,omitempty"`
}

// StatementListParams filters and pages a list of statements.
type StatementListParams struct {
	// Cursor starts the list at this page (cursor); iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 150; 0 leaves the API's default (30).
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
	// Order is SortDesc (the default) or SortAsc.
	Order SortOrder `json:"order,omitempty" url:"order,omitempty"`
	// Types keeps these types only (type[]).
	Types []StatementType `json:"type[],omitempty" url:"type[],omitempty"`
	// Key keeps one year ("2024") or one month ("2024-03").
	Key string `json:"key,omitempty" url:"key,omitempty"`
	// Accounts keeps the statements of these accounts (Pockets)
	// (account[]). Only ListForCustomer takes it.
	Accounts []string `json:"account[],omitempty" url:"account[],omitempty"`
}

// MaxStatementListLimit is the largest page size of the statement lists.
const MaxStatementListLimit = 150

// StatementKeyYear returns the Key that selects a year's statements.
func StatementKeyYear(year int) string { return fmt.Sprintf("%04d", year) }

// StatementKeyMonth returns the Key that selects a month's statements.
func StatementKeyMonth(year int, month time.Month) string {
	return fmt.Sprintf("%04d-%02d", year, int(month))
}

func (p *StatementListParams) validate() error {
	const t = "StatementListParams"
	return firstError(
		checkLimit(t+".Limit", p.Limit, MaxStatementListLimit),
		checkOrder(t+".Order", p.Order),
		checkStatementKey(t+".Key", p.Key),
	)
}

// checkStatementKey accepts "", YYYY and YYYY-MM with a month 01..12.
func checkStatementKey(field, k string) error {
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	switch {
	case k == "":
		return nil
	case len(k) == 4 && digits(k):
		return nil
	case len(k) == 7 && digits(k[:4]) && k[4] == '-' && digits(k[5:]):
		if m, _ := strconv.Atoi(k[5:]); m >= 1 && m <= 12 {
			return nil
		}
	}
	return invalid(field, "%q is not YYYY or YYYY-MM", k)
}

func (p *StatementListParams) accountOnly() any {
	return refuseIf(p, p != nil && len(p.Accounts) > 0, "StatementListParams.Accounts", "only ListForCustomer takes it")
}

// StatementsService reaches the Statements operations
// (https://docs.jiko.io/products/partner-api/reference/statements) and
// downloads the short-lived documents the API links to.
type StatementsService service

const (
	customerStatements = "/api/v1/customers/{customer_id}/statements/"
	accountStatements  = "/api/v1/jiko-accounts/{account_id}/statements/"
)

// ListForCustomer iterates over the statements of all of a customer's
// accounts (GET /api/v1/customers/{customer_id}/statements/). params may be
// nil. Each statement's PDFDownloadURL lives ten minutes: list when the
// customer asks, download at once, store neither. IsNotFound reports an
// unknown customer.
func (s *StatementsService) ListForCustomer(ctx context.Context, customerID string, params *StatementListParams, opts ...Option) *CursorIter[Statement] {
	return list[Statement](ctx, s.client, at(customerStatements, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's statements
// (GET /api/v1/customers/{customer_id}/statements/).
func (s *StatementsService) ListForCustomerPage(ctx context.Context, customerID string, params *StatementListParams, opts ...Option) (*CursorPage[Statement], error) {
	return page[Statement](ctx, s.client, at(customerStatements, customerID), params, opts)
}

// ListForAccount iterates over one account's statements
// (GET /api/v1/jiko-accounts/{account_id}/statements/); account_id is a
// Pocket id. params may be nil; Accounts is refused.
//
// Deprecated: use [StatementsService.ListForCustomer] with Accounts.
func (s *StatementsService) ListForAccount(ctx context.Context, accountID string, params *StatementListParams, opts ...Option) *CursorIter[Statement] {
	return list[Statement](ctx, s.client, at(accountStatements, accountID), params.accountOnly(), opts)
}

// ListForAccountPage fetches one page of an account's statements
// (GET /api/v1/jiko-accounts/{account_id}/statements/).
//
// Deprecated: use [StatementsService.ListForCustomerPage] with Accounts.
func (s *StatementsService) ListForAccountPage(ctx context.Context, accountID string, params *StatementListParams, opts ...Option) (*CursorPage[Statement], error) {
	return page[Statement](ctx, s.client, at(accountStatements, accountID), params.accountOnly(), opts)
}

// MaxDownloadSize is the largest document Download accepts: far above a
// statement or confirmation PDF, small enough that a wrong link cannot fill
// a disk.
const MaxDownloadSize = 50 << 20

// ErrDownloadTooLarge is returned by Download when a document is larger
// than MaxDownloadSize. What was written before the limit was reached is
// incomplete and should be discarded.
var ErrDownloadTooLarge = fmt.Errorf("jiko: download: document larger than %d bytes", MaxDownloadSize)

// Download fetches a short-lived document link (a statement's
// PDFDownloadURL, a trade confirmation's URL, a report file's URL) and
// copies the document to w, returning the number of bytes written.
//
// The link is a foreign, pre-signed URL: the request goes through the
// client's HTTP client but carries none of the client's credentials (no
// Authorization, idempotency key, signature or extra headers), and it is not
// retried, since part of the document may already be in w. The link must be
// https (plain http only for loopback hosts, as in tests). Errors never show
// the link's query, which is its credential. A document larger than
// MaxDownloadSize fails with ErrDownloadTooLarge.
func (s *StatementsService) Download(ctx context.Context, link string, w io.Writer) (int64, error) {
	if ctx == nil {
		return 0, invalid("ctx", "is nil")
	}
	if w == nil {
		return 0, invalid("w", "is nil")
	}
	u, err := url.Parse(link)
	if err != nil {
		return 0, invalid("link", "is not a URL")
	}
	// The query of a pre-signed link is its credential: errors show the
	// rest only.
	bare := *u
	bare.User, bare.RawQuery, bare.Fragment = nil, "", ""
	shown := bare.String()
	switch {
	case u.Host == "" || u.User != nil:
		return 0, invalid("link", "%q is not an absolute URL without user info", shown)
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme != "https":
		return 0, invalid("link", "%q must use https", shown)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	req.Header.Set("User-Agent", s.client.userAgent)
	req.Header.Set("Accept", "application/pdf, application/xml, text/csv, */*")
	resp, err := s.client.hc.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its message repeats the whole link
		}
		return 0, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, fmt.Errorf("jiko: download %s: status %d (the link may have expired: links live ten minutes)", shown, resp.StatusCode)
	}
	if resp.ContentLength > MaxDownloadSize {
		return 0, ErrDownloadTooLarge
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, MaxDownloadSize+1))
	if n > MaxDownloadSize {
		return MaxDownloadSize, ErrDownloadTooLarge
	}
	if err != nil {
		return n, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	return n, nil
}

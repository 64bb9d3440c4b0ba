package jiko

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/jiko-go/jiko/internal/ops"
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
	return checkAll(
		checkLimit(t+".Limit", p.Limit, MaxStatementListLimit),
		checkOrder(t+".Order", p.Order),
		checkStatementKey(t+".Key", p.Key),
	)
}

// checkStatementKey accepts "", YYYY and YYYY-MM with a month 01..12.
func checkStatementKey(field, k string) error {
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

// ListForCustomer iterates over the statements of all of a customer's
// accounts (GET /api/v1/customers/{customer_id}/statements/). params may be
// nil. Each statement's PDFDownloadURL lives ten minutes: list when the
// customer asks, download at once, store neither. IsNotFound reports an
// unknown customer.
func (s *StatementsService) ListForCustomer(ctx context.Context, customerID string, params *StatementListParams, opts ...CallOption) *CursorIter[Statement] {
	return list[Statement](ctx, s.client, at(ops.StatementsListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's statements
// (GET /api/v1/customers/{customer_id}/statements/).
func (s *StatementsService) ListForCustomerPage(ctx context.Context, customerID string, params *StatementListParams, opts ...CallOption) (*CursorPage[Statement], error) {
	return page[Statement](ctx, s.client, at(ops.StatementsListForCustomer, customerID), params, opts)
}

// ListForPocket iterates over one account's statements
// (GET /api/v1/jiko-accounts/{account_id}/statements/); account_id is a
// Pocket id. params may be nil; Accounts is refused.
//
// Deprecated: use [StatementsService.ListForCustomer] with Accounts.
func (s *StatementsService) ListForPocket(ctx context.Context, pocketID string, params *StatementListParams, opts ...CallOption) *CursorIter[Statement] {
	return list[Statement](ctx, s.client, at(ops.StatementsListForPocket, pocketID), params.accountOnly(), opts)
}

// ListForPocketPage fetches one page of an account's statements
// (GET /api/v1/jiko-accounts/{account_id}/statements/).
//
// Deprecated: use [StatementsService.ListForCustomerPage] with Accounts.
func (s *StatementsService) ListForPocketPage(ctx context.Context, pocketID string, params *StatementListParams, opts ...CallOption) (*CursorPage[Statement], error) {
	return page[Statement](ctx, s.client, at(ops.StatementsListForPocket, pocketID), params.accountOnly(), opts)
}

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
	return download(ctx, s.client, link, w)
}

package jiko

import (
	"context"

	"github.com/jiko-go/jiko/internal/ops"
)

// ACHDirection says which way an ACH origination moves money, seen from the
// Pocket's bank (the originator).
type ACHDirection string

// The ACH directions of the reference. Their meaning is inferred: the
// current reference's WEB defaults ("Funding TX" for DEBIT, "Release TX"
// for CREDIT) and NACHA's own terms say DEBIT pulls into the Pocket and
// CREDIT pushes out, though the v1.29 request example labels a CREDIT
// "Transferring funds to Jiko". Confirm with Jiko before moving money.
const (
	// ACHDebit pulls money from the counterparty's account into the Pocket
	// (inferred, see ACHDirection).
	ACHDebit ACHDirection = "DEBIT"
	// ACHCredit pushes money from the Pocket to the counterparty's account
	// (inferred, see ACHDirection).
	ACHCredit ACHDirection = "CREDIT"
)

// ACHSECCode is the NACHA Standard Entry Class of an ACH entry.
type ACHSECCode string

// The SEC codes of the reference. A request may carry CCD or WEB; PPD
// appears only in responses.
const (
	// ACHSECCodeCCD is a corporate credit or debit, between business
	// accounts; it needs a company entry description.
	ACHSECCodeCCD ACHSECCode = "CCD"
	// ACHSECCodePPD is a prearranged payment or deposit with a consumer
	// account; the API may report it but does not accept it on a request.
	ACHSECCodePPD ACHSECCode = "PPD"
	// ACHSECCodeWEB is an entry a consumer authorised online; it is the
	// API's default.
	ACHSECCodeWEB ACHSECCode = "WEB"
)

// ACHStatus is where an ACH origination stands.
type ACHStatus string

// The ACH statuses of the reference, in its order. Values not listed here
// decode as they come.
const (
	ACHStatusPending   ACHStatus = "PENDING"
	ACHStatusFailed    ACHStatus = "FAILED"
	ACHStatusRejected  ACHStatus = "REJECTED"
	ACHStatusProcessed ACHStatus = "PROCESSED"
	ACHStatusApproved  ACHStatus = "APPROVED"
	ACHStatusInTransit ACHStatus = "IN_TRANSIT"
	ACHStatusCancelled ACHStatus = "CANCELLED"
)

// ACHTransfer is an ACH origination: money pulled from or pushed to a
// verified counterparty's bank account (the API's ACHResponse), as
// [ACHService.Create], [ACHService.Get] and the ACH lists return it. Follow
// its Status, or the transfers.ach.* events, to learn when the money moved.
type ACHTransfer struct {
	// CounterpartyID is the external bank account on the other side.
	CounterpartyID string `json:"counterparty_id"`
	// Direction is DEBIT (into the Pocket) or CREDIT (out of it); the
	// meaning is inferred, see ACHDirection.
	Direction ACHDirection `json:"direction"`
	// SECCode is the entry's Standard Entry Class: CCD, PPD or WEB.
	SECCode ACHSECCode `json:"sec_code"`
	// PaymentRelatedInformation is the free text sent with the entry
	// (addenda records).
	PaymentRelatedInformation []string `json:"payment_related_information"`
	// ID identifies the transfer; Get takes it.
	ID string `json:"id"`
	// Amount is what moves.
	Amount Money `json:"amount"`
	// JikoAccountID is the Pocket the money moves into or out of.
	JikoAccountID string `json:"jiko_account_id"`
	// Status is where the transfer stands (PENDING ... PROCESSED).
	Status ACHStatus `json:"status"`
	// TimeCreated is when the transfer was created.
	TimeCreated Timestamp `json:"time_created"`
	// CompanyEntryDescription is the short purpose the counterparty's bank
	// statement shows.
	CompanyEntryDescription string `json:"company_entry_description"`
	// ObjectType is the API's name for the object, "ACHResponse".
	ObjectType string `json:"object_type,omitempty"`
}

// MaxACHListLimit is the largest page size of the ACH lists.
const MaxACHListLimit = 100

// ACHListParams filters and pages a list of ACH originations
// ([ACHService.ListForPocket], [ACHService.ListForCustomer] and their ...Page twins).
type ACHListParams struct {
	// Status keeps only transfers in these states (filter[status]).
	Status []ACHStatus `json:"filter[status],omitempty" url:"filter[status],omitempty"`
	// Direction keeps only DEBIT or only CREDIT transfers.
	Direction ACHDirection `json:"direction,omitempty" url:"direction,omitempty"`
	// Cursor starts the list at this page; iterators set it.
	Cursor string `json:"cursor,omitempty" url:"cursor,omitempty"`
	// Limit is the page size, 0 to 100; 0 leaves the API's default of 30.
	Limit int `json:"limit,omitempty" url:"limit,omitempty"`
}

func (p *ACHListParams) validate() error {
	return checkAll(
		checkEnums("ACHListParams.Status", p.Status, achStatusValues...),
		checkOneOf("ACHListParams.Direction", p.Direction, false, achDirectionValues...),
		checkLimit("ACHListParams.Limit", p.Limit, MaxACHListLimit),
	)
}

// MaxCompanyEntryDescription is the longest company_entry_description the
// API accepts, in characters (letters, digits and spaces only).
const MaxCompanyEntryDescription = 10

// ACHCreateRequest is the body of [ACHService.Create]: an ACH transfer to
// originate with a verified counterparty. It is checked before anything is
// sent.
type ACHCreateRequest struct {
	// CounterpartyID is the counterparty's bank account; required. It must
	// belong to the Pocket's customer and be verified: a v1 counterparty
	// whose VerificationStatus is VERIFIED ([CounterpartyV1.Verified]). The
	// same counterparty read through Counterparties V2 has status LINKED
	// ([CounterpartyCommon.Linked]); inferred: the reference states the
	// requirement in v1 terms only.
	CounterpartyID string `json:"counterparty_id"`
	// Direction is ACHDebit (pull into the Pocket) or ACHCredit (push out
	// of it; the meaning is inferred, see ACHDirection); required.
	Direction ACHDirection `json:"direction"`
	// SECCode is CCD or WEB; empty leaves the API's default, WEB.
	SECCode ACHSECCode `json:"sec_code,omitempty"`
	// PaymentRelatedInformation is free text sent with the entry; optional.
	PaymentRelatedInformation []string `json:"payment_related_information,omitempty"`
	// AmountUSDC is the amount in cents of US dollars (10123 is $101.23;
	// USDC is the API's name, not the stablecoin); more than 0.
	AmountUSDC int64 `json:"amount_usdc"`
	// CompanyEntryDescription is the purpose shown on the counterparty's
	// statement: 1 to 10 letters, digits or spaces. Required for CCD; for
	// WEB the API uses "Funding TX" on a DEBIT and "Release TX" on a CREDIT
	// when it is empty.
	CompanyEntryDescription string `json:"company_entry_description,omitempty"`
}

func (r *ACHCreateRequest) validate() error {
	return checkAll(
		checkRequired("ACHCreateRequest.CounterpartyID", r.CounterpartyID),
		checkOneOf("ACHCreateRequest.Direction", r.Direction, true, achDirectionValues...),
		checkOneOf("ACHCreateRequest.SECCode", r.SECCode, false, ACHSECCodeCCD, ACHSECCodeWEB),
		checkCents("ACHCreateRequest.AmountUSDC", r.AmountUSDC),
		r.checkEntryDescription("ACHCreateRequest.CompanyEntryDescription"),
	)
}

// checkEntryDescription refuses a company entry description a CCD entry
// lacks, or one too long or with other characters than letters, digits and
// spaces.
func (r *ACHCreateRequest) checkEntryDescription(field string) error {
	d := r.CompanyEntryDescription
	if d == "" {
		if r.SECCode == ACHSECCodeCCD {
			return invalid(field, "is required when SECCode is CCD")
		}
		return nil
	}
	if err := checkMaxLen(field, d, MaxCompanyEntryDescription); err != nil {
		return err
	}
	for _, c := range d {
		if !(c == ' ' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return invalid(field, "%q may hold only letters, digits and spaces", d)
		}
	}
	return nil
}

// ACHService reaches the ACH operations: originating transfers between a
// Pocket and a customer's verified external bank account, and reading them.
// Reach it as c.ACH.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/ach
type ACHService service

// ListForPocket iterates over the ACH originations of a Pocket
// (GET /api/v1/jiko-accounts/{account_id}/ach-originating/). account_id is a
// Pocket id. params may be nil. Errors arrive with the iteration:
// [IsNotFound] reports an unknown Pocket; [IsValidation] a refused params
// field.
func (s *ACHService) ListForPocket(ctx context.Context, pocketID string, params *ACHListParams, opts ...CallOption) *CursorIter[ACHTransfer] {
	return list[ACHTransfer](ctx, s.client, at(ops.ACHListForPocket, pocketID), params, opts)
}

// ListForPocketPage fetches one page of a Pocket's ACH originations
// (GET /api/v1/jiko-accounts/{account_id}/ach-originating/). Pass the
// page's NextPage as params.Cursor for the next one. [IsNotFound] reports an
// unknown Pocket; [IsValidation] a refused params field.
func (s *ACHService) ListForPocketPage(ctx context.Context, pocketID string, params *ACHListParams, opts ...CallOption) (*CursorPage[ACHTransfer], error) {
	return page[ACHTransfer](ctx, s.client, at(ops.ACHListForPocket, pocketID), params, opts)
}

// ListForCustomer iterates over the ACH originations of all of a customer's
// Pockets (GET /api/v1/customers/{customer_id}/ach-originating/). Its
// parameters are inferred to be those of [ACHService.ListForPocket]: the reference
// names the operation but its page is not readable. Errors arrive with the
// iteration: [IsNotFound] reports an unknown customer; [IsValidation] a
// refused params field.
func (s *ACHService) ListForCustomer(ctx context.Context, customerID string, params *ACHListParams, opts ...CallOption) *CursorIter[ACHTransfer] {
	return list[ACHTransfer](ctx, s.client, at(ops.ACHListForCustomer, customerID), params, opts)
}

// ListForCustomerPage fetches one page of a customer's ACH originations
// (GET /api/v1/customers/{customer_id}/ach-originating/; parameters
// inferred, as for [ACHService.ListForCustomer]). [IsNotFound] reports an
// unknown customer; [IsValidation] a refused params field.
func (s *ACHService) ListForCustomerPage(ctx context.Context, customerID string, params *ACHListParams, opts ...CallOption) (*CursorPage[ACHTransfer], error) {
	return page[ACHTransfer](ctx, s.client, at(ops.ACHListForCustomer, customerID), params, opts)
}

// Create originates an ACH transfer between a Pocket and a verified
// counterparty (POST /api/v1/jiko-accounts/{account_id}/ach-originating/).
// account_id is a Pocket id. The transfer starts PENDING; the
// transfers.ach.* events report its outcome. Under $25,000 before 12:00 ET
// it settles the same day, above it the next day; after 12:00 ET the same
// rules apply from the next day.
//
// Money is never sent twice: every retry of the call carries the same
// idempotency key, and the API answers a resend within the hour with the
// first outcome instead of acting again. To survive a crash and restart of
// your own process, derive the key from your record of the transfer
// ([IdempotencyKeyFor]):
//
//	key := jiko.IdempotencyKeyFor("ach:" + payout.ID)
//	t, err := c.ACH.Create(ctx, pocketID, req, jiko.WithIdempotencyKey(key))
//
// When [MayHaveSucceeded] reports true (no answer came, or the API answered
// 500, 502 or 504) the transfer may exist: send the same request again with
// [WithIdempotencyKey] and the key of the [Error] to learn its outcome. Past the hour the key is forgotten: look for the
// transfer with [ACHService.ListForPocket] before sending again. [IsValidation]
// reports a refused request (an unverified or unknown counterparty, a
// closed or frozen Pocket, insufficient funds); [IsNotFound] an unknown
// Pocket.
func (s *ACHService) Create(ctx context.Context, pocketID string, req *ACHCreateRequest, opts ...CallOption) (*ACHTransfer, error) {
	t, err := call[ACHTransfer](ctx, s.client, at(ops.ACHCreate, pocketID), nil, req, opts)
	return t, err
}

// Get reads an ACH origination of a Pocket
// (GET /api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/),
// to follow its status. account_id is a Pocket id. [IsNotFound] reports an
// unknown transfer.
func (s *ACHService) Get(ctx context.Context, pocketID, transferID string, opts ...CallOption) (*ACHTransfer, error) {
	return call[ACHTransfer](ctx, s.client, at(ops.ACHGet, pocketID, transferID), nil, nil, opts)
}

package jiko

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransactionV1FixturesDecodeStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[TransactionV1]](t, testutil.Load(t, "transactions_v1_list.json"))
	require.Len(t, page.Items, 4)
	card := page.Items[0].Details.Variant.(*CardDetailsV1)
	assert.Equal(t, TransactionV1TypeCard, card.TransactionType)
	assert.Equal(t, "ATM Withdrawal", card.TransactionTypeTitle)
	assert.Equal(t, "HOUSTON", card.CardTransaction.Location.City)
	assert.True(t, card.CardTransaction.PreAuthorization)
	ach := page.Items[1].Details.Variant.(*ACHDetailsV1)
	assert.Equal(t, "VENMO", ach.ACHTransaction.CompanyName)
	assert.Equal(t, "IIN: 596425331 REF: 91000010211227", ach.SubTitle)
	wire := page.Items[2].Details.Variant.(*WireDetailsV1)
	assert.Equal(t, "John Smith", wire.WireTransaction.CounterpartyName)
	cb := page.Items[3].Details.Variant.(*CashBackDetailsV1)
	assert.Equal(t, "2022-06", cb.CashBackTransaction.Period)
	assert.Equal(t, TransactionV1StatusCompleted, page.Items[0].Status)
	assert.Equal(t, time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC), page.Items[0].Timestamp.UTC())
	assert.Equal(t, "Transaction", page.Items[0].ObjectType)

	got := testutil.Strict[TransactionV1](t, testutil.Load(t, "transactions_v1_get.json"))
	assert.Equal(t, "05964326-49b7-4e74-9783-81137ee3cf3b", got.ID)
	assert.IsType(t, &WireDetailsV1{}, got.Details.Variant)

	// The variants the published examples do not show, and an unknown one.
	rest := testutil.Strict[[]TransactionV1](t, testutil.Load(t, "transactions_v1_variants.json"))
	require.Len(t, rest, 5)
	fee := rest[0].Details.Variant.(*WireFeeDetailsV1)
	assert.Equal(t, "9999XXXX", fee.WireFeeTransaction.ReferenceNumber)
	onus := rest[1].Details.Variant.(*OnUsDetailsV1)
	assert.Equal(t, "INTERNAL_REALLOCATION", onus.OnUsTransaction.OnUsTransferType)
	assert.Equal(t, TransactionV1StatusPending, rest[1].Status)
	assert.IsType(t, &GenericDetailsV1{}, rest[2].Details.Variant)
	origination := rest[3].Details.Variant.(*ACHDetailsV1)
	assert.Equal(t, ACHDirectionV1Origination, origination.ACHTransaction.ACHDirection)
	assert.Equal(t, "5b0d7a8e-3c21-4f1e-9a6b-7c8d9e0f1a2b", origination.ACHTransaction.ACHID)
	var all []json.RawMessage
	require.NoError(t, json.Unmarshal(testutil.Load(t, "transactions_v1_variants.json"), &all))
	var last struct {
		Details json.RawMessage `json:"details"`
	}
	require.NoError(t, json.Unmarshal(all[4], &last))
	unknown := requireUnknown[*UnknownTransactionDetails](t, rest[4].Details, "REWARD", string(last.Details), "")
	assert.Equal(t, TransactionV1Type("REWARD"), unknown.TransactionType)
	assert.Equal(t, TransactionV1Type("REWARD"), rest[4].Details.Kind())
	assert.Equal(t, "Crypto reward", rest[4].Details.Common().Title)

	var empty TransactionDetails
	assert.Nil(t, empty.Common(), "no variant has no common fields")
	assert.Equal(t, TransactionV1Type(""), empty.Kind())
}

func TestTransactionV1DetailsOfAKnownTypeThatDoNotFitAreKept(t *testing.T) {
	details := `{"title":"ATM","transaction_type":"CARD","card_transaction":[]}`
	tx := decodeLeniently[TransactionV1](t, `{"id":"x1","amount":{"value":1,"currency":"USD"},"details":`+details+`}`)
	assert.Equal(t, "x1", tx.ID, "the transaction around them decodes")
	u := requireUnknown[*UnknownTransactionDetails](t, tx.Details, "CARD", details,
		`jiko: transaction details of transaction_type "CARD": json: cannot unmarshal array into Go struct field CardDetailsV1.card_transaction of type jiko.CardTransactionDetails`)
	assert.Equal(t, "ATM", u.Title)
	assert.Equal(t, TransactionV1TypeCard, tx.Details.Kind())
}

func TestTransactionsV1PageMixingVariantsDecodesWhole(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/transactions/"
	malformed := `{"id":"m","details":{"transaction_type":"ACH","ach_transaction":{"company_name":7}}}`
	unknown := `{"id":"u","details":{"transaction_type":"REWARD","reward_transaction":{}}}`
	h.on("GET", path, status(200, `{"items":[`+fixture(t, "transactions_v1_get.json")+`,`+malformed+`,`+unknown+`],"next_page":null}`))
	pg, err := h.c.TransactionsV1.ListForPocketPage(context.Background(), pocketID, nil)
	require.NoError(t, err)
	require.Len(t, pg.Items, 3)
	assert.IsType(t, &WireDetailsV1{}, pg.Items[0].Details.Variant)
	requireUnknown[*UnknownTransactionDetails](t, pg.Items[1].Details, "ACH", `{"transaction_type":"ACH","ach_transaction":{"company_name":7}}`, "company_name")
	requireUnknown[*UnknownTransactionDetails](t, pg.Items[2].Details, "REWARD", `{"transaction_type":"REWARD","reward_transaction":{}}`, "")
}

func TestTransactionsV1Operations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	custPath := "/api/v1/customers/" + customerID + "/transactions/"
	acctPath := "/api/v1/jiko-accounts/" + pocketID + "/transactions/"
	h.on("GET", custPath, status(200, fixture(t, "transactions_v1_list.json")))
	h.on("GET", acctPath, status(200, fixture(t, "transactions_v1_list.json")))
	h.on("GET", acctPath+"05964326-49b7-4e74-9783-81137ee3cf3b/", status(200, fixture(t, "transactions_v1_get.json")))

	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	pg, err := h.c.TransactionsV1.ListForCustomerPage(ctx, customerID, &TransactionV1ListParams{
		Accounts: []string{pocketID}, Types: []TransactionV1Type{TransactionV1TypeACH, TransactionV1TypeWireFee},
		Cards: []string{"c"}, Portals: []string{"p"}, OnUsTransfers: []string{"o"}, Wires: []string{"w"},
		TimestampFrom: from, TimestampTo: from.AddDate(0, 1, 0), Order: SortDesc, Limit: 100, Cursor: "abc",
	})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 4)
	r := h.last()
	assert.Equal(t, custPath, r.Path)
	assert.Equal(t, "account%5B%5D="+pocketID+"&cursor=abc&filter%5Bcard%5D=c&filter%5Bon_us_transfer%5D=o&filter%5Bportal%5D=p"+
		"&filter%5Btypes%5D=ACH&filter%5Btypes%5D=WIRE_FEE&filter%5Bwire%5D=w&limit=100&order=desc"+
		"&timestamp_from=2023-01-01T00%3A00%3A00Z&timestamp_to=2023-02-01T00%3A00%3A00Z", r.Query)

	_, err = h.c.TransactionsV1.ListForPocketPage(ctx, pocketID, &TransactionV1ListParams{Limit: 5})
	require.NoError(t, err)
	assert.Equal(t, acctPath, h.last().Path)
	assert.Equal(t, "limit=5", h.last().Query)

	tx, err := h.c.TransactionsV1.Get(ctx, pocketID, "05964326-49b7-4e74-9783-81137ee3cf3b")
	require.NoError(t, err)
	assert.Equal(t, "9999XXXX", tx.Details.Common().SubTitle)
	assert.NotEmpty(t, h.last().Header.Get("X-Jiko-Signature"))

	h.on("GET", acctPath, status(200, `{"items":[],"next_page":null}`))
	items, err := h.c.TransactionsV1.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, items)
	h.on("GET", custPath, status(200, `{"items":[],"next_page":null}`))
	items, err = h.c.TransactionsV1.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, items)
}

func TestTransactionsV1RefuseBadInputLocally(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.TransactionsV1.ListForPocketPage(ctx, pocketID, &TransactionV1ListParams{Accounts: []string{"x"}})
	assert.EqualError(t, err, "jiko: TransactionV1ListParams.Accounts: only ListForCustomer takes it")
	_, err = h.c.TransactionsV1.ListForPocket(ctx, pocketID, &TransactionV1ListParams{Accounts: []string{"x"}}).Collect()
	assert.EqualError(t, err, "jiko: TransactionV1ListParams.Accounts: only ListForCustomer takes it")
	_, err = h.c.TransactionsV1.ListForCustomerPage(ctx, customerID, &TransactionV1ListParams{Limit: 101})
	assert.EqualError(t, err, "jiko: TransactionV1ListParams.Limit: 101 is out of range 0..100")
	_, err = h.c.TransactionsV1.ListForCustomer(ctx, customerID, &TransactionV1ListParams{Order: "up"}).Collect()
	assert.EqualError(t, err, `jiko: TransactionV1ListParams.Order: "up" is not asc or desc`)
	t0 := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	_, err = h.c.TransactionsV1.ListForCustomerPage(ctx, customerID, &TransactionV1ListParams{TimestampFrom: t0, TimestampTo: t0.AddDate(0, 0, -1)})
	assert.EqualError(t, err, "jiko: TransactionV1ListParams.TimestampTo: 2023-01-01T00:00:00Z is before TimestampFrom 2023-01-02T00:00:00Z")
	assert.True(t, IsValidation(err))
	_, err = h.c.TransactionsV1.Get(ctx, "", "t")
	assert.EqualError(t, err, "jiko: account_id: is empty")
	_, err = h.c.TransactionsV1.Get(ctx, pocketID, ".")
	assert.EqualError(t, err, `jiko: transaction_id: "." is not an id`)
	assert.Empty(t, h.requests())
}

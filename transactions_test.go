package jiko

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransactionFixturesDecodeStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[Transaction]](t, testutil.Load(t, "transactions_list.json"))
	require.Len(t, page.Items, 7)
	wantTypes := []any{
		&ACHTransaction{}, &WireTransaction{}, &CardTransaction{}, &OnUsTransaction{},
		&FeeTransaction{}, &CreditTransaction{}, &GenericTransaction{},
	}
	for i, item := range page.Items {
		assert.IsType(t, wantTypes[i], item.Variant, "item %d", i)
	}

	ach := page.Items[0].Variant.(*ACHTransaction)
	assert.Equal(t, TransactionTypeACH, ach.Type)
	assert.Equal(t, "ACME PAYROLL", ach.CompanyName)
	assert.Equal(t, "c7d0b0d4-1f4e-4a55-9d3a-55d5b8c0e7aa", ach.PortalID)
	assert.Equal(t, Money{Value: 100000, Currency: "USD", Formatted: "$1,000.00"}, ach.Amount)
	assert.Equal(t, BookingStatusSettled, ach.Status)
	assert.Equal(t, time.Date(2023, 1, 2, 18, 30, 0, 0, time.UTC), ach.TimeSettled.UTC())
	assert.Equal(t, int64(100000), ach.Signed())

	wire := page.Items[1].Variant.(*WireTransaction)
	assert.Nil(t, wire.TimeSettled, "a null time_settled stays nil")
	assert.Equal(t, BookingStatusBooked, wire.Status)
	assert.Equal(t, "4854014d-5540-4f0c-9efe-a0137f01e1da", wire.WireID)

	card := page.Items[2].Variant.(*CardTransaction)
	assert.Equal(t, TransactionDirectionDebit, card.Direction)
	assert.Equal(t, int64(-6000), card.Signed())
	assert.Equal(t, "66f6e46c-f6a1-4af8-a1bd-49666bc01301", card.CardID)
	assert.Equal(t, "INTERNAL_REALLOCATION", page.Items[3].Variant.(*OnUsTransaction).OnUsTransferType)
	assert.Equal(t, "WIRE_FEE", page.Items[4].Variant.(*FeeTransaction).FeeType)
	assert.Equal(t, "2022-12 Card Cash Back", page.Items[5].Common().Title)
	assert.Equal(t, "Balance adjustment", page.Items[6].Common().Title)
}

func TestTransactionUnknownTypeKeepsItsJSON(t *testing.T) {
	raw := testutil.Load(t, "transaction_unknown.json")
	tx := testutil.Strict[Transaction](t, raw) // re-encodes to the same document
	u := requireUnknown[*UnknownTransaction](t, tx, "STABLECOIN", string(raw), "")
	assert.Equal(t, TransactionType("STABLECOIN"), u.Type)
	assert.Equal(t, TransactionType("STABLECOIN"), tx.Kind())
	assert.Equal(t, int64(42000), u.Amount.Value, "the common fields are decoded as far as they go")
	assert.Equal(t, "3f1c1c5e-5d5f-4a53-9a0e-0c2b7b3f1a08", tx.Common().ID)

	// Raw is a copy: reusing the decoder's buffer does not change it.
	buf := append([]byte(nil), raw...)
	var again Transaction
	require.NoError(t, json.Unmarshal(buf, &again))
	for i := range buf {
		buf[i] = ' '
	}
	assert.JSONEq(t, string(raw), string(again.Variant.(*UnknownTransaction).Raw))
}

func TestTransactionOfAKnownTypeThatDoesNotFitIsKept(t *testing.T) {
	raw := `{"type":"ACH","id":"a1","title":"From ACME","amount":"ten","company_name":"ACME"}`
	tx := decodeLeniently[Transaction](t, raw)
	u := requireUnknown[*UnknownTransaction](t, tx, "ACH", raw,
		`jiko: transaction of type "ACH": json: cannot unmarshal string into Go struct field ACHTransaction.TransactionCommon.amount of type jiko.Money`)
	assert.Nil(t, u.TransactionCommon, "an amount that does not decode is absent, not $0.00, and so are the other common fields")
	assert.Nil(t, tx.Common())
	assert.Equal(t, TransactionTypeACH, tx.Kind())

	var empty Transaction
	assert.Nil(t, empty.Common(), "no variant has no common fields")
	assert.Equal(t, TransactionType(""), empty.Kind())
	b, err := json.Marshal(empty)
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
}

func TestTransactionsPageMixingVariantsDecodesWhole(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/transactions/"
	list := fixture(t, "transactions_list.json")
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(list), &page))
	unknown := fixture(t, "transaction_unknown.json")
	malformed := `{"type":"CARD","id":"m1","amount":{"value":"600","currency":"USD"},"card_id":"c1"}`
	items := []string{string(page.Items[0]), unknown, malformed, string(page.Items[2])}
	h.on("GET", path, status(200, `{"items":[`+strings.Join(items, ",")+`],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))

	pg, err := h.c.Transactions.ListForPocketPage(context.Background(), pocketID, nil)
	require.NoError(t, err, "no item fails the page")
	require.Len(t, pg.Items, 4)
	assert.IsType(t, &ACHTransaction{}, pg.Items[0].Variant)
	requireUnknown[*UnknownTransaction](t, pg.Items[1], "STABLECOIN", unknown, "")
	u := requireUnknown[*UnknownTransaction](t, pg.Items[2], "CARD", malformed, `jiko: transaction of type "CARD"`)
	assert.Nil(t, u.TransactionCommon, "its amount did not decode")
	assert.IsType(t, &CardTransaction{}, pg.Items[3].Variant)
}

func TestTransactionsListForPocketEncodesEveryFilter(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/transactions/"
	h.on("GET", path, status(200, fixture(t, "transactions_list.json")))
	ny := time.FixedZone("EST", -5*3600)
	params := &TransactionListParams{
		Limit: 50, Order: SortAsc, Direction: TransactionDirectionDebit,
		AmountFrom: 100, AmountTo: 250000,
		Types:           []TransactionType{TransactionTypeACH, TransactionTypeCard},
		Cards:           []string{"card-1"},
		Portals:         []string{"portal-1", "portal-2"},
		OnUsTransfers:   []string{"onus-1"},
		Wires:           []string{"wire-1"},
		TimeBookedFrom:  time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		TimeBookedTo:    time.Date(2023, 1, 31, 23, 59, 59, 500_000_000, ny),
		TimeSettledFrom: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC),
		TimeSettledTo:   time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC),
		IncludeSweeps:   true,
	}
	pg, err := h.c.Transactions.ListForPocketPage(context.Background(), pocketID, params)
	require.NoError(t, err)
	assert.Len(t, pg.Items, 7)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Empty(t, r.Body)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, "amount_from=100&amount_to=250000&direction=DEBIT"+
		"&filter%5Bcard%5D=card-1&filter%5Bon_us_transfer%5D=onus-1&filter%5Bportal%5D=portal-1&filter%5Bportal%5D=portal-2"+
		"&filter%5Btype%5D=ACH&filter%5Btype%5D=CARD&filter%5Bwire%5D=wire-1&include_sweeps=true&limit=50&order=asc"+
		"&time_booked_from=2023-01-01T00%3A00%3A00Z&time_booked_to=2023-01-31T23%3A59%3A59.5-05%3A00"+
		"&time_settled_from=2023-01-02T00%3A00%3A00Z&time_settled_to=2023-02-01T00%3A00%3A00Z", r.Query)
}

func TestTransactionsListForPocketFollowsCursors(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/pockets/" + pocketID + "/transactions/"
	h.on("GET", path,
		status(200, `{"items":[{"type":"ACH","id":"a"}],"next_page":"c2","object_type":"CursorList"}`),
		status(200, `{"items":[{"type":"NEW","id":"b"}],"next_page":null,"object_type":"CursorList"}`))
	items, err := h.c.Transactions.ListForPocket(context.Background(), pocketID, &TransactionListParams{Limit: 1}).Collect()
	require.NoError(t, err)
	require.Len(t, items, 2)
	assert.IsType(t, &ACHTransaction{}, items[0].Variant)
	assert.IsType(t, &UnknownTransaction{}, items[1].Variant)
	reqs := h.requests()
	assert.Equal(t, "limit=1", reqs[0].Query)
	assert.Equal(t, "cursor=c2&limit=1", reqs[1].Query)
}

func TestTransactionsListForCustomerAndGet(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.on("GET", "/api/v2/customers/"+customerID+"/transactions/", status(200, fixture(t, "transactions_list.json")))
	_, err := h.c.Transactions.ListForCustomerPage(ctx, customerID, &TransactionListParams{PocketIDs: []string{pocketID, "p2"}})
	require.NoError(t, err)
	assert.Equal(t, "pocket_id%5B%5D="+pocketID+"&pocket_id%5B%5D=p2", h.last().Query)

	h.on("GET", "/api/v2/customers/"+customerID+"/transactions/",
		status(200, fixture(t, "transactions_list.json")), status(200, `{"items":[],"next_page":null}`))
	items, err := h.c.Transactions.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	assert.Len(t, items, 7)
	reqs := h.requests()
	assert.Empty(t, reqs[len(reqs)-2].Query)
	assert.Equal(t, "cursor=cD0yMDIyLTEyLTE5KzE5JTNBNTQlM0EyNy4xODMyNzglMkIwMCUzQTAw", h.last().Query)

	id := "3f1c1c5e-5d5f-4a53-9a0e-0c2b7b3f1a01"
	var list struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "transactions_list.json")), &list))
	h.on("GET", "/api/v2/pockets/"+pocketID+"/transactions/"+id+"/", status(200, string(list.Items[0])))
	tx, err := h.c.Transactions.Get(ctx, pocketID, id)
	require.NoError(t, err)
	assert.Equal(t, "ACME PAYROLL", tx.Variant.(*ACHTransaction).CompanyName)
	assert.Equal(t, "/api/v2/pockets/"+pocketID+"/transactions/"+id+"/", h.last().Path)
	assert.Empty(t, h.last().Query)

	h.on("GET", "/api/v2/pockets/"+pocketID+"/transactions/missing/", status(404, `{"detail":"Not found"}`))
	_, err = h.c.Transactions.Get(ctx, pocketID, "missing")
	assert.True(t, IsNotFound(err))
}

func TestTransactionsRefuseBadInputLocally(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	t0 := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		params TransactionListParams
		err    string
	}{
		{TransactionListParams{Limit: 101}, "jiko: TransactionListParams.Limit: 101 is out of range 0..100"},
		{TransactionListParams{Limit: -1}, "jiko: TransactionListParams.Limit: -1 is out of range 0..100"},
		{TransactionListParams{Order: "newest"}, `jiko: TransactionListParams.Order: "newest" is not asc or desc`},
		{TransactionListParams{AmountFrom: -5}, "jiko: TransactionListParams.AmountFrom: -5 is negative: amounts are cents, 0 or more"},
		{TransactionListParams{AmountTo: -5}, "jiko: TransactionListParams.AmountTo: -5 is negative: amounts are cents, 0 or more"},
		{TransactionListParams{AmountFrom: 500, AmountTo: 100}, "jiko: TransactionListParams.AmountTo: 100 is less than AmountFrom 500"},
		{TransactionListParams{TimeBookedFrom: t0, TimeBookedTo: t0.Add(-time.Second)},
			"jiko: TransactionListParams.TimeBookedTo: 2023-01-01T23:59:59Z is before TimeBookedFrom 2023-01-02T00:00:00Z"},
		{TransactionListParams{TimeSettledFrom: t0, TimeSettledTo: t0.Add(-time.Hour)},
			"jiko: TransactionListParams.TimeSettledTo: 2023-01-01T23:00:00Z is before TimeSettledFrom 2023-01-02T00:00:00Z"},
		{TransactionListParams{PocketIDs: []string{"p"}}, "jiko: TransactionListParams.PocketIDs: only ListForCustomer takes it"},
	}
	for _, tc := range cases {
		_, err := h.c.Transactions.ListForPocketPage(ctx, pocketID, &tc.params)
		assert.EqualError(t, err, tc.err)
		assert.True(t, IsValidation(err))
		_, err = h.c.Transactions.ListForPocket(ctx, pocketID, &tc.params).Collect()
		assert.EqualError(t, err, tc.err)
	}
	// A range with one bound open is fine.
	assert.NoError(t, (&TransactionListParams{AmountFrom: 500, TimeBookedTo: t0}).validate())

	_, err := h.c.Transactions.ListForPocket(ctx, "", nil).Collect()
	assert.EqualError(t, err, "jiko: pocket_id: is empty")
	_, err = h.c.Transactions.ListForCustomer(ctx, "..", nil).Collect()
	assert.EqualError(t, err, `jiko: customer_id: ".." is not an id`)
	_, err = h.c.Transactions.Get(ctx, pocketID, " ")
	assert.EqualError(t, err, "jiko: transaction_id: is empty")
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}

func TestTransactionIDsAreEscaped(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/"+pocketID+"/transactions/a%3Fb/", status(200, `{"type":"GENERIC","id":"a?b"}`))
	tx, err := h.c.Transactions.Get(context.Background(), pocketID, "a?b")
	require.NoError(t, err)
	assert.Equal(t, "a?b", tx.Common().ID)
	q, err := url.ParseQuery(h.last().Query)
	require.NoError(t, err)
	assert.Empty(t, q)
}

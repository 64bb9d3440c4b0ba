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

// Fixtures of this file. The Counterparties V2 operations of the partner
// reference could not be read, so the *.inferred.json fixtures are built by
// hand from what was found: the create-body fields of the Customer API's
// Counterparties V2 pages (wire: routing_number, identifier, address,
// wire_instructions, counterparty_name), its filter and verification-method
// values, and the v1.29 Counterparty example's values (account and routing
// numbers, names, time_created). They pin the inferred model; they are not
// published examples.

const counterpartyID = "b5a776db-8960-4157-afe5-519b6708bb79"

// checkRequest asserts the method and escaped path of r, and that it
// carries an idempotency key and the signature of its key, path and body.
func checkRequest(t *testing.T, r seen, method, path string) {
	t.Helper()
	assert.Equal(t, method, r.Method)
	assert.Equal(t, path, r.Path)
	key := r.Header.Get("X-Jiko-Idempotency")
	require.NotEmpty(t, key)
	assert.Equal(t, NewSigner(testSecret).Sign(key, r.Path, r.Body), r.Header.Get("X-Jiko-Signature"))
}

func TestCounterpartyVariantsDecodeStrictly(t *testing.T) {
	ach := testutil.Strict[Counterparty](t, testutil.Load(t, "counterparties_get_ach.inferred.json"))
	a, ok := ach.Variant.(*ACHCounterparty)
	require.True(t, ok, "%T", ach.Variant)
	assert.Equal(t, CounterpartyTypeACH, a.Type)
	assert.Equal(t, CounterpartyStatusPending, a.Status)
	assert.False(t, a.Linked())
	assert.Equal(t, VerificationMethodMicroDeposits, a.VerificationMethod)
	assert.Equal(t, ACHAccountSavings, a.AccountType)
	assert.Equal(t, "021000021", a.RoutingNumber)
	assert.Equal(t, "External Bank NA", *a.InstitutionName)
	assert.Equal(t, time.Date(2023, 1, 15, 14, 0, 0, 0, time.UTC), a.TimeCreated.UTC())
	assert.Equal(t, customerID, ach.Common().CustomerID)

	wire := testutil.Strict[Counterparty](t, testutil.Load(t, "counterparties_get_wire.inferred.json"))
	w, ok := wire.Variant.(*WireCounterparty)
	require.True(t, ok, "%T", wire.Variant)
	assert.True(t, w.Linked())
	assert.Equal(t, "1213456789", w.Identifier)
	assert.Equal(t, CounterpartyAddress{StreetAddress: "1 Market Street", StreetAddress2: "Suite 500", City: "Newark", PostalCode: "07102", State: "NJ", Country: "US"}, w.Address)
	assert.Equal(t, &BusinessName{BusinessName: "External Accountholder"}, w.CounterpartyName.Variant)

	intl := testutil.Strict[Counterparty](t, testutil.Load(t, "counterparties_get_international_wire.inferred.json"))
	iw, ok := intl.Variant.(*InternationalWireCounterparty)
	require.True(t, ok, "%T", intl.Variant)
	assert.Equal(t, WireIdentifierIBAN, iw.IdentifierType)
	assert.Equal(t, &IndividualName{FirstName: "Erika", LastName: "Mustermann"}, iw.CounterpartyName.Variant)

	onus := testutil.Strict[Counterparty](t, testutil.Load(t, "counterparties_get_on_us.inferred.json"))
	o, ok := onus.Variant.(*OnUsCounterparty)
	require.True(t, ok, "%T", onus.Variant)
	assert.Equal(t, "987654321", o.AccountNumber)
	assert.Equal(t, VerificationMethodPreVerified, o.VerificationMethod)

	wallet := testutil.Strict[Counterparty](t, testutil.Load(t, "counterparties_get_crypto_wallet_address.inferred.json"))
	cw, ok := wallet.Variant.(*CryptoWalletAddressCounterparty)
	require.True(t, ok, "%T", wallet.Variant)
	assert.Equal(t, "ETHEREUM", cw.Network)
	assert.Equal(t, "0x52908400098527886E0F7030069857D2E4169EE7", cw.WalletAddress)
}

func TestCounterpartyUnknownTypeKeepsRawJSON(t *testing.T) {
	raw := testutil.Load(t, "counterparties_get_unknown.inferred.json")
	cp := testutil.Strict[Counterparty](t, raw)
	u := requireUnknown[*UnknownCounterparty](t, cp, "sepa", string(raw), "")
	assert.Equal(t, CounterpartyType("sepa"), u.Type)
	assert.Equal(t, CounterpartyType("sepa"), cp.Kind())
	assert.Equal(t, "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", u.ID)
	assert.Equal(t, CounterpartyStatusPending, cp.Common().Status)
	assert.NoError(t, testutil.Equal(raw, u.Raw))

	// An unknown name kind inside a known type is kept too.
	w := decodeLeniently[Counterparty](t, `{"type":"wire","id":"x","counterparty_name":{"type":"trust","trust_name":"T"}}`)
	name := w.Variant.(*WireCounterparty).CounterpartyName
	n := requireUnknown[*UnknownCounterpartyName](t, name, "trust", `{"type":"trust","trust_name":"T"}`, "")
	assert.Equal(t, "trust", n.Kind())
	assert.Equal(t, CounterpartyNameType("trust"), name.Kind())

	// So is a name of a known kind with a member of the wrong JSON type,
	// and the counterparty around it decodes.
	w = decodeLeniently[Counterparty](t, `{"type":"wire","id":"x","identifier":"1","counterparty_name":{"type":"business","business_name":5}}`)
	wc := w.Variant.(*WireCounterparty)
	assert.Equal(t, "1", wc.Identifier)
	n = requireUnknown[*UnknownCounterpartyName](t, wc.CounterpartyName, "business", `{"type":"business","business_name":5}`,
		`jiko: counterparty name of type "business": json: cannot unmarshal number into Go struct field BusinessName.business_name of type string`)
	assert.Equal(t, "business", n.Kind())
	assert.Equal(t, CounterpartyNameBusiness, wc.CounterpartyName.Kind())

	// Enum values the package does not list decode as they come.
	var a Counterparty
	require.NoError(t, json.Unmarshal([]byte(`{"type":"ach","status":"ARCHIVED","verification_method":"voice","account_type":"BROKERAGE"}`), &a))
	assert.Equal(t, CounterpartyStatus("ARCHIVED"), a.Common().Status)
	assert.Equal(t, ACHCounterpartyAccountType("BROKERAGE"), a.Variant.(*ACHCounterparty).AccountType)

	// A known type with a member of the wrong JSON type is the unknown
	// variant, with the error and its common fields.
	raw2 := `{"type":"on_us","id":"y","status":"LINKED","account_number":12}`
	a = decodeLeniently[Counterparty](t, raw2)
	u = requireUnknown[*UnknownCounterparty](t, a, "on_us", raw2,
		`jiko: counterparty of type "on_us": json: cannot unmarshal number into Go struct field OnUsCounterparty.account_number of type string`)
	assert.Equal(t, "y", u.ID)
	assert.True(t, u.Linked())
	assert.Equal(t, CounterpartyTypeOnUs, a.Kind())
}

func TestCounterpartiesListPageMixingVariantsDecodesWhole(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/counterparties/"
	malformed := `{"id":"m","type":"ach","status":"LINKED","routing_number":21000021}`
	unknown := `{"id":"u","type":"sepa","status":"PENDING","bic":"DEUTDEFF"}`
	badCommon := `{"id":"c","type":"wire","customer_id":7}`
	h.on("GET", path, status(200, `{"items":[`+fixture(t, "counterparties_get_ach.inferred.json")+`,`+malformed+`,`+unknown+`,`+badCommon+
		`,`+fixture(t, "counterparties_get_on_us.inferred.json")+`],"next_page":null,"object_type":"CursorList"}`))
	var got []Counterparty
	for cp, err := range h.c.Counterparties.ListForCustomer(context.Background(), customerID, nil).All() {
		require.NoError(t, err, "no item fails the page")
		got = append(got, cp)
	}
	require.Len(t, got, 5)
	assert.IsType(t, &ACHCounterparty{}, got[0].Variant)
	u := requireUnknown[*UnknownCounterparty](t, got[1], "ach", malformed, "routing_number of type string")
	assert.Equal(t, "m", u.ID)
	requireUnknown[*UnknownCounterparty](t, got[2], "sepa", unknown, "")
	u = requireUnknown[*UnknownCounterparty](t, got[3], "wire", badCommon, `jiko: counterparty of type "wire"`)
	assert.Nil(t, u.CounterpartyCommon, "a common field that does not decode leaves them absent, not zero")
	assert.Nil(t, got[3].Common())
	assert.IsType(t, &OnUsCounterparty{}, got[4].Variant)
}

func TestCounterpartiesListPage(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/counterparties/"
	h.on("GET", path, status(200, fixture(t, "counterparties_list.inferred.json")))
	pg, err := h.c.Counterparties.ListForCustomerPage(context.Background(), customerID, &CounterpartyListParams{
		Type: CounterpartyTypeACH, Status: CounterpartyStatusPending, Cursor: "c1", Limit: 30,
	})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, "cursor=c1&limit=30&status=PENDING&type=ach", r.Query)
	assert.Empty(t, r.Body)
	checkRequest(t, r, "GET", path)
	require.Len(t, pg.Items, 3)
	assert.IsType(t, &ACHCounterparty{}, pg.Items[0].Variant)
	assert.IsType(t, &WireCounterparty{}, pg.Items[1].Variant)
	assert.IsType(t, &UnknownCounterparty{}, pg.Items[2].Variant)
	assert.True(t, pg.HasMore())

	testutil.Strict[CursorPage[Counterparty]](t, testutil.Load(t, "counterparties_list.inferred.json"))
}

func TestCounterpartiesListFollowsCursors(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/counterparties/"
	h.on("GET", path,
		status(200, `{"items":[{"id":"a","type":"ach"}],"next_page":"n1","object_type":"CursorList"}`),
		status(200, `{"items":[{"id":"b","type":"on_us"}],"next_page":null}`))
	var ids []string
	for cp, err := range h.c.Counterparties.ListForCustomer(context.Background(), customerID, &CounterpartyListParams{Status: CounterpartyStatusLinked}).All() {
		require.NoError(t, err)
		ids = append(ids, cp.Common().ID)
	}
	assert.Equal(t, []string{"a", "b"}, ids)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "status=LINKED", reqs[0].Query)
	assert.Equal(t, "cursor=n1&status=LINKED", reqs[1].Query)
}

func TestCounterpartiesGet(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/counterparties/" + counterpartyID + "/"
	h.on("GET", path, status(200, fixture(t, "counterparties_get_wire.inferred.json")))
	cp, err := h.c.Counterparties.Get(context.Background(), customerID, counterpartyID)
	require.NoError(t, err)
	r := h.last()
	assert.Empty(t, r.Query)
	assert.False(t, r.HasBody)
	checkRequest(t, r, "GET", path)
	assert.Equal(t, counterpartyID, cp.Common().ID)
	assert.Equal(t, "021000021", cp.Variant.(*WireCounterparty).RoutingNumber)
}

func validAddress() CounterpartyAddress {
	return CounterpartyAddress{StreetAddress: "1 Market Street", City: "Newark", PostalCode: "07102", State: "NJ", Country: "US"}
}

func TestCounterpartiesCreateEncodesEachVariant(t *testing.T) {
	cases := []struct {
		name string
		req  CounterpartyCreateRequest
		body string
	}{
		{"ach", &ACHCounterpartyCreateRequest{RoutingNumber: "021000021", AccountNumber: "123456789", AccountType: ACHAccountChecking, NameOnAccount: "Ada Lovelace"},
			`{"type":"ach","routing_number":"021000021","account_number":"123456789","account_type":"CHECKING","name_on_account":"Ada Lovelace"}`},
		{"wire", &WireCounterpartyCreateRequest{RoutingNumber: "011000015", Identifier: "1213456789", Address: validAddress(),
			CounterpartyName: BusinessCounterpartyName("Acme Corp")},
			`{"type":"wire","routing_number":"011000015","identifier":"1213456789","address":{"street_address":"1 Market Street","city":"Newark","postal_code":"07102","state":"NJ","country":"US"},"counterparty_name":{"type":"business","business_name":"Acme Corp"}}`},
		{"international wire", &InternationalWireCounterpartyCreateRequest{RoutingNumber: "DEUTDEFF500", Identifier: "DE89370400440532013000", IdentifierType: WireIdentifierIBAN,
			Address:          CounterpartyAddress{StreetAddress: "Taunusanlage 12", StreetAddress2: "Floor 3", City: "Frankfurt", PostalCode: "60325", State: "HE", Country: "DE"},
			WireInstructions: "Ref 1042", CounterpartyName: CounterpartyName{&IndividualName{FirstName: "Erika", LastName: "Mustermann"}}},
			`{"type":"international_wire","routing_number":"DEUTDEFF500","identifier":"DE89370400440532013000","identifier_type":"IBAN","address":{"street_address":"Taunusanlage 12","street_address2":"Floor 3","city":"Frankfurt","postal_code":"60325","state":"HE","country":"DE"},"wire_instructions":"Ref 1042","counterparty_name":{"type":"individual","first_name":"Erika","last_name":"Mustermann"}}`},
		{"on us", &OnUsCounterpartyCreateRequest{AccountNumber: "987654321"}, `{"type":"on_us","account_number":"987654321"}`},
		{"crypto wallet", &CryptoWalletAddressCounterpartyCreateRequest{WalletAddress: "0xabc", Network: "ETHEREUM"},
			`{"type":"crypto_wallet_address","wallet_address":"0xabc","network":"ETHEREUM"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			path := "/api/v2/customers/" + customerID + "/counterparties/"
			h.on("POST", path, status(201, fixture(t, "counterparties_get_ach.inferred.json")))
			cp, err := h.c.Counterparties.Create(context.Background(), customerID, tc.req, WithIdempotencyKey(IdempotencyKeyFor("cp-"+tc.name)))
			require.NoError(t, err)
			r := h.last()
			checkRequest(t, r, "POST", path)
			assert.Empty(t, r.Query)
			assert.Equal(t, tc.body, string(r.Body))
			assert.Equal(t, IdempotencyKeyFor("cp-"+tc.name), r.Header.Get("X-Jiko-Idempotency"))
			assert.Equal(t, "497f6eca-6276-4993-bfeb-53cbbbba6f08", cp.Common().ID)
		})
	}
}

func TestCounterpartiesCreateValidation(t *testing.T) {
	ach := func(f func(*ACHCounterpartyCreateRequest)) CounterpartyCreateRequest {
		r := &ACHCounterpartyCreateRequest{RoutingNumber: "021000021", AccountNumber: "123456789", AccountType: ACHAccountChecking, NameOnAccount: "Ada"}
		f(r)
		return r
	}
	wire := func(f func(*WireCounterpartyCreateRequest)) CounterpartyCreateRequest {
		r := &WireCounterpartyCreateRequest{RoutingNumber: "021000021", Identifier: "1213456789", Address: validAddress(),
			CounterpartyName: CounterpartyName{&BusinessName{BusinessName: "Acme"}}}
		f(r)
		return r
	}
	intl := func(f func(*InternationalWireCounterpartyCreateRequest)) CounterpartyCreateRequest {
		r := &InternationalWireCounterpartyCreateRequest{RoutingNumber: "DEUTDEFF", Identifier: "DE89370400440532013000",
			Address:          CounterpartyAddress{StreetAddress: "Taunusanlage 12", City: "Frankfurt", PostalCode: "60325", State: "HE", Country: "DE"},
			CounterpartyName: CounterpartyName{&IndividualName{FirstName: "Erika", LastName: "Mustermann"}}}
		f(r)
		return r
	}
	var nilACH *ACHCounterpartyCreateRequest
	cases := []struct {
		req  CounterpartyCreateRequest
		want string
	}{
		{nil, "jiko: CounterpartyCreateRequest: is nil"},
		{nilACH, "jiko: CounterpartyCreateRequest: is nil"},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.RoutingNumber = "" }), `jiko: ACHCounterpartyCreateRequest.RoutingNumber: "" is not a 9-digit ABA routing number`},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.RoutingNumber = "02100002a" }), `jiko: ACHCounterpartyCreateRequest.RoutingNumber: "02100002a" is not a 9-digit ABA routing number`},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.RoutingNumber = "021000022" }), `jiko: ACHCounterpartyCreateRequest.RoutingNumber: "021000022" fails the ABA routing number checksum`},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.AccountNumber = "12-3456" }), "jiko: ACHCounterpartyCreateRequest.AccountNumber: is not a US bank account number (4 to 17 digits)"},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.AccountNumber = "123456789012345678" }), "jiko: ACHCounterpartyCreateRequest.AccountNumber: is not a US bank account number (4 to 17 digits)"},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.AccountType = "MONEY_MARKET" }), `jiko: ACHCounterpartyCreateRequest.AccountType: "MONEY_MARKET" is not one of SAVINGS, CHECKING`},
		{ach(func(r *ACHCounterpartyCreateRequest) { r.NameOnAccount = " " }), "jiko: ACHCounterpartyCreateRequest.NameOnAccount: is empty"},
		{wire(func(r *WireCounterpartyCreateRequest) { r.RoutingNumber = "123456789" }), `jiko: WireCounterpartyCreateRequest.RoutingNumber: "123456789" fails the ABA routing number checksum`},
		{wire(func(r *WireCounterpartyCreateRequest) { r.Identifier = "12 34" }), "jiko: WireCounterpartyCreateRequest.Identifier: must be 1 to 34 letters and digits"},
		{wire(func(r *WireCounterpartyCreateRequest) { r.Address.City = "" }), "jiko: WireCounterpartyCreateRequest.Address.City: is empty"},
		{wire(func(r *WireCounterpartyCreateRequest) { r.Address.Country = "USA" }), `jiko: WireCounterpartyCreateRequest.Address.Country: "USA" is not an ISO 3166 alpha-2 code such as US`},
		{wire(func(r *WireCounterpartyCreateRequest) { r.Address.State = "New Jersey" }), `jiko: WireCounterpartyCreateRequest.Address.State: "New Jersey" is not a US state postal abbreviation such as NJ`},
		{wire(func(r *WireCounterpartyCreateRequest) { r.CounterpartyName = CounterpartyName{} }), "jiko: WireCounterpartyCreateRequest.CounterpartyName: is required: a *BusinessName or an *IndividualName"},
		{wire(func(r *WireCounterpartyCreateRequest) { r.CounterpartyName = CounterpartyName{&BusinessName{}} }), "jiko: WireCounterpartyCreateRequest.CounterpartyName.BusinessName: is empty"},
		{wire(func(r *WireCounterpartyCreateRequest) {
			r.CounterpartyName = CounterpartyName{&IndividualName{FirstName: "Ada"}}
		}), "jiko: WireCounterpartyCreateRequest.CounterpartyName.LastName: is empty"},
		{intl(func(r *InternationalWireCounterpartyCreateRequest) { r.RoutingNumber = "021000021" }), `jiko: InternationalWireCounterpartyCreateRequest.RoutingNumber: "021000021" is not a SWIFT/BIC code (8 or 11 letters and digits)`},
		{intl(func(r *InternationalWireCounterpartyCreateRequest) { r.IdentifierType = "SORT_CODE" }), `jiko: InternationalWireCounterpartyCreateRequest.IdentifierType: "SORT_CODE" is not one of ACCOUNT_NUMBER, IBAN`},
		{intl(func(r *InternationalWireCounterpartyCreateRequest) { r.Identifier = "" }), "jiko: InternationalWireCounterpartyCreateRequest.Identifier: must be 1 to 34 letters and digits"},
		{&OnUsCounterpartyCreateRequest{}, "jiko: OnUsCounterpartyCreateRequest.AccountNumber: is empty"},
		{&CryptoWalletAddressCounterpartyCreateRequest{WalletAddress: "0x ab", Network: "ETHEREUM"}, "jiko: CryptoWalletAddressCounterpartyCreateRequest.WalletAddress: is empty or has spaces"},
		{&CryptoWalletAddressCounterpartyCreateRequest{WalletAddress: "0xab"}, "jiko: CryptoWalletAddressCounterpartyCreateRequest.Network: is empty"},
	}
	h := newHarness(t)
	for _, tc := range cases {
		_, err := h.c.Counterparties.Create(context.Background(), customerID, tc.req)
		assert.EqualError(t, err, tc.want)
		assert.True(t, IsValidation(err))
	}
	_, err := h.c.Counterparties.Create(context.Background(), "..", &OnUsCounterpartyCreateRequest{AccountNumber: "1"})
	assert.EqualError(t, err, `jiko: customer_id: ".." is not an id`)
	assert.Empty(t, h.requests())
}

func TestRoutingNumberChecksum(t *testing.T) {
	for _, ok := range []string{"021000021", "011000015", "123456780", "026009593", "111000025"} {
		assert.NoError(t, checkRoutingNumber("R", ok), ok)
	}
	for _, bad := range []string{"021000020", "123456789", "12345678", "1234567890", "0210000 1", "０21000021"} {
		assert.Error(t, checkRoutingNumber("R", bad), bad)
	}
}

func TestCounterpartiesUpdate(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/counterparties/" + counterpartyID + "/"
	h.on("PATCH", path, status(200, fixture(t, "counterparties_get_wire.inferred.json")))
	cp, err := h.c.Counterparties.Update(context.Background(), customerID, counterpartyID, &CounterpartyUpdateRequest{Status: CounterpartyStatusUnlinked})
	require.NoError(t, err)
	r := h.last()
	assert.Equal(t, `{"status":"UNLINKED"}`, string(r.Body))
	checkRequest(t, r, "PATCH", path)
	assert.Equal(t, counterpartyID, cp.Common().ID)
}

func TestCounterpartiesBadInputIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Counterparties.Update(ctx, customerID, counterpartyID, nil)
	assert.EqualError(t, err, "jiko: CounterpartyUpdateRequest: is nil")
	_, err = h.c.Counterparties.Update(ctx, customerID, counterpartyID, &CounterpartyUpdateRequest{})
	assert.EqualError(t, err, `jiko: CounterpartyUpdateRequest.Status: is empty; use one of PENDING, LINKED, UNLINKED`)
	_, err = h.c.Counterparties.Get(ctx, customerID, "")
	assert.EqualError(t, err, "jiko: counterparty_id: is empty")
	_, err = h.c.Counterparties.Get(ctx, " ", counterpartyID)
	assert.EqualError(t, err, "jiko: customer_id: is empty")
	_, err = h.c.Counterparties.ListForCustomerPage(ctx, customerID, &CounterpartyListParams{Type: "ACH"})
	assert.EqualError(t, err, `jiko: CounterpartyListParams.Type: "ACH" is not one of ach, wire, international_wire, on_us, crypto_wallet_address`)
	_, err = h.c.Counterparties.ListForCustomerPage(ctx, customerID, &CounterpartyListParams{Status: "VERIFIED"})
	assert.EqualError(t, err, `jiko: CounterpartyListParams.Status: "VERIFIED" is not one of PENDING, LINKED, UNLINKED`)
	_, err = h.c.Counterparties.ListForCustomer(ctx, customerID, &CounterpartyListParams{Limit: 101}).Collect()
	assert.EqualError(t, err, "jiko: CounterpartyListParams.Limit: 101 is out of range 0..100")
	assert.True(t, IsValidation(err))
	assert.Empty(t, h.requests())
}

func BenchmarkCounterpartyListDecode(b *testing.B) {
	// A full page of 30 union items, one of each known kind and unknown ones.
	var items []json.RawMessage
	for _, name := range []string{"ach", "wire", "international_wire", "on_us", "crypto_wallet_address", "unknown"} {
		items = append(items, json.RawMessage(fixture(b, "counterparties_get_"+name+".inferred.json")))
	}
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	for len(page.Items) < 30 {
		page.Items = append(page.Items, items...)
	}
	raw, _ := json.Marshal(page)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var p CursorPage[Counterparty]
		if err := json.Unmarshal(raw, &p); err != nil || len(p.Items) != 30 {
			b.Fatal(err, len(p.Items))
		}
	}
}

func BenchmarkCounterpartyCreateEncode(b *testing.B) {
	req := &WireCounterpartyCreateRequest{RoutingNumber: "011000015", Identifier: "1213456789", Address: validAddress(),
		CounterpartyName: BusinessCounterpartyName("Acme Corp")}
	b.ReportAllocs()
	for b.Loop() {
		if err := req.validate(); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(req); err != nil {
			b.Fatal(err)
		}
	}
}

func TestACHCounterpartyCreateIsRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	_, err := h.c.Counterparties.Create(context.Background(), customerID, &ACHCounterpartyCreateRequest{
		RoutingNumber: "021000020", AccountNumber: "12", AccountType: "LOAN"})
	const a = "ACHCounterpartyCreateRequest."
	assert.Equal(t, []string{a + "RoutingNumber", a + "AccountNumber", a + "AccountType", a + "NameOnAccount"}, issueFields(t, err))
	assert.EqualError(t, err, `jiko: `+a+`RoutingNumber: "021000020" fails the ABA routing number checksum; `+
		a+`AccountNumber: is not a US bank account number (4 to 17 digits); `+
		a+`AccountType: "LOAN" is not one of SAVINGS, CHECKING; `+
		a+`NameOnAccount: is empty`)

	_, err = h.c.Counterparties.Create(context.Background(), customerID, &WireCounterpartyCreateRequest{
		RoutingNumber: "021000021", Address: CounterpartyAddress{Country: "US", State: "New Jersey"},
		CounterpartyName: CounterpartyName{&IndividualName{}}})
	const w = "WireCounterpartyCreateRequest."
	assert.Equal(t, []string{w + "Identifier", w + "Address.StreetAddress", w + "Address.City", w + "Address.PostalCode",
		w + "Address.State", w + "CounterpartyName.FirstName", w + "CounterpartyName.LastName"}, issueFields(t, err))
	assert.Contains(t, err.Error(), `; `+w+`Address.State: "New Jersey" is not a US state postal abbreviation such as NJ; `)
	assert.Empty(t, h.requests())
}

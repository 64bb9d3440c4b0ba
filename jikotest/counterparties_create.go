package jikotest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// This file holds Create Counterparty (v2): the body is a union keyed by
// type, each variant checked field by field as the API's schema would,
// answering FastAPI's 422 issue list.

// cpFields reads the string fields of a create body and collects the
// issues of the missing or malformed ones.
type cpFields struct {
	raw    map[string]json.RawMessage
	issues []issue
}

// required returns a non-empty string field, recording it as missing when
// absent, as of the wrong type when it is not a string, and as too short
// when empty.
func (f *cpFields) required(loc ...any) string {
	v, ok := stringAt(f.raw, loc...)
	at := append([]any{"body"}, loc...)
	switch {
	case !ok && presentAt(f.raw, loc...):
		f.issues = append(f.issues, issue{Loc: at, Msg: "str type expected", Type: "type_error.str"})
	case !ok:
		f.issues = append(f.issues, issue{Loc: at, Msg: "field required", Type: "value_error.missing"})
	case v == "":
		f.issues = append(f.issues, issue{Loc: at, Msg: "ensure this value has at least 1 characters", Type: "value_error.any_str.min_length"})
	}
	return v
}

// presentAt reports whether a path of nested objects leads to a member
// that is present and not null.
func presentAt(raw map[string]json.RawMessage, loc ...any) bool {
	for _, k := range loc[:len(loc)-1] {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw[k.(string)], &inner) != nil || inner == nil {
			return false
		}
		raw = inner
	}
	v, ok := raw[loc[len(loc)-1].(string)]
	return ok && string(v) != "null"
}

// check records an issue at loc when bad is true.
func (f *cpFields) check(bad bool, msg string, loc ...any) {
	if bad {
		f.issues = append(f.issues, issue{Loc: append([]any{"body"}, loc...), Msg: msg, Type: "value_error"})
	}
}

// stringAt returns the string at a path of nested objects.
func stringAt(raw map[string]json.RawMessage, loc ...any) (string, bool) {
	for _, k := range loc[:len(loc)-1] {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw[k.(string)], &inner) != nil || inner == nil {
			return "", false
		}
		raw = inner
	}
	return stringField(raw, loc[len(loc)-1].(string))
}

// abaValid reports whether s is a 9-digit routing number with a valid ABA
// check digit.
func abaValid(s string) bool {
	if len(s) != 9 || !allDigits(s) {
		return false
	}
	sum := 0
	for i, w := range [9]int{3, 7, 1, 3, 7, 1, 3, 7, 1} {
		sum += w * int(s[i]-'0')
	}
	return sum%10 == 0
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// wireParty reads the fields both wire variants share.
func (f *cpFields) wireParty(c *counterparty) {
	c.identifier = f.required("identifier")
	c.instructions, _ = stringField(f.raw, "wire_instructions")
	c.address = addressWire{
		StreetAddress: f.required("address", "street_address"), City: f.required("address", "city"),
		PostalCode: f.required("address", "postal_code"), State: f.required("address", "state"),
		Country: f.required("address", "country"),
	}
	c.address.StreetAddress2, _ = stringAt(f.raw, "address", "street_address2")
	c.name.Type = f.required("counterparty_name", "type")
	switch c.name.Type {
	case "business":
		c.name.BusinessName = f.required("counterparty_name", "business_name")
	case "individual":
		c.name.FirstName = f.required("counterparty_name", "first_name")
		c.name.LastName = f.required("counterparty_name", "last_name")
	case "":
	default:
		f.issues = append(f.issues, enumIssue([]any{"body", "counterparty_name", "type"}, "business", "individual"))
	}
}

func (s *Server) createCounterparty(w http.ResponseWriter, r *http.Request) {
	raw, ok := readObject(w, r)
	if !ok {
		return
	}
	f := &cpFields{raw: raw}
	c := &counterparty{customerID: r.PathValue("customer_id")}
	c.kind, _ = stringField(raw, "type")
	switch c.kind {
	case cpACH:
		c.routingNumber = f.required("routing_number")
		f.check(c.routingNumber != "" && !abaValid(c.routingNumber), "invalid ABA routing number", "routing_number")
		c.accountNumber = f.required("account_number")
		f.check(c.accountNumber != "" && (!allDigits(c.accountNumber) || len(c.accountNumber) < 4 || len(c.accountNumber) > 17), "invalid account number", "account_number")
		c.accountType = f.required("account_type")
		if c.accountType != "" && !slices.Contains([]string{"SAVINGS", "CHECKING"}, c.accountType) {
			f.issues = append(f.issues, enumIssue([]any{"body", "account_type"}, "SAVINGS", "CHECKING"))
		}
		c.nameOnAccount = f.required("name_on_account")
		c.institution, c.v1Method = "External Bank NA", "MICRO_DEPOSITS"
	case cpWire:
		c.routingNumber = f.required("routing_number")
		f.check(c.routingNumber != "" && !abaValid(c.routingNumber), "invalid ABA routing number", "routing_number")
		f.wireParty(c)
		c.accountType, c.institution, c.v1Method = "CHECKING", "External Bank NA", "SUPPORTING_DOCUMENTS"
	case cpIntl:
		c.routingNumber = f.required("routing_number")
		f.check(c.routingNumber != "" && len(c.routingNumber) != 8 && len(c.routingNumber) != 11, "invalid SWIFT/BIC code", "routing_number")
		c.identifierType, _ = stringField(raw, "identifier_type")
		if c.identifierType == "" {
			c.identifierType = "ACCOUNT_NUMBER"
		} else if !slices.Contains([]string{"ACCOUNT_NUMBER", "IBAN"}, c.identifierType) {
			f.issues = append(f.issues, enumIssue([]any{"body", "identifier_type"}, "ACCOUNT_NUMBER", "IBAN"))
		}
		f.wireParty(c)
	case cpOnUs:
		c.accountNumber = f.required("account_number")
	case cpWallet:
		c.walletAddress = f.required("wallet_address")
		c.network = f.required("network")
	default:
		f.issues = append(f.issues, enumIssue([]any{"body", "type"}, counterpartyKinds...))
	}
	if len(f.issues) > 0 {
		validationError(w, f.issues...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pathCustomer(w, r); !ok {
		return
	}
	if c.kind == cpOnUs {
		// In the fake a Pocket's network address is the account number of
		// its default portal.
		pt := s.state.portals.byAccountNumber(c.accountNumber)
		if pt == nil || s.state.portals.defaults[pt.pocketID] != pt {
			validationError(w, issue{Loc: []any{"body", "account_number"}, Msg: "not the Jiko network address of a Pocket", Type: "value_error"})
			return
		}
		c.pocketID = pt.pocketID
	}
	s.state.counterparties.add(s.now(), c)
	s.effects++
	writeJSON(w, http.StatusCreated, c.wire())
}

package jikotest

import (
	"net/http"
)

// This file holds Create Counterparty (v2): the body is a union keyed by
// type, each variant checked field by field through the body reader, as
// the API's schema would, answering FastAPI's 422 issue list.

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

// check records a value_error at the member when bad is true.
func check(b bodyReader, name string, bad bool, msg string) {
	if bad {
		b.add(name, msg, "value_error")
	}
}

// required reads a required, non-empty string member.
func required(b bodyReader, name string) string { return b.text(name, true, 0) }

// nested reads an object member whose own members are required: an absent
// one reads as empty, so each of its required members is named as missing;
// one that is not an object is refused, and its members are not read.
func nested(b bodyReader, name string) (bodyReader, bool) {
	in := b.object(name, false)
	return in, !b.failedAt(name)
}

// wireParty reads the fields both wire variants share.
func wireParty(b bodyReader, c *counterparty) {
	c.identifier = required(b, "identifier")
	c.instructions = b.str("wire_instructions", false, 0)
	if a, ok := nested(b, "address"); ok {
		c.address = addressWire{
			StreetAddress: required(a, "street_address"), City: required(a, "city"),
			PostalCode: required(a, "postal_code"), State: required(a, "state"),
			Country: required(a, "country"), StreetAddress2: a.str("street_address2", false, 0),
		}
	}
	n, ok := nested(b, "counterparty_name")
	if !ok {
		return
	}
	c.name.Type = n.oneOf("type", required(n, "type"), "business", "individual")
	switch c.name.Type {
	case "business":
		c.name.BusinessName = required(n, "business_name")
	case "individual":
		c.name.FirstName = required(n, "first_name")
		c.name.LastName = required(n, "last_name")
	}
}

// routingNumber reads a routing number that must pass valid.
func routingNumber(b bodyReader, valid func(string) bool, msg string) string {
	v := required(b, "routing_number")
	check(b, "routing_number", v != "" && !valid(v), msg)
	return v
}

func (s *Server) createCounterparty(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	c := &counterparty{customerID: r.PathValue("customer_id")}
	c.kind = b.str("type", false, 0)
	switch c.kind {
	case cpACH:
		c.routingNumber = routingNumber(b, abaValid, "invalid ABA routing number")
		c.accountNumber = required(b, "account_number")
		check(b, "account_number", c.accountNumber != "" && (!allDigits(c.accountNumber) || len(c.accountNumber) < 4 || len(c.accountNumber) > 17), "invalid account number")
		c.accountType = b.oneOf("account_type", required(b, "account_type"), "SAVINGS", "CHECKING")
		c.nameOnAccount = required(b, "name_on_account")
		c.institution, c.v1Method = "External Bank NA", "MICRO_DEPOSITS"
	case cpWire:
		c.routingNumber = routingNumber(b, abaValid, "invalid ABA routing number")
		wireParty(b, c)
		c.accountType, c.institution, c.v1Method = "CHECKING", "External Bank NA", "SUPPORTING_DOCUMENTS"
	case cpIntl:
		c.routingNumber = routingNumber(b, func(v string) bool { return len(v) == 8 || len(v) == 11 }, "invalid SWIFT/BIC code")
		c.identifierType = b.enum("identifier_type", false, "ACCOUNT_NUMBER", "IBAN")
		if c.identifierType == "" {
			c.identifierType = "ACCOUNT_NUMBER"
		}
		wireParty(b, c)
	case cpOnUs:
		c.accountNumber = required(b, "account_number")
	case cpWallet:
		c.walletAddress = required(b, "wallet_address")
		c.network = required(b, "network")
	default:
		if !b.failedAt("type") {
			b.outside("type", counterpartyKinds...)
		}
	}
	if b.failed(w) {
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

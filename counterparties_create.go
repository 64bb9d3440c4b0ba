package jiko

import "strings"

// This file holds the create bodies of Counterparties V2 (a request union
// encoded from typed variants) and the field checks they and the other
// counterparty and portal requests share.

func (a *CounterpartyAddress) validate(field string) error {
	var errs []error
	for _, f := range []struct{ name, v string }{
		{"StreetAddress", a.StreetAddress}, {"City", a.City}, {"PostalCode", a.PostalCode}, {"State", a.State},
	} {
		errs = append(errs, checkRequired(field+"."+f.name, f.v))
	}
	if !upperLetters(a.Country, 2) {
		errs = append(errs, invalid(field+".Country", "%q is not an ISO 3166 alpha-2 code such as US", a.Country))
	}
	// The state's form is checked only once it is there.
	if a.Country == "US" && strings.TrimSpace(a.State) != "" && !upperLetters(a.State, 2) {
		errs = append(errs, invalid(field+".State", "%q is not a US state postal abbreviation such as NJ", a.State))
	}
	return checkAll(errs...)
}

func (n CounterpartyName) validate(field string) error {
	switch v := n.Variant.(type) {
	case *BusinessName:
		if v == nil || strings.TrimSpace(v.BusinessName) == "" {
			return invalid(field+".BusinessName", "is empty")
		}
	case *IndividualName:
		if v == nil {
			v = &IndividualName{}
		}
		return checkAll(
			checkRequired(field+".FirstName", v.FirstName),
			checkRequired(field+".LastName", v.LastName),
		)
	default:
		return invalid(field, "is required: a *BusinessName or an *IndividualName")
	}
	return nil
}

// upperLetters reports whether s is n ASCII capital letters.
func upperLetters(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// checkRoutingNumber refuses anything but a 9-digit ABA routing number with
// a valid check digit: 3×(d1+d4+d7) + 7×(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
func checkRoutingNumber(field, s string) error {
	if len(s) != 9 || !digits(s) {
		return invalid(field, "%q is not a 9-digit ABA routing number", s)
	}
	sum := 0
	for i, w := range [9]int{3, 7, 1, 3, 7, 1, 3, 7, 1} {
		sum += w * int(s[i]-'0')
	}
	if sum%10 != 0 {
		return invalid(field, "%q fails the ABA routing number checksum", s)
	}
	return nil
}

// MaxAccountNumberLength is the longest US bank account number (the NACHA
// DFI account number field).
const MaxAccountNumberLength = 17

// checkAccountNumber refuses anything but 4 to 17 digits. Masked account
// numbers are not accepted.
func checkAccountNumber(field, s string) error {
	if !digits(s) || len(s) < 4 || len(s) > MaxAccountNumberLength {
		return invalid(field, "is not a US bank account number (4 to %d digits)", MaxAccountNumberLength)
	}
	return nil
}

// CounterpartyCreateRequest is the body of [CounterpartiesService.Create]:
// one of [*ACHCounterpartyCreateRequest], [*WireCounterpartyCreateRequest],
// [*InternationalWireCounterpartyCreateRequest],
// [*OnUsCounterpartyCreateRequest] and
// [*CryptoWalletAddressCounterpartyCreateRequest]. Each is encoded with its
// type, so a body cannot mix two kinds.
type CounterpartyCreateRequest interface {
	// Kind is the type the request is sent with.
	Kind() CounterpartyType
	isCounterpartyCreateRequest()
}

// ACHCounterpartyCreateRequest adds a US bank account reached by ACH.
// Inferred: the reference's fields could not be read; they follow the v1
// ACH counterparty.
type ACHCounterpartyCreateRequest struct {
	// RoutingNumber is the bank's 9-digit ABA routing number; required.
	RoutingNumber string `json:"routing_number"`
	// AccountNumber is the account number, 4 to 17 digits; required.
	AccountNumber string `json:"account_number"`
	// AccountType is SAVINGS or CHECKING; required.
	AccountType ACHCounterpartyAccountType `json:"account_type"`
	// NameOnAccount is the account holder's name; required.
	NameOnAccount string `json:"name_on_account"`
}

// WireCounterpartyCreateRequest adds a US bank account reached by domestic
// wire. Its fields are the reference's.
type WireCounterpartyCreateRequest struct {
	// RoutingNumber is the bank's 9-digit ABA routing number; required.
	RoutingNumber string `json:"routing_number"`
	// Identifier is the account number (or IBAN); required, at most 34
	// letters and digits.
	Identifier string `json:"identifier"`
	// Address is the beneficiary's address; required.
	Address CounterpartyAddress `json:"address"`
	// WireInstructions are extra instructions for each wire; optional.
	WireInstructions string `json:"wire_instructions,omitempty"`
	// CounterpartyName is the beneficiary; required.
	CounterpartyName CounterpartyName `json:"counterparty_name"`
}

// InternationalWireCounterpartyCreateRequest adds a bank account outside the
// US. Inferred: the reference names this variant and identifier_type; the
// other fields follow the domestic wire.
type InternationalWireCounterpartyCreateRequest struct {
	// RoutingNumber is the bank's SWIFT/BIC code (8 or 11 characters);
	// required.
	RoutingNumber string `json:"routing_number"`
	// Identifier is the account number or IBAN; required.
	Identifier string `json:"identifier"`
	// IdentifierType says which Identifier is; empty leaves the API's default.
	IdentifierType WireIdentifierType `json:"identifier_type,omitempty"`
	// Address is the beneficiary's address; required.
	Address CounterpartyAddress `json:"address"`
	// WireInstructions are extra instructions for each wire; optional.
	WireInstructions string `json:"wire_instructions,omitempty"`
	// CounterpartyName is the beneficiary; required.
	CounterpartyName CounterpartyName `json:"counterparty_name"`
}

// OnUsCounterpartyCreateRequest adds another Jiko Pocket as a counterparty,
// the destination of an [OnUsPeerToPeerRequest].
type OnUsCounterpartyCreateRequest struct {
	// AccountNumber is the Pocket's Jiko network address; required.
	AccountNumber string `json:"account_number"`
}

// CryptoWalletAddressCounterpartyCreateRequest adds an on-chain wallet.
// Inferred: the reference names the variant only.
type CryptoWalletAddressCounterpartyCreateRequest struct {
	// WalletAddress is the on-chain address; required.
	WalletAddress string `json:"wallet_address"`
	// Network is the blockchain; required.
	Network string `json:"network"`
}

// Kind returns ach.
func (*ACHCounterpartyCreateRequest) Kind() CounterpartyType { return CounterpartyTypeACH }

// Kind returns wire.
func (*WireCounterpartyCreateRequest) Kind() CounterpartyType { return CounterpartyTypeWire }

// Kind returns international_wire.
func (*InternationalWireCounterpartyCreateRequest) Kind() CounterpartyType {
	return CounterpartyTypeInternationalWire
}

// Kind returns on_us.
func (*OnUsCounterpartyCreateRequest) Kind() CounterpartyType { return CounterpartyTypeOnUs }

// Kind returns crypto_wallet_address.
func (*CryptoWalletAddressCounterpartyCreateRequest) Kind() CounterpartyType {
	return CounterpartyTypeCryptoWalletAddress
}

func (*ACHCounterpartyCreateRequest) isCounterpartyCreateRequest()                 {}
func (*WireCounterpartyCreateRequest) isCounterpartyCreateRequest()                {}
func (*InternationalWireCounterpartyCreateRequest) isCounterpartyCreateRequest()   {}
func (*OnUsCounterpartyCreateRequest) isCounterpartyCreateRequest()                {}
func (*CryptoWalletAddressCounterpartyCreateRequest) isCounterpartyCreateRequest() {}

type (
	achCreateJSON    ACHCounterpartyCreateRequest
	wireCreateJSON   WireCounterpartyCreateRequest
	intlCreateJSON   InternationalWireCounterpartyCreateRequest
	onUsCreateJSON   OnUsCounterpartyCreateRequest
	walletCreateJSON CryptoWalletAddressCounterpartyCreateRequest
)

// MarshalJSON encodes the request with "type": "ach".
func (r *ACHCounterpartyCreateRequest) MarshalJSON() ([]byte, error) {
	return typedJSON("type", string(r.Kind()), (*achCreateJSON)(r))
}

// MarshalJSON encodes the request with "type": "wire".
func (r *WireCounterpartyCreateRequest) MarshalJSON() ([]byte, error) {
	return typedJSON("type", string(r.Kind()), (*wireCreateJSON)(r))
}

// MarshalJSON encodes the request with "type": "international_wire".
func (r *InternationalWireCounterpartyCreateRequest) MarshalJSON() ([]byte, error) {
	return typedJSON("type", string(r.Kind()), (*intlCreateJSON)(r))
}

// MarshalJSON encodes the request with "type": "on_us".
func (r *OnUsCounterpartyCreateRequest) MarshalJSON() ([]byte, error) {
	return typedJSON("type", string(r.Kind()), (*onUsCreateJSON)(r))
}

// MarshalJSON encodes the request with "type": "crypto_wallet_address".
func (r *CryptoWalletAddressCounterpartyCreateRequest) MarshalJSON() ([]byte, error) {
	return typedJSON("type", string(r.Kind()), (*walletCreateJSON)(r))
}

func (r *ACHCounterpartyCreateRequest) validate() error {
	const t = "ACHCounterpartyCreateRequest."
	return checkAll(
		checkRoutingNumber(t+"RoutingNumber", r.RoutingNumber),
		checkAccountNumber(t+"AccountNumber", r.AccountNumber),
		checkEnum(t+"AccountType", r.AccountType, achCounterpartyAccountTypeValues),
		checkRequired(t+"NameOnAccount", r.NameOnAccount),
	)
}

// MaxWireIdentifierLength is the longest wire identifier: an IBAN has at
// most 34 characters.
const MaxWireIdentifierLength = 34

// checkWireIdentifier refuses an identifier that is not 1 to 34 ASCII
// letters and digits.
func checkWireIdentifier(field, s string) error {
	if s == "" || len(s) > MaxWireIdentifierLength {
		return invalid(field, "must be 1 to %d letters and digits", MaxWireIdentifierLength)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return invalid(field, "must be 1 to %d letters and digits", MaxWireIdentifierLength)
		}
	}
	return nil
}

// checkWireParty checks the fields the two wire variants share.
func checkWireParty(t, identifier string, addr *CounterpartyAddress, name CounterpartyName) error {
	return checkAll(
		checkWireIdentifier(t+"Identifier", identifier),
		addr.validate(t+"Address"),
		name.validate(t+"CounterpartyName"),
	)
}

func (r *WireCounterpartyCreateRequest) validate() error {
	const t = "WireCounterpartyCreateRequest."
	return checkAll(
		checkRoutingNumber(t+"RoutingNumber", r.RoutingNumber),
		checkWireParty(t, r.Identifier, &r.Address, r.CounterpartyName),
	)
}

func (r *InternationalWireCounterpartyCreateRequest) validate() error {
	const t = "InternationalWireCounterpartyCreateRequest."
	var routing error
	if !swiftCode(r.RoutingNumber) {
		routing = invalid(t+"RoutingNumber", "%q is not a SWIFT/BIC code (8 or 11 letters and digits)", r.RoutingNumber)
	}
	return checkAll(
		routing,
		checkOneOf(t+"IdentifierType", r.IdentifierType, false, wireIdentifierTypeValues...),
		checkWireParty(t, r.Identifier, &r.Address, r.CounterpartyName),
	)
}

// swiftCode reports whether s has the form of a BIC: 4 letters (bank), 2
// letters (country), 2 letters or digits (location), and optionally 3 more
// (branch).
func swiftCode(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	if !upperLetters(s[:6], 6) {
		return false
	}
	for _, r := range s[6:] {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func (r *OnUsCounterpartyCreateRequest) validate() error {
	return checkRequired("OnUsCounterpartyCreateRequest.AccountNumber", r.AccountNumber)
}

func (r *CryptoWalletAddressCounterpartyCreateRequest) validate() error {
	const t = "CryptoWalletAddressCounterpartyCreateRequest."
	var wallet error
	if strings.TrimSpace(r.WalletAddress) == "" || strings.ContainsAny(r.WalletAddress, " \t\r\n") {
		wallet = invalid(t+"WalletAddress", "is empty or has spaces")
	}
	return checkAll(wallet, checkRequired(t+"Network", r.Network))
}

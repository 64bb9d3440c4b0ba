package jikotest

// Test values, published as card networks publish their test card
// numbers: numbers of the right form, which the SDK's local checks and the
// fake accept, and which name no account of anyone's. Use them in tests
// and demos wherever a request needs a bank or card number; a made-up one
// such as "123456789" fails the ABA checksum and is refused before it is
// sent.
const (
	// TestRoutingNumber is a 9-digit ABA routing number with a valid check
	// digit, for ACH and domestic wire counterparties: the routing number
	// payment processors publish for their test modes, not a real bank's.
	TestRoutingNumber = "110000000"

	// TestAccountNumber is a US bank account number (4 to 17 digits), for
	// an ACH counterparty's account number or a domestic wire's identifier.
	TestAccountNumber = "000123456789"

	// TestSWIFTCode is an 8-character SWIFT/BIC code, for an international
	// wire counterparty's routing number: the example of the BIC standard's
	// documentation.
	TestSWIFTCode = "DEUTDEFF"

	// TestIBAN is an IBAN with valid check digits, for an international
	// wire counterparty's identifier: the example of the IBAN standard's
	// documentation.
	TestIBAN = "DE89370400440532013000"

	// TestCardNumber is the number of the first virtual card a server
	// issues: a 16-digit Visa test number that passes the Luhn check. The
	// n-th virtual card's number is 400000, n on nine digits, and the Luhn
	// check digit.
	TestCardNumber = "4000000000000010"
)

package jikotest

import (
	"net/http"
)

// The v1 transactions: the same movements as the v2 ones (see
// transactions.go), in the v1.29 shape.

// v1 shapes.
type txV1Wire struct {
	ID            string        `json:"id"`
	JikoAccountID string        `json:"jiko_account_id"`
	Amount        moneyWire     `json:"amount"`
	Timestamp     string        `json:"timestamp"`
	Status        string        `json:"status"`
	Details       detailsV1Wire `json:"details"`
	ObjectType    string        `json:"object_type"`
}

type detailsV1Wire struct {
	Title                string       `json:"title"`
	TransactionType      string       `json:"transaction_type"`
	SubTitle             string       `json:"sub_title,omitempty"`
	TransactionTypeTitle string       `json:"transaction_type_title"`
	CardTransaction      *cardV1Wire  `json:"card_transaction,omitempty"`
	ACHTransaction       *achV1Wire   `json:"ach_transaction,omitempty"`
	WireTransaction      *wireV1Wire  `json:"wire_transaction,omitempty"`
	OnUsTransaction      *onUsV1Wire  `json:"on_us_transaction,omitempty"`
	WireFeeTransaction   *wireV1Wire  `json:"wire_fee_transaction,omitempty"`
	CashBackTransaction  *cashBackV1W `json:"cash_back_transaction,omitempty"`
}

type cardV1Wire struct {
	// Location is null: the fake knows no merchant's address.
	Location         *struct{} `json:"location"`
	Counterparty     string    `json:"counterparty"`
	TerminalID       string    `json:"terminal_id"`
	MerchantType     string    `json:"merchant_type"`
	PreAuthorization bool      `json:"pre_authorization"`
}

type achV1Wire struct {
	CompanyName                    string `json:"company_name"`
	CompanyEntryDescription        string `json:"company_entry_description"`
	IndividualIdentificationNumber string `json:"individual_identification_number"`
	TraceNumber                    string `json:"trace_number"`
}

type wireV1Wire struct {
	ReferenceNumber  string `json:"reference_number"`
	CounterpartyName string `json:"counterparty_name"`
	WireID           string `json:"wire_id,omitempty"`
}

type onUsV1Wire struct {
	OnUsTransferID   string `json:"on_us_transfer_id"`
	OnUsTransferType string `json:"on_us_transfer_type"`
}

type cashBackV1W struct {
	Period string `json:"period"`
	CardID string `json:"card_id"`
}

// txV1 renders a movement in the v1 shape: the amount is signed, since the
// v1 transaction has no direction. The caller holds the lock.
func (s *Server) txV1(t bankTx) txV1Wire {
	v2 := s.txWire(t)
	d := detailsV1Wire{Title: t.title, TransactionType: t.v1type, TransactionTypeTitle: t.desc}
	switch {
	case v2.achFields != nil:
		d.SubTitle = "REF: " + v2.TraceNumber
		d.ACHTransaction = &achV1Wire{CompanyName: v2.CompanyName, CompanyEntryDescription: v2.CompanyEntryDescription,
			IndividualIdentificationNumber: traceNumber(t.id)[6:15], TraceNumber: v2.TraceNumber}
	case v2.wireFields != nil:
		d.SubTitle = v2.ReferenceNumber
		d.WireTransaction = &wireV1Wire{ReferenceNumber: v2.ReferenceNumber, CounterpartyName: v2.CounterpartyName, WireID: v2.WireID}
	case v2.cardFields != nil:
		d.CardTransaction = &cardV1Wire{Counterparty: v2.Counterparty, TerminalID: "JIKOTEST", MerchantType: v2.MerchantType, PreAuthorization: t.settled == nil}
	case v2.onUsFields != nil:
		d.OnUsTransaction = &onUsV1Wire{OnUsTransferID: v2.OnUsTransferID, OnUsTransferType: v2.OnUsTransferType}
	case t.v1type == "WIRE_FEE":
		f := s.wireOf(t)
		d.SubTitle = f.ReferenceNumber
		d.WireFeeTransaction = &wireV1Wire{ReferenceNumber: f.ReferenceNumber, CounterpartyName: f.CounterpartyName, WireID: f.WireID}
	}
	status := "PENDING"
	if t.settled != nil {
		status = "COMPLETED"
	}
	return txV1Wire{
		ID: t.id, JikoAccountID: t.pocketID, Amount: money(t.signed()), Timestamp: isoTime(t.booked),
		Status: status, Details: d, ObjectType: "Transaction",
	}
}

var transactionV1Types = []string{"CARD", "CASH_BACK", "ACH", "WIRE", "WIRE_FEE", "GENERIC", "ON_US"}

func (s *Server) listTransactionsV1(w http.ResponseWriter, r *http.Request) {
	f := readFilters(r)
	tf := txFilter{
		v1: true, types: f.each("filter[types]", transactionV1Types...), cards: f.each("filter[card]"),
		portals: f.each("filter[portal]"), onUs: f.each("filter[on_us_transfer]"), wires: f.each("filter[wire]"),
		amountFrom: -1, amountTo: -1, bookedFrom: f.time("timestamp_from"), bookedTo: f.time("timestamp_to"),
	}
	order := f.oneOf("order", "desc", "asc")
	s.listOver(w, r, f, maxTransactionLimit, s.v1Pockets, func(lp listParams, ps []*pocket) {
		writeJSON(w, http.StatusOK, renderPage(paginate(s.keptTxs(ps, false, tf, order), lp), s.txV1))
	})
}

// v1Pockets returns the account of a /jiko-accounts/ path, or the
// customer's accounts kept to account[]. The caller holds the lock.
func (s *Server) v1Pockets(r *http.Request) ([]*pocket, bool) {
	if r.PathValue("pocket_id") != "" {
		return s.onePocket(r)
	}
	return s.customerPockets(r, "account[]")
}

func (s *Server) getTransactionV1(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		if t, ok := s.findTx(r); ok {
			return s.txV1(t), true
		}
		return nil, false
	})
}

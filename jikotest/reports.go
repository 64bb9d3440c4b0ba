package jikotest

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// Reports (experimental in the reference): a request is created PENDING
// and becomes COMPLETED, with one file per output format, when the test
// calls CompleteReports (or FAILED with FailReport). The files are made from
// the ledger when they are fetched: ISO 20022 camt.053 for the statement
// reports, CSV for the trade report.

// reportState holds the report requests. The server's lock guards it.
type reportState struct {
	order []*report
}

type report struct {
	id, typ, status string
	pocketIDs       []string
	from, to        jiko.Date
	formats         []string
	created         time.Time
}

// reportWire is a report request as the fake answers it (the SDK's
// Report; its shape is inferred, see reports.go of the SDK).
type reportWire struct {
	ID            string           `json:"id"`
	Type          string           `json:"type"`
	Status        string           `json:"status"`
	PocketIDs     []string         `json:"pocket_ids"`
	DateFrom      string           `json:"date_from"`
	DateTo        string           `json:"date_to"`
	OutputFormats []string         `json:"output_formats"`
	Files         []reportFileWire `json:"files"`
	TimeCreated   string           `json:"time_created"`
	ObjectType    string           `json:"object_type"`
}

type reportFileWire struct {
	OutputFormat string `json:"output_format"`
	URL          string `json:"url"`
}

// reportFormats are the formats each report type takes.
var reportFormats = map[string][]string{
	"BANK_STATEMENT_REPORT":      {"CAMT053"},
	"BROKERAGE_STATEMENT_REPORT": {"CAMT053"},
	"TRADE_REPORT":               {"CSV"},
}

// maxReportDays bounds the days one report covers.
const maxReportDays = 366

func init() { resources = append(resources, registerReports) }

// registerReports adds the report operations.
func registerReports(s *Server) {
	s.mount(ops.ReportsList, s.listReports)
	s.mount(ops.ReportsCreate, s.createReport)
	s.mount(ops.ReportsGet, s.getReport)
}

// wire renders a request. The caller holds the lock.
func (s *Server) reportWire(rp *report) reportWire {
	w := reportWire{
		ID: rp.id, Type: rp.typ, Status: rp.status, PocketIDs: rp.pocketIDs, DateFrom: rp.from.String(),
		DateTo: rp.to.String(), OutputFormats: rp.formats, Files: []reportFileWire{}, TimeCreated: isoTime(rp.created),
		ObjectType: "Report",
	}
	if rp.status == "COMPLETED" {
		for _, f := range rp.formats {
			ext := map[string]string{"CAMT053": "xml", "CSV": "csv"}[f]
			d := linkedDoc{kind: docReport, reportID: rp.id, format: f, name: fmt.Sprintf("%s-%s.%s", rp.typ, rp.id[:8], ext)}
			w.Files = append(w.Files, reportFileWire{OutputFormat: f, URL: s.documentURL(d)})
		}
	}
	return w
}

func (s *Server) listReports(w http.ResponseWriter, r *http.Request) {
	lp, ok := readListParams(w, r, 30, 100)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make([]reportWire, 0, len(s.state.reports.order))
	for _, rp := range slices.Backward(s.state.reports.order) {
		items = append(items, s.reportWire(rp))
	}
	writeJSON(w, http.StatusOK, paginate(items, lp))
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	answerFound(s, w, func() (any, bool) {
		if rp := s.findReport(r.PathValue("report_request_id")); rp != nil {
			return s.reportWire(rp), true
		}
		return nil, false
	})
}

func (s *Server) findReport(id string) *report {
	for _, rp := range s.state.reports.order {
		if rp.id == id {
			return rp
		}
	}
	return nil
}

func (s *Server) createReport(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r)
	if !ok {
		return
	}
	bad := b.add
	typ := b.enum("type", true, "BANK_STATEMENT_REPORT", "BROKERAGE_STATEMENT_REPORT", "TRADE_REPORT")
	allowed, known := reportFormats[typ]
	pocketIDs, formats := b.strs("pocket_ids"), b.strs("output_formats")
	for i, list := range [][]string{pocketIDs, formats} {
		if name := []string{"pocket_ids", "output_formats"}[i]; len(list) == 0 && !b.failedAt(name) {
			bad(name, "ensure this value has at least 1 items", "value_error.list.min_items")
		}
	}
	for _, f := range formats {
		if known && !slices.Contains(allowed, f) {
			*b.issues = append(*b.issues, enumIssue([]any{"body", "output_formats"}, allowed...))
			break
		}
	}
	dates := map[string]jiko.Date{}
	for _, name := range []string{"date_from", "date_to"} {
		v := b.str(name, true, 0)
		d, err := jiko.ParseDate(v)
		if err != nil && b.isString(name) {
			bad(name, "invalid date format", "value_error.date")
		}
		dates[name] = d
	}
	from, to := dates["date_from"], dates["date_to"]
	if !from.IsZero() && !to.IsZero() {
		days := int(to.Time(time.UTC).Sub(from.Time(time.UTC)) / (24 * time.Hour))
		if days < 0 {
			bad("date_to", "date_to must not be before date_from", "value_error")
		} else if days >= maxReportDays {
			bad("date_to", fmt.Sprintf("a report covers at most %d days", maxReportDays), "value_error")
		}
	}
	if b.failed(w) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range pocketIDs {
		if s.state.pockets[id] == nil {
			validationError(w, issue{Loc: []any{"body", "pocket_ids"}, Msg: "unknown pocket " + id, Type: "value_error"})
			return
		}
	}
	rp := &report{id: uuid.NewString(), typ: typ, status: "PENDING", pocketIDs: pocketIDs, from: from, to: to, formats: formats, created: s.now()}
	s.state.reports.order = append(s.state.reports.order, rp)
	s.effects++
	writeJSON(w, http.StatusCreated, s.reportWire(rp))
}

// CompleteReports makes every pending report request COMPLETED, with its
// files, and returns how many it completed.
func (s *Server) CompleteReports() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, rp := range s.state.reports.order {
		if rp.status == "PENDING" {
			rp.status = "COMPLETED"
			n++
		}
	}
	return n
}

// FailReport makes a pending report request FAILED.
func (s *Server) FailReport(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rp := s.findReport(id)
	if rp == nil || rp.status != "PENDING" {
		return fmt.Errorf("jikotest: no pending report request %q", id)
	}
	rp.status = "FAILED"
	return nil
}

// renderReport makes a report's file. The caller holds the lock.
func (s *Server) renderReport(d linkedDoc) ([]byte, string) {
	rp := s.findReport(d.reportID)
	if rp == nil {
		return nil, "application/octet-stream"
	}
	if d.format == "CSV" {
		return s.tradeReportCSV(rp), "text/csv"
	}
	return s.camt053(rp), "application/xml"
}

// The camt.053 (BankToCustomerStatement, version 001.02) elements the fake
// writes.
type camtDocument struct {
	XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 Document"`
	Stmt    camtRoot `xml:"BkToCstmrStmt"`
}

type camtRoot struct {
	MsgID     string     `xml:"GrpHdr>MsgId"`
	CreDtTm   string     `xml:"GrpHdr>CreDtTm"`
	Statement []camtStmt `xml:"Stmt"`
}

type camtStmt struct {
	ID        string      `xml:"Id"`
	SeqNb     int         `xml:"ElctrncSeqNb"`
	CreDtTm   string      `xml:"CreDtTm"`
	From      string      `xml:"FrToDt>FrDtTm"`
	To        string      `xml:"FrToDt>ToDtTm"`
	AccountID string      `xml:"Acct>Id>Othr>Id"`
	Currency  string      `xml:"Acct>Ccy"`
	Name      string      `xml:"Acct>Nm"`
	Balances  []camtBal   `xml:"Bal"`
	Entries   []camtEntry `xml:"Ntry"`
}

type camtBal struct {
	Code      string  `xml:"Tp>CdOrPrtry>Cd"`
	Amount    camtAmt `xml:"Amt"`
	CdtDbtInd string  `xml:"CdtDbtInd"`
	Date      string  `xml:"Dt>Dt"`
}

type camtAmt struct {
	Currency string `xml:"Ccy,attr"`
	Value    string `xml:",chardata"`
}

type camtEntry struct {
	Ref         string  `xml:"NtryRef"`
	Amount      camtAmt `xml:"Amt"`
	CdtDbtInd   string  `xml:"CdtDbtInd"`
	Status      string  `xml:"Sts"`
	BookingDate string  `xml:"BookgDt>Dt"`
	ValueDate   string  `xml:"ValDt>Dt,omitempty"`
	ServicerRef string  `xml:"AcctSvcrRef"`
	Code        string  `xml:"BkTxCd>Prtry>Cd"`
	Info        string  `xml:"AddtlNtryInf"`
}

// camtAmount splits signed cents into an amount and its credit/debit mark.
func camtAmount(cents int64) (camtAmt, string) {
	ind := "CRDT"
	if cents < 0 {
		cents, ind = -cents, "DBIT"
	}
	return camtAmt{Currency: "USD", Value: fmt.Sprintf("%d.%02d", cents/100, cents%100)}, ind
}

// camt053 writes one statement per Pocket and day of the request. The bank
// statement lists the bank movements and their sweeps, between balances of
// 0; the brokerage statement lists the Pocket's settled entries (additions,
// subtractions, gains, fees) between its opening and closing values.
func (s *Server) camt053(rp *report) []byte {
	doc := camtDocument{Stmt: camtRoot{MsgID: rp.id, CreDtTm: isoTime(s.now())}}
	for _, id := range rp.pocketIDs {
		p := s.state.pockets[id]
		for day := rp.from.Time(time.UTC); !day.After(rp.to.Time(time.UTC)); day = day.AddDate(0, 0, 1) {
			end := day.AddDate(0, 0, 1)
			st := camtStmt{
				ID: stableID(rp.id, id, day.String()), SeqNb: len(doc.Stmt.Statement) + 1, CreDtTm: isoTime(s.now()),
				From: isoTime(day), To: isoTime(end.Add(-time.Second)), AccountID: p.id, Currency: "USD", Name: p.name,
			}
			opening, closing := int64(0), int64(0)
			if rp.typ == "BANK_STATEMENT_REPORT" {
				for _, t := range s.bankTxs(p, true) {
					if !t.booked.Before(day) && t.booked.Before(end) {
						st.Entries = append(st.Entries, camtEntryOf(t.id, t.signed(), t.booked, t.settled, t.typ, t.title))
					}
				}
			} else {
				opening, closing = s.valueAt(p, day), s.valueAt(p, end)
				for _, e := range s.state.ledger.forPocket(p.id) {
					if e.Status == EntrySettled && !e.Settled.Before(day) && e.Settled.Before(end) {
						settled := e.Settled
						st.Entries = append(st.Entries, camtEntryOf(e.ID, e.Amount, e.Booked, &settled, string(e.Kind), e.Description))
					}
				}
			}
			for _, b := range []struct {
				code  string
				cents int64
			}{{"OPBD", opening}, {"CLBD", closing}} {
				amt, ind := camtAmount(b.cents)
				st.Balances = append(st.Balances, camtBal{Code: b.code, Amount: amt, CdtDbtInd: ind, Date: jiko.DateOf(day).String()})
			}
			doc.Stmt.Statement = append(doc.Stmt.Statement, st)
		}
	}
	out, _ := xml.MarshalIndent(doc, "", "  ")
	return append([]byte(xml.Header), out...)
}

func camtEntryOf(id string, cents int64, booked time.Time, settled *time.Time, code, info string) camtEntry {
	amt, ind := camtAmount(cents)
	e := camtEntry{Ref: id, Amount: amt, CdtDbtInd: ind, Status: "PDNG", BookingDate: jiko.DateOf(booked.UTC()).String(),
		ServicerRef: id, Code: code, Info: info}
	if settled != nil {
		e.Status, e.ValueDate = "BOOK", jiko.DateOf(settled.UTC()).String()
	}
	return e
}

// tradeReportCSV lists the trades of the request's Pockets booked within
// its dates.
func (s *Server) tradeReportCSV(rp *report) []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"trade_id", "pocket_id", "activity", "trade_datetime", "book_date", "settlement_date",
		"cusip", "description", "quantity", "price", "notional", "maturity_date", "yield_to_maturity"})
	var ps []*pocket
	for _, id := range rp.pocketIDs {
		ps = append(ps, s.state.pockets[id])
	}
	for _, t := range s.trades(ps, "asc") {
		if !dateWithin(jiko.DateOf(t.at.UTC()), rp.from, rp.to) {
			continue
		}
		_ = cw.Write([]string{t.id, t.pocketID, t.activity, isoTime(t.at), jiko.DateOf(t.at.UTC()).String(), t.settles.String(),
			t.cusip, tbillDescription, strconv.FormatInt(t.quantity, 10), priceText(t.priceMicro),
			fmt.Sprintf("%d.%02d", t.notional/100, t.notional%100), t.maturity.String(), t.ytm})
	}
	cw.Flush()
	return b.Bytes()
}

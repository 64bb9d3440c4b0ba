package jikotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/ops"
)

// Statements: a BANK and a BROKERAGE statement for each Pocket and each
// month with activity, once the month is over on the server's clock. Their
// PDFs, the trade confirmations and the report files are served at
// short-lived signed links on the server itself (ten minutes on the
// server's clock), which take no credentials, as the pre-signed links of the
// real API do.

// documentTTL is how long a document link lives.
const documentTTL = 10 * time.Minute

// docState holds the documents that links point to. The server's lock
// guards it.
type docState struct {
	key  []byte
	docs map[string]linkedDoc
}

func newDocState() docState {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return docState{key: key, docs: map[string]linkedDoc{}}
}

// The kinds of document.
const (
	docStatement    = "statement"
	docConfirmation = "confirmation"
	docReport       = "report"
)

// linkedDoc is what a link serves; the content is made when it is fetched.
type linkedDoc struct {
	kind     string
	name     string
	pocketID string
	month    jiko.Date // statements: the first day of the month
	stmtType string
	tradeID  string
	reportID string
	format   string
}

// statementWire is the v1.29 Statement.
type statementWire struct {
	ID             string `json:"id"`
	JikoAccountID  string `json:"jiko_account_id"`
	Type           string `json:"type"`
	Key            string `json:"key"`
	PDFDownloadURL string `json:"pdf_download_url"`
	TimeCreated    string `json:"time_created"`
	ObjectType     string `json:"object_type"`
}

var statementTypes = []string{"1099B", "1099INT", "BANK", "BROKERAGE"}

var statementKey = regexp.MustCompile(`^\d{4}(-\d{2})?$`)

const maxStatementLimit = 150

func init() { resources = append(resources, registerStatements) }

// registerStatements adds the statement lists and the document links.
func registerStatements(s *Server) {
	s.mount(ops.StatementsListForCustomer, s.listStatements)
	s.mount(ops.StatementsListForPocket, s.listStatements, rename{"account_id", "pocket_id"})
	s.route("GET /jikotest/documents/{id}/{name}", public, s.serveDocument)
}

// documentURL registers d and returns a link to it that lives ten minutes.
// The caller holds the lock.
func (s *Server) documentURL(d linkedDoc) string {
	id := stableID("document", d.kind, d.pocketID, d.month.String(), d.stmtType, d.tradeID, d.reportID, d.format)
	s.state.docs.docs[id] = d
	expires := strconv.FormatInt(s.now().Add(documentTTL).Unix(), 10)
	return s.URL + "/jikotest/documents/" + id + "/" + url.PathEscape(d.name) +
		"?expires=" + expires + "&signature=" + s.docSignature(id, expires)
}

func (s *Server) docSignature(id, expires string) string {
	m := hmac.New(sha256.New, s.state.docs.key)
	m.Write([]byte(id + "|" + expires))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// serveDocument serves a link: 403 when its signature is wrong or it has
// expired, 404 when it names nothing.
func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, q := r.PathValue("id"), r.URL.Query()
	exp, err := strconv.ParseInt(q.Get("expires"), 10, 64)
	if err != nil || !hmac.Equal([]byte(q.Get("signature")), []byte(s.docSignature(id, q.Get("expires")))) {
		http.Error(w, "AccessDenied: the signature does not match", http.StatusForbidden)
		return
	}
	if s.now().Unix() > exp {
		http.Error(w, "AccessDenied: the link has expired", http.StatusForbidden)
		return
	}
	d, ok := s.state.docs.docs[id]
	if !ok {
		http.Error(w, "NoSuchKey", http.StatusNotFound)
		return
	}
	body, contentType := s.renderDocument(d)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// renderDocument makes a document's content. The caller holds the lock.
func (s *Server) renderDocument(d linkedDoc) ([]byte, string) {
	p := s.state.pockets[d.pocketID]
	switch d.kind {
	case docStatement:
		return statementPDF(s, p, d), "application/pdf"
	case docConfirmation:
		for _, t := range s.state.book(p).trades {
			if t.id == d.tradeID {
				return minimalPDF("Trade Confirmation", []string{
					"Pocket: " + p.name + " (" + p.id + ")",
					"Trade: " + t.id,
					fmt.Sprintf("%s %d x %s %s, maturing %s", t.activity, t.quantity, tbillDescription, t.cusip, t.maturity),
					"Price: " + priceText(t.priceMicro) + " per 100 of face value",
					"Yield to maturity: " + t.ytm,
					"Notional: " + jiko.USD(t.notional).String(),
					"Trade date: " + jiko.DateOf(t.at.UTC()).String() + "    Settlement date: " + t.settles.String(),
				}), "application/pdf"
			}
		}
	case docReport:
		return s.renderReport(d)
	}
	return nil, "application/octet-stream"
}

// statementMonths returns the first days of the months in which a Pocket
// had activity and which are over. A movement is activity in the month it
// was booked and in the month it settled, since its settlement changes
// the Pocket's value: so each month's statement opens at the last one's
// close. The caller holds the lock.
func (s *Server) statementMonths(p *pocket) []jiko.Date {
	seen := map[jiko.Date]bool{}
	add := func(t time.Time) {
		y, m, _ := t.UTC().Date()
		seen[jiko.Date{Year: y, Month: m, Day: 1}] = true
	}
	for _, t := range s.bankTxs(p, false) {
		add(t.booked)
		if t.settled != nil {
			add(*t.settled)
		}
	}
	for _, t := range s.state.book(p).trades {
		add(t.at)
	}
	var out []jiko.Date
	for m := range seen {
		if !statementTime(m).After(s.now()) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b jiko.Date) int { return a.Time(time.UTC).Compare(b.Time(time.UTC)) })
	return out
}

// statementTime is when a month's statements are produced: noon UTC on the
// first day of the next month.
func statementTime(month jiko.Date) time.Time {
	return time.Date(month.Year, month.Month+1, 1, 12, 0, 0, 0, time.UTC)
}

func (s *Server) listStatements(w http.ResponseWriter, r *http.Request) {
	f := readFilters(r)
	types := f.each("type[]", statementTypes...)
	order := f.oneOf("order", "desc", "asc")
	key := f.q.Get("key")
	if key != "" && !statementKey.MatchString(key) {
		f.bad("key", `string does not match regex "^\d{4}(-\d{2})?$"`, "value_error.str.regex")
	}
	s.listOver(w, r, f, maxStatementLimit, s.v1Pockets, func(lp listParams, ps []*pocket) {
		var out []statementWire
		for _, p := range ps {
			for _, m := range s.statementMonths(p) {
				if !strings.HasPrefix(m.String(), key) {
					continue
				}
				for _, typ := range []string{"BANK", "BROKERAGE"} {
					if !anyOf(types, typ) {
						continue
					}
					d := linkedDoc{kind: docStatement, pocketID: p.id, month: m, stmtType: typ,
						name: fmt.Sprintf("%s-%s-%04d-%02d.pdf", strings.ToLower(typ), p.id[:8], m.Year, int(m.Month))}
					out = append(out, statementWire{
						ID: stableID("statement", p.id, m.String(), typ), JikoAccountID: p.id, Type: typ, Key: m.String(),
						PDFDownloadURL: s.documentURL(d), TimeCreated: isoTime(statementTime(m)), ObjectType: "Statement",
					})
				}
			}
		}
		slices.SortStableFunc(out, func(a, b statementWire) int {
			c := strings.Compare(a.Key, b.Key)
			if order != "asc" {
				c = -c
			}
			return c
		})
		writeJSON(w, http.StatusOK, paginate(out, lp))
	})
}

// valueAt is a Pocket's value at t: its settled entries before t.
func (s *Server) valueAt(p *pocket, t time.Time) int64 {
	var v int64
	for _, e := range s.state.ledger.forPocket(p.id) {
		if e.Status == EntrySettled && e.Settled.Before(t) {
			v += e.Amount
		}
	}
	return v
}

// statementPDF writes a month's statement of a Pocket. The bank statement
// lists the bank account's movements with their sweeps (its balance is
// always 0); the brokerage statement the Pocket's value and its trades.
func statementPDF(s *Server, p *pocket, d linkedDoc) []byte {
	start := d.month.Time(time.UTC)
	end := start.AddDate(0, 1, 0)
	period := fmt.Sprintf("Period: %s to %s", d.month, jiko.DateOf(end.AddDate(0, 0, -1)))
	head := []string{"Pocket: " + p.name + " (" + p.id + ")", period, ""}
	if d.stmtType == "BANK" {
		lines := append(head, "Opening balance: $0.00")
		for _, t := range s.bankTxs(p, true) {
			if !t.booked.Before(start) && t.booked.Before(end) {
				lines = append(lines, fmt.Sprintf("%s  %-24s %14s", jiko.DateOf(t.booked.UTC()), t.desc, jiko.USD(t.signed())))
			}
		}
		lines = append(lines, "Closing balance: $0.00 (swept to the brokerage account)")
		return minimalPDF("Jiko Bank Statement", lines)
	}
	lines := append(head, "Opening value: "+jiko.USD(s.valueAt(p, start)).String())
	for _, t := range s.state.book(p).trades {
		if !t.at.Before(start) && t.at.Before(end) {
			lines = append(lines, fmt.Sprintf("%s  %-8s %6d x %s  %s  %14s", jiko.DateOf(t.at.UTC()), t.activity, t.quantity,
				t.cusip, priceText(t.priceMicro), jiko.USD(t.notional)))
		}
	}
	lines = append(lines, "Closing value: "+jiko.USD(s.valueAt(p, end)).String())
	return minimalPDF("Jiko Brokerage Statement", lines)
}

// maxPDFLines is how many lines fit the one page of a minimalPDF.
const maxPDFLines = 46

// minimalPDF writes a one-page PDF 1.4 document with a title and lines of
// text in Helvetica: a catalog, a page tree, a page, a font, a content
// stream, and a cross-reference table with the byte offset of each object.
// Text that does not fit the page is cut with a last line saying so.
func minimalPDF(title string, lines []string) []byte {
	if len(lines) > maxPDFLines {
		more := len(lines) - maxPDFLines + 1
		lines = append(lines[:maxPDFLines-1:maxPDFLines-1], fmt.Sprintf("... and %d more lines", more))
	}
	var content bytes.Buffer
	fmt.Fprintf(&content, "BT\n/F1 16 Tf\n72 740 Td\n(%s) Tj\n/F1 10 Tf\n14 TL\nT*\n", pdfText(title))
	for _, l := range lines {
		fmt.Fprintf(&content, "T*\n(%s) Tj\n", pdfText(l))
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfText escapes a line for a PDF string; characters outside printable
// ASCII become '?'.
func pdfText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

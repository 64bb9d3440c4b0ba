//lint:file-ignore SA1019 the fake answers the deprecated v1 operations too, and these tests call them

package jikotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkPDF checks the structure of a PDF: its header and end marker, and
// that the cross-reference table points at each object and startxref at
// the table.
func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")), "header")
	require.True(t, bytes.HasSuffix(pdf, []byte("%%EOF\n")), "end marker")
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	require.NotNil(t, m, "startxref")
	xref, _ := strconv.Atoi(string(m[1]))
	require.True(t, bytes.HasPrefix(pdf[xref:], []byte("xref\n0 6\n0000000000 65535 f \n")), "startxref points at the table")
	rows := bytes.Split(pdf[xref+len("xref\n0 6\n0000000000 65535 f \n"):], []byte("\n"))
	for i := 1; i <= 5; i++ {
		row := rows[i-1]
		require.Len(t, row, 19, "a row is 20 bytes with its end of line")
		off, err := strconv.Atoi(string(row[:10]))
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(pdf[off:], fmt.Appendf(nil, "%d 0 obj\n", i)), "object %d at %d", i, off)
	}
	stream := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*)endstream`).FindSubmatch(pdf)
	require.NotNil(t, stream)
	n, _ := strconv.Atoi(string(stream[1]))
	assert.Len(t, stream[2], n, "the content stream has its declared length")
}

func TestMinimalPDF(t *testing.T) {
	pdf := minimalPDF("Title (with) \\ escapes", []string{"Café €5", "plain"})
	checkPDF(t, pdf)
	assert.Contains(t, string(pdf), `(Title \(with\) \\ escapes) Tj`)
	assert.Contains(t, string(pdf), "(Caf? ?5) Tj")
	long := make([]string, 100)
	pdf = minimalPDF("Long", long)
	checkPDF(t, pdf)
	assert.Contains(t, string(pdf), "(... and 55 more lines) Tj")
}

func TestStatementsForEachMonthWithActivity(t *testing.T) {
	srv, clock, c := newTestServer(t)
	p := tradingPocket(t, srv, clock) // activity in January and February; the clock is on 10 February
	ctx := context.Background()

	sts, err := c.Statements.ListForCustomer(ctx, "c1", nil).Collect()
	require.NoError(t, err)
	require.Len(t, sts, 2, "January is over, February is not")
	assert.Equal(t, jiko.StatementTypeBank, sts[0].Type)
	assert.Equal(t, jiko.StatementTypeBrokerage, sts[1].Type)
	assert.Equal(t, "2025-01-01", sts[0].Key)
	assert.Equal(t, p.ID, sts[0].JikoAccountID)
	assert.Equal(t, time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC), sts[0].TimeCreated.UTC())

	var fixture, page struct{ Items []json.RawMessage }
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/statements_list.json"), &fixture))
	require.NoError(t, json.Unmarshal(rawGet(t, c, "/api/v1/customers/c1/statements/", nil), &page))
	for _, item := range page.Items {
		assert.NoError(t, testutil.SameShape(fixture.Items[0], item))
	}

	// The PDFs come without credentials and say what happened.
	n := len(srv.Requests())
	var bank, brokerage bytes.Buffer
	_, err = c.Statements.Download(ctx, sts[0].PDFDownloadURL, &bank)
	require.NoError(t, err)
	_, err = c.Statements.Download(ctx, sts[1].PDFDownloadURL, &brokerage)
	require.NoError(t, err)
	checkPDF(t, bank.Bytes())
	checkPDF(t, brokerage.Bytes())
	assert.Contains(t, bank.String(), "(Jiko Bank Statement) Tj")
	assert.Contains(t, bank.String(), "Period: 2025-01-01 to 2025-01-31")
	assert.Contains(t, bank.String(), "Card Purchase")
	assert.Contains(t, bank.String(), "-$250.00")
	assert.Contains(t, brokerage.String(), "(Opening value: $0.00) Tj")
	assert.Contains(t, brokerage.String(), "(Closing value: $9,750.00) Tj")
	assert.Contains(t, brokerage.String(), "SELL")
	for _, r := range srv.Requests()[n:] {
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Empty(t, r.Header.Get("Authorization"))
		assert.Empty(t, r.Header.Get("X-Jiko-Signature"))
	}

	// A link lives ten minutes, and its signature covers it.
	u, err := url.Parse(sts[0].PDFDownloadURL)
	require.NoError(t, err)
	q := u.Query()
	q.Set("expires", strconv.FormatInt(clock.Now().Add(time.Hour).Unix(), 10))
	u.RawQuery = q.Encode()
	_, err = c.Statements.Download(ctx, u.String(), io.Discard)
	assert.ErrorContains(t, err, "status 403")
	clock.Set(clock.Now().Add(11 * time.Minute))
	_, err = c.Statements.Download(ctx, sts[0].PDFDownloadURL, io.Discard)
	assert.ErrorContains(t, err, "status 403")
	assert.NotContains(t, err.Error(), "signature=")

	// Filters.
	clock.Set(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC))
	sts, err = c.Statements.ListForCustomer(ctx, "c1", &jiko.StatementListParams{Types: []jiko.StatementType{jiko.StatementTypeBrokerage}}).Collect()
	require.NoError(t, err)
	require.Len(t, sts, 2)
	assert.Equal(t, []string{"2025-02-01", "2025-01-01"}, []string{sts[0].Key, sts[1].Key}, "newest first")
	sts, err = c.Statements.ListForCustomer(ctx, "c1", &jiko.StatementListParams{Key: "2025-01", Order: jiko.SortAsc}).Collect()
	require.NoError(t, err)
	assert.Len(t, sts, 2)
	sts, err = c.Statements.ListForCustomer(ctx, "c1", &jiko.StatementListParams{Key: "2024"}).Collect()
	require.NoError(t, err)
	assert.Empty(t, sts)
	sts, err = c.Statements.ListForPocket(ctx, p.ID, &jiko.StatementListParams{Limit: 3}).Collect()
	require.NoError(t, err)
	assert.Len(t, sts, 4)
	_, err = c.Statements.ListForCustomerPage(ctx, "c1", &jiko.StatementListParams{Types: []jiko.StatementType{"MONTHLY"}})
	assert.ErrorContains(t, err, "query.type[]: value is not a valid enumeration member")
	err = c.Do(ctx, "GET", "/api/v1/customers/c1/statements/", url.Values{"key": {"2025-1"}}, nil, nil)
	assert.ErrorContains(t, err, "query.key: string does not match regex")
	_, err = c.Statements.ListForCustomerPage(ctx, "nobody", nil)
	assert.True(t, jiko.IsNotFound(err))

	code, body := get(t, srv.URL+"/jikotest/documents/unknown/x.pdf")
	assert.Equal(t, http.StatusForbidden, code, body)
}

func get(t *testing.T, link string) (int, string) {
	t.Helper()
	resp, err := http.Get(link)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

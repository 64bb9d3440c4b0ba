package jiko

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatementFixtureDecodesStrictly(t *testing.T) {
	page := testutil.Strict[CursorPage[Statement]](t, testutil.Load(t, "statements_list.json"))
	require.Len(t, page.Items, 1)
	s := page.Items[0]
	assert.Equal(t, StatementTypeBank, s.Type)
	assert.Equal(t, "2023-01-01", s.Key)
	assert.Equal(t, "https://example.com/path-to-statement-pdf", s.PDFDownloadURL)
	assert.Equal(t, time.Date(2023, 1, 15, 14, 0, 0, 0, time.UTC), s.TimeCreated.UTC())
}

func TestStatementsList(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	custPath := "/api/v1/customers/" + customerID + "/statements/"
	acctPath := "/api/v1/jiko-accounts/" + pocketID + "/statements/"
	h.on("GET", custPath, status(200, fixture(t, "statements_list.json")))
	h.on("GET", acctPath, status(200, fixture(t, "statements_list.json")))

	pg, err := h.c.Statements.ListForCustomerPage(ctx, customerID, &StatementListParams{
		Types: []StatementType{StatementTypeBank, StatementTypeBrokerage}, Key: StatementKeyMonth(2023, time.January),
		Accounts: []string{pocketID}, Order: SortAsc, Limit: 150,
	})
	require.NoError(t, err)
	assert.Len(t, pg.Items, 1)
	assert.Equal(t, custPath, h.last().Path)
	assert.Equal(t, "account%5B%5D="+pocketID+"&key=2023-01&limit=150&order=asc&type%5B%5D=BANK&type%5B%5D=BROKERAGE", h.last().Query)

	_, err = h.c.Statements.ListForPocketPage(ctx, pocketID, &StatementListParams{Key: StatementKeyYear(2023)})
	require.NoError(t, err)
	assert.Equal(t, acctPath, h.last().Path)
	assert.Equal(t, "key=2023", h.last().Query)

	h.on("GET", custPath, status(200, `{"items":[]}`))
	h.on("GET", acctPath, status(200, `{"items":[]}`))
	_, err = h.c.Statements.ListForCustomer(ctx, customerID, nil).Collect()
	require.NoError(t, err)
	_, err = h.c.Statements.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)
}

func TestStatementsRefuseBadInputLocally(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for _, key := range []string{"23", "2023-1", "2023-13", "2023-00", "2023/01", "2023-01-01", "abcd"} {
		_, err := h.c.Statements.ListForCustomerPage(ctx, customerID, &StatementListParams{Key: key})
		assert.EqualError(t, err, `jiko: StatementListParams.Key: "`+key+`" is not YYYY or YYYY-MM`)
		assert.True(t, IsValidation(err))
	}
	_, err := h.c.Statements.ListForCustomerPage(ctx, customerID, &StatementListParams{Limit: 151})
	assert.EqualError(t, err, "jiko: StatementListParams.Limit: 151 is out of range 0..150")
	_, err = h.c.Statements.ListForPocket(ctx, pocketID, &StatementListParams{Accounts: []string{"x"}}).Collect()
	assert.EqualError(t, err, "jiko: StatementListParams.Accounts: only ListForCustomer takes it")
	assert.Empty(t, h.requests())
}

func TestDownloadSendsNoCredentials(t *testing.T) {
	h := newHarness(t, WithHeader("X-Partner-Secret", "never-abroad"))
	pdf := "%PDF-1.4\n...\n%%EOF\n"
	h.on("GET", "/statements/2023-01.pdf", status(200, pdf, "Content-Type", "application/pdf"))
	var buf bytes.Buffer
	n, err := h.c.Statements.Download(context.Background(), "https://files.example.com/statements/2023-01.pdf?X-Amz-Signature=s3cr3t", &buf)
	require.NoError(t, err)
	assert.Equal(t, int64(len(pdf)), n)
	assert.Equal(t, pdf, buf.String())
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "X-Amz-Signature=s3cr3t", r.Query)
	for _, k := range []string{"Authorization", "X-Jiko-Signature", "X-Jiko-Idempotency", "X-Partner-Secret"} {
		assert.Empty(t, r.Header.Get(k), k)
	}
	assert.Contains(t, r.Header.Get("User-Agent"), "jiko-go/")
	assert.Equal(t, int32(0), h.logins.Load(), "a download needs no login")
}

func TestDownloadErrorsHideTheLinkQuery(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.on("GET", "/expired.pdf", status(403, "<Error>AccessDenied</Error>"))
	_, err := h.c.Statements.Download(ctx, "https://files.example.com/expired.pdf?X-Amz-Signature=s3cr3t", io.Discard)
	assert.EqualError(t, err, "jiko: download https://files.example.com/expired.pdf: status 403 (the link may have expired: links live ten minutes)")

	for link, want := range map[string]string{
		"ftp://files.example.com/a.pdf?sig=s3cr3t":  `jiko: link: "ftp://files.example.com/a.pdf" must use https`,
		"http://files.example.com/a.pdf?sig=s3cr3t": `jiko: link: "http://files.example.com/a.pdf" must use https`,
		"https://user:pw@files.example.com/a.pdf":   `jiko: link: "https://files.example.com/a.pdf" is not an absolute URL without user info`,
		"/relative.pdf":                 `jiko: link: "/relative.pdf" is not an absolute URL without user info`,
		"https://files.example.com/%zz": "jiko: link: is not a URL",
	} {
		_, err := h.c.Statements.Download(ctx, link, io.Discard)
		assert.EqualError(t, err, want, link)
		assert.True(t, IsValidation(err))
		assert.NotContains(t, err.Error(), "s3cr3t")
	}
	_, err = h.c.Statements.Download(ctx, "https://files.example.com/a.pdf", nil)
	assert.EqualError(t, err, "jiko: w: is nil")
	//lint:ignore SA1012 a nil context is the bad input under test
	_, err = h.c.Statements.Download(nil, "https://files.example.com/a.pdf", io.Discard)
	assert.EqualError(t, err, "jiko: ctx: is nil")
	assert.Len(t, h.requests(), 1)
}

// zeros is an endless reader of zero bytes that counts what it gave.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestDownloadIsCapped(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.on("GET", "/declared.pdf", func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, ContentLength: MaxDownloadSize + 1, Body: io.NopCloser(strings.NewReader("x")), Header: http.Header{}}, nil
	})
	n, err := h.c.Statements.Download(ctx, "https://files.example.com/declared.pdf", io.Discard)
	assert.ErrorIs(t, err, ErrDownloadTooLarge)
	assert.Zero(t, n, "a declared size over the cap is refused before reading")

	z := &zeros{}
	h.on("GET", "/endless.pdf", func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, ContentLength: -1, Body: io.NopCloser(z), Header: http.Header{}}, nil
	})
	n, err = h.c.Statements.Download(ctx, "https://files.example.com/endless.pdf", io.Discard)
	assert.True(t, errors.Is(err, ErrDownloadTooLarge))
	assert.Equal(t, int64(MaxDownloadSize), n)
	assert.Less(t, z.n, int64(MaxDownloadSize+64<<10), "reading stops just past the cap")
}

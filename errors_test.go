package jiko

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidationErrorNamesTheFields(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	h.on("POST", path, status(422, fixture(t, "validation_error.json")))
	_, err := h.c.Pockets.Create(context.Background(), customerID, &PocketCreateRequest{PocketName: "x", DepositStrategyID: "UST-4W"})
	require.Error(t, err)
	assert.True(t, IsValidation(err))
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, 422, jerr.StatusCode)
	assert.Equal(t, "POST", jerr.Method)
	assert.Equal(t, path, jerr.Path)
	assert.Equal(t, h.last().Header.Get("X-Jiko-Idempotency"), jerr.IdempotencyKey)
	assert.Equal(t, []ValidationIssue{
		{Field: "pocket_name", Loc: []string{"body", "pocket_name"}, Msg: "field required", Type: "value_error.missing"},
		{Field: "limit", Loc: []string{"query", "limit"}, Msg: "ensure this value is less than or equal to 30", Type: "value_error.number.not_le"},
		{Field: "items.0.amount_usdc", Loc: []string{"body", "items", "0", "amount_usdc"}, Msg: "value is not a valid integer", Type: "type_error.integer"},
	}, jerr.Issues)
	assert.Equal(t, "pocket_name", jerr.Issues[0].Field)
	assert.Equal(t, "items.0.amount_usdc", jerr.Issues[2].Field)
	assert.Equal(t, "jiko: POST "+path+": 422 Unprocessable Entity: body.pocket_name: field required; "+
		"query.limit: ensure this value is less than or equal to 30; body.items.0.amount_usdc: value is not a valid integer", err.Error())
	assert.Equal(t, compactJSON(t, fixture(t, "validation_error.json")), compactJSON(t, string(jerr.Body)))
}

func TestProblemDetailError(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/" + pocketID + "/"
	h.on("PATCH", path, status(422, fixture(t, "problem_detail.json")))
	_, err := h.c.Pockets.Close(context.Background(), customerID, pocketID, ClosureReasonUserInstigated)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Equal(t, "Pocket must be empty to be closed", jerr.Detail)
	assert.Equal(t, "https://docs.jiko.io/errors/pocket-not-empty", jerr.Type)
	assert.Equal(t, path, jerr.Instance)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", jerr.TraceID)
	assert.Empty(t, jerr.Issues)
	assert.Equal(t, "jiko: PATCH "+path+": 422 Unprocessable Entity: Pocket must be empty to be closed (type https://docs.jiko.io/errors/pocket-not-empty) (trace id 4bf92f3577b34da6a3ce929d0e0e4736)", err.Error())
}

// A business refusal answers 422 with {"detail": "<text>"}, as the current
// reference and the API's answers show, where v1.29 declares every 422 as
// the [{loc, msg, type}] list: the error reads either, a text as Detail
// and a list as Issues, and is a validation error both ways.
func TestBusinessRefusalWithATextDetail(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/jiko-accounts/" + pocketID + "/ach-originating/"
	h.on("POST", path, status(422, `{"detail":"Insufficient funds: 1000 cents available"}`))
	_, err := h.c.ACH.Create(context.Background(), pocketID, &ACHCreateRequest{CounterpartyID: customerID, Direction: ACHCredit, AmountUSDC: 5000})
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.True(t, IsValidation(err))
	assert.Equal(t, "Insufficient funds: 1000 cents available", jerr.Detail)
	assert.Empty(t, jerr.Issues)
	assert.Equal(t, "jiko: POST "+path+": 422 Unprocessable Entity: Insufficient funds: 1000 cents available", err.Error())
}

func TestErrorBodyIsCappedAndNonJSONTolerated(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/x/", status(400, "<html>"+strings.Repeat("x", 10000)+"</html>"))
	_, err := h.c.Pockets.Get(context.Background(), "x", nil)
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assert.Len(t, jerr.Body, 4096)
	assert.Equal(t, "jiko: GET /api/v2/pockets/x/: 400 Bad Request", err.Error())
}

func TestErrorHelpers(t *testing.T) {
	mk := func(code int) error {
		return fmt.Errorf("wrapped: %w", &Error{StatusCode: code, Header: http.Header{}})
	}
	assert.True(t, IsNotFound(mk(404)))
	assert.False(t, IsNotFound(mk(422)))
	assert.True(t, IsValidation(mk(422)))
	assert.True(t, IsRateLimited(mk(429)))
	assert.True(t, IsUnauthorized(mk(401)))
	assert.False(t, IsUnauthorized(mk(403)))
	assert.True(t, IsForbidden(mk(403)))
	assert.False(t, IsNotFound(errors.New("plain")))
	assert.False(t, IsNotFound(nil))
}

func TestTransportErrorUnwraps(t *testing.T) {
	cause := errors.New("dial tcp: connection refused")
	err := &Error{Method: "GET", Path: "/p/", IdempotencyKey: "k", Attempts: 2, Err: cause}
	assert.ErrorIs(t, err, cause)
	assert.Equal(t, "jiko: GET /p/: no response after 2 attempt(s) (idempotency key k): dial tcp: connection refused", err.Error())
}

package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests check that what an error keeps of an answer to a request
// that carried a secret (a password, a PIN, a token, a webhook secret)
// holds none of it, however the error is printed.

// renderings prints v every way a partner might by accident: the fmt
// verbs, encoding/json, and a Debug line of slog's text and JSON handlers.
func renderings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	out["json"] = string(b)
	var text, js bytes.Buffer
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	slog.New(slog.NewTextHandler(&text, opts)).Debug("value", "v", v)
	slog.New(slog.NewJSONHandler(&js, opts)).Debug("value", "v", v)
	out["slog text"], out["slog json"] = text.String(), js.String()
	return out
}

// assertNoSecret fails when any rendering of v shows one of secrets.
func assertNoSecret(t *testing.T, v any, secrets ...string) {
	t.Helper()
	for how, s := range renderings(t, v) {
		for _, secret := range secrets {
			assert.NotContains(t, s, secret, "%s shows a secret: %s", how, s)
		}
	}
}

// assertErrorKeepsNoSecret checks a call's *Error and every rendering of
// it, its raw body included (printed as bytes by %+v).
func assertErrorKeepsNoSecret(t *testing.T, err error, secret string) *Error {
	t.Helper()
	var jerr *Error
	require.ErrorAs(t, err, &jerr)
	assertNoSecret(t, err, secret)
	assertNoSecret(t, jerr, secret)
	assert.NotContains(t, string(jerr.Body), secret)
	assert.NotContains(t, fmt.Sprint(jerr.Body), strings.Trim(fmt.Sprint([]byte(secret)), "[]"))
	return jerr
}

// echo answers status with a body and a header that repeat secret
// everywhere a validator or a gateway might.
func echo(code int, secret string) httpmock.Responder {
	body, _ := json.Marshal(map[string]any{
		"detail": []map[string]any{{
			"loc": []string{"body", secret}, "msg": "bad value " + secret, "type": "value_error." + secret,
		}},
		"type": "https://errors.example/" + secret, "instance": "/x/" + secret, "trace_id": "trace-" + secret,
	})
	return status(code, string(body), "X-Echo", "got "+secret)
}

// A login refused with a 422 whose issue locations echo the password
// keeps the field names and nothing of the password.
func TestALoginRefusalKeepsNoPassword(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(echo(422, testPassword))
	c, err := NewClient(WithBaseURL(testBase), WithCredentials(testUser, testPassword), WithSigningSecret(testSecret),
		WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	jerr := assertErrorKeepsNoSecret(t, c.Login(context.Background()), testPassword)
	require.Len(t, jerr.Issues, 1)
	assert.Equal(t, []string{"body", redacted}, jerr.Issues[0].Loc)
	assert.Equal(t, "got "+redacted, jerr.Header.Get("X-Echo"))
}

// An answer to Set Card PIN that echoes the PIN the API decrypted keeps
// none of it.
func TestSetPINKeepsNoPINFromTheAnswer(t *testing.T) {
	a, _ := testKeys(t)
	h, path := pinHarness(t, a)
	key := IdempotencyKeyFor("pin:card-1")
	require.NotContains(t, key, string(testPIN), "the key must not hold the PIN by chance")
	h.on("POST", path, echo(422, string(testPIN)))
	err := h.c.Cards.SetPIN(context.Background(), pocketID, cardID, &CardSetPINRequest{PIN: testPIN, PublicKey: &a.PublicKey},
		WithIdempotencyKey(key))
	jerr := assertErrorKeepsNoSecret(t, err, string(testPIN))
	assert.Equal(t, "value_error."+redacted, jerr.Issues[0].Type)
	assert.Equal(t, "trace-"+redacted, jerr.TraceID)
}

// An answer that echoes the bearer token keeps none of it.
func TestAnAnswerEchoingTheTokenKeepsNoToken(t *testing.T) {
	h := newHarness(t)
	require.NoError(t, h.c.Login(context.Background()))
	const token = "tok-1" // the harness's first token
	h.on("GET", getPocketPath, echo(403, token))
	_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
	assertErrorKeepsNoSecret(t, err, token)
	assert.Equal(t, "Bearer "+token, h.last().Header.Get("Authorization"), "the token the answer echoed")
}

// A subscription's shared secret echoed in an issue's location is
// scrubbed, on Create and on Update.
func TestASubscriptionSecretInALocationIsScrubbed(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/subscriptions/", echo(422, webhookSecret))
	h.on("PATCH", "/api/v1/subscriptions/"+subscriptionID+"/", echo(422, webhookSecret))
	req := &SubscriptionCreateRequest{Events: []EventName{EventACHInSuccess}, URL: "https://example.com/h", SharedSecret: webhookSecret}
	_, err := h.c.Subscriptions.Create(context.Background(), req)
	assertErrorKeepsNoSecret(t, err, webhookSecret)
	_, err = h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{SharedSecret: Set(webhookSecret)})
	assertErrorKeepsNoSecret(t, err, webhookSecret)
}

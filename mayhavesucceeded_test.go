package jiko

import (
	"context"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A read never says it may have taken effect: not on a lost answer, not on
// a 5xx, not on an answer it cannot decode, not with a caller's key.
func TestAReadNeverSaysItMayHaveTakenEffect(t *testing.T) {
	key := WithIdempotencyKey(IdempotencyKeyFor("read"))
	for name, answer := range map[string]httpmock.Responder{
		"dropped":     dropped,
		"502":         status(502, `{"detail":"bad gateway"}`),
		"503":         status(503, `{"detail":"unavailable"}`),
		"undecodable": status(200, `{"id": 5}`),
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, WithMaxRetries(0))
			h.on("GET", getPocketPath, answer)
			_, err := h.c.Pockets.Get(context.Background(), pocketID, nil, key)
			var jerr *Error
			require.ErrorAs(t, err, &jerr)
			assert.False(t, jerr.MayHaveSucceeded)
			assert.False(t, MayHaveSucceeded(err))
			assert.NotContains(t, err.Error(), "may have taken effect")
		})
	}
}

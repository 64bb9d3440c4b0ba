package jiko

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An answer whose list envelope does not match the list's kind ends the
// walk with an error naming the operation, never silently.
func TestListEnvelopesAreChecked(t *testing.T) {
	ctx := context.Background()
	const strategies = "/api/v2/trading-strategies/"
	for name, answer := range map[string]string{
		"no count": `{"items":[{"id":"UST-4W"}],"offset":0,"object_type":"List"}`,
		"no items": `{"offset":0,"count":1,"object_type":"List"}`,
		"an array": `[{"id":"UST-4W"}]`,
	} {
		t.Run("offset "+name, func(t *testing.T) {
			h := newHarness(t)
			h.on("GET", strategies, status(200, answer))
			_, err := h.c.Strategies.List(ctx).Collect()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "jiko: GET "+strategies+": unusable 200 response")
			assert.Contains(t, err.Error(), "jiko: list: ")
		})
	}
	pockets := "/api/v2/pockets/"
	for name, answer := range map[string]string{
		"no items":  `{"next_page":null,"prev_page":null,"object_type":"CursorList"}`,
		"an array":  `[]`,
		"a string":  `"items"`,
		"items odd": `{"items":{"id":"x"}}`,
	} {
		t.Run("cursor "+name, func(t *testing.T) {
			h := newHarness(t)
			h.on("GET", pockets, status(200, answer))
			_, err := h.c.Pockets.List(ctx, nil).Collect()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "jiko: GET "+pockets+": unusable 200 response")
		})
	}
	h := newHarness(t)
	h.on("GET", pockets, status(200, `{"items":[],"next_page":null,"prev_page":null,"object_type":"CursorList"}`))
	got, err := h.c.Pockets.List(ctx, nil).Collect()
	require.NoError(t, err, "an empty page is a page")
	assert.Empty(t, got)
}

// The Cards list's example shows an offset List where its schema declares
// a CursorList: both are walked to their end.
func TestCardsListWalksBothEnvelopes(t *testing.T) {
	ctx := context.Background()
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/"
	card := func(id string) string {
		return `{"card_id":"` + id + `","name":"Card","status":"OPEN","type":"VIRTUAL"}`
	}

	h := newHarness(t)
	h.on("GET", path,
		status(200, `{"offset":0,"count":3,"items":[`+card("c1")+`,`+card("c2")+`],"object_type":"List"}`),
		status(200, `{"offset":2,"count":3,"items":[`+card("c3")+`],"object_type":"List"}`))
	cards, err := h.c.Cards.ListForPocket(ctx, pocketID, &CardListParams{Limit: 2}).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 3)
	assert.Equal(t, "c3", cards[2].CardID)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "limit=2", reqs[0].Query)
	assert.Equal(t, "limit=2&offset=2", reqs[1].Query, "an offset List goes on by offset")

	h = newHarness(t)
	h.on("GET", path,
		status(200, `{"items":[`+card("c1")+`],"next_page":"n2","prev_page":null,"object_type":"CursorList"}`),
		status(200, `{"items":[`+card("c2")+`],"next_page":null,"prev_page":"n1","object_type":"CursorList"}`))
	cards, err = h.c.Cards.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, cards, 2)
	reqs = h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "", reqs[0].Query)
	assert.Equal(t, "cursor=n2", reqs[1].Query)

	// An offset answer that makes no progress ends the walk.
	h = newHarness(t)
	h.on("GET", path, status(200, `{"offset":0,"count":5,"items":[],"object_type":"List"}`))
	cards, err = h.c.Cards.ListForPocket(ctx, pocketID, nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, cards)
	assert.Len(t, h.requests(), 1)
}

// The Cards list's two envelopes are both the contract's: neither is
// drift.
func TestCardsListEnvelopesAreNotDrift(t *testing.T) {
	var got []Drift
	h := newHarness(t, WithDriftHandler(func(_ context.Context, d Drift) { got = append(got, d) }))
	path := "/api/v1/jiko-accounts/" + pocketID + "/cards/"
	h.on("GET", path,
		status(200, `{"offset":0,"count":1,"items":[{"card_id":"c1","name":"Card","status":"OPEN","type":"VIRTUAL","colour":"blue"}],"object_type":"List"}`))
	_, err := h.c.Cards.ListForPocket(context.Background(), pocketID, nil).Collect()
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "items[0].colour", got[0].Path, "only the card's own unknown member")
	assert.Equal(t, "GET /api/v1/jiko-accounts/{account_id}/cards/", got[0].Operation)
}

package jiko

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCursorIterCrossesAnEmptyPageWithANextToken(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/",
		status(200, `{"items":[{"id":"a"},{"id":"b"}],"next_page":"t1","prev_page":null,"object_type":"CursorList"}`),
		status(200, `{"items":[],"next_page":"t2","prev_page":"t0","object_type":"CursorList"}`),
		status(200, `{"items":[{"id":"c"}],"next_page":null,"prev_page":"t1","object_type":"CursorList"}`))
	params := &PocketListParams{Limit: 2, Status: []PocketStatus{PocketStatusOpen}}
	var ids []string
	for p, err := range h.c.Pockets.List(context.Background(), params).All() {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"a", "b", "c"}, ids)
	reqs := h.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "filter%5Bstatus%5D=OPEN&limit=2", reqs[0].Query)
	assert.Equal(t, "cursor=t1&filter%5Bstatus%5D=OPEN&limit=2", reqs[1].Query)
	assert.Equal(t, "cursor=t2&filter%5Bstatus%5D=OPEN&limit=2", reqs[2].Query)
	assert.Empty(t, params.Cursor, "the caller's params are not modified")
}

func TestCursorIterKeyOnlyOnFirstPage(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/",
		status(200, `{"items":[{"id":"a"}],"next_page":"t1"}`),
		status(200, `{"items":[{"id":"b"}],"next_page":null}`))
	key := IdempotencyKeyFor("listing")
	_, err := h.c.Pockets.List(context.Background(), nil, WithIdempotencyKey(key)).Collect()
	require.NoError(t, err)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, key, reqs[0].Header.Get("X-Jiko-Idempotency"))
	assert.NotEqual(t, key, reqs[1].Header.Get("X-Jiko-Idempotency"))
}

func TestCursorIterStopsWhenTheLoopBreaks(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/", status(200, `{"items":[{"id":"a"},{"id":"b"}],"next_page":"more"}`))
	n := 0
	for _, err := range h.c.Pockets.List(context.Background(), nil).All() {
		require.NoError(t, err)
		n++
		break
	}
	assert.Equal(t, 1, n)
	assert.Len(t, h.requests(), 1, "no page is fetched past the break")
}

func TestCursorIterStopsOnFirstError(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/",
		status(200, `{"items":[{"id":"a"}],"next_page":"t1"}`),
		status(404, `{"detail":"Not found"}`),
		status(200, `{"items":[{"id":"never"}]}`))
	var ids []string
	var errs []error
	for p, err := range h.c.Pockets.List(context.Background(), nil).All() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"a"}, ids)
	require.Len(t, errs, 1)
	assert.True(t, IsNotFound(errs[0]))
	assert.Len(t, h.requests(), 2)
}

func TestCursorIterRefusesARepeatedCursor(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/",
		status(200, `{"items":[{"id":"a"}],"next_page":"t1"}`),
		status(200, `{"items":[{"id":"b"}],"next_page":"t2"}`),
		status(200, `{"items":[{"id":"c"}],"next_page":"t1"}`))
	ids, err := h.c.Pockets.List(context.Background(), nil).Collect()
	assert.EqualError(t, err, `jiko: list: the API returned cursor "t1" twice; stopping`)
	assert.Len(t, ids, 3)
	assert.Len(t, h.requests(), 3)
}

func TestCursorIterStopsWhenContextIsDone(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/", status(200, `{"items":[{"id":"a"}],"next_page":"t1"}`))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	var lastErr error
	for p, err := range h.c.Pockets.List(ctx, nil).All() {
		if err != nil {
			lastErr = err
			break
		}
		got = append(got, p.ID)
		cancel()
	}
	assert.Equal(t, []string{"a"}, got)
	assert.ErrorIs(t, lastErr, context.Canceled)
	assert.Len(t, h.requests(), 1)
}

func TestCursorIterPagesAndRestart(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/", status(200, `{"items":[{"id":"a"}],"next_page":null,"prev_page":null}`))
	it := h.c.Pockets.List(context.Background(), &PocketListParams{Cursor: "start"})
	for range 2 {
		n := 0
		for page, err := range it.Pages() {
			require.NoError(t, err)
			assert.Len(t, page.Items, 1)
			n++
		}
		assert.Equal(t, 1, n)
	}
	for _, r := range h.requests() {
		assert.Equal(t, "cursor=start", r.Query, "each run starts from the caller's cursor")
	}
}

func TestOffsetIterFollowsOffsets(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/trading-strategies/",
		status(200, `{"offset":0,"count":5,"items":[{"id":"UST-4W"},{"id":"UST-13W"}]}`),
		status(200, `{"offset":2,"count":5,"items":[{"id":"UST-26W"},{"id":"UST-52W"}]}`),
		status(200, `{"offset":4,"count":5,"items":[{"id":"UST-1W"}]}`))
	var ids []StrategyID
	for s, err := range h.c.Strategies.List(context.Background()).All() {
		require.NoError(t, err)
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []StrategyID{"UST-4W", "UST-13W", "UST-26W", "UST-52W", "UST-1W"}, ids)
	reqs := h.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, []string{"", "offset=2", "offset=4"}, []string{reqs[0].Query, reqs[1].Query, reqs[2].Query})
}

func TestOffsetIterStopsOnAnEmptyOrStuckPage(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/trading-strategies/",
		status(200, `{"offset":0,"count":10,"items":[{"id":"a"}]}`),
		status(200, `{"offset":1,"count":10,"items":[]}`))
	ids := 0
	for _, err := range h.c.Strategies.List(context.Background()).All() {
		require.NoError(t, err)
		ids++
	}
	assert.Equal(t, 1, ids)
	assert.Len(t, h.requests(), 2)
}

func TestASecondIterationUsesAFreshKeyForItsFirstPage(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/pockets/", status(200, `{"items":[{"id":"a"}],"next_page":null}`))
	key := IdempotencyKeyFor("listing-twice")
	it := h.c.Pockets.List(context.Background(), nil, WithIdempotencyKey(key))
	_, err := it.Collect()
	require.NoError(t, err)
	_, err = it.Collect()
	require.NoError(t, err)
	reqs := h.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, key, reqs[0].Header.Get("X-Jiko-Idempotency"))
	assert.NotEqual(t, key, reqs[1].Header.Get("X-Jiko-Idempotency"), "the caller's key names one request")
}

func TestOffsetIterRefusesAnOffsetItDidNotAskFor(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v2/trading-strategies/",
		status(200, `{"items":[{"id":"UST-4W"},{"id":"UST-13W"}],"offset":0,"count":4,"object_type":"List"}`),
		status(200, `{"items":[{"id":"UST-4W"},{"id":"UST-13W"}],"offset":0,"count":4,"object_type":"List"}`))
	got, err := h.c.Strategies.List(context.Background()).Collect()
	assert.Len(t, got, 2)
	assert.EqualError(t, err, "jiko: list: asked for offset 2, the API answered offset 0; stopping")
	assert.Equal(t, "offset=2", h.last().Query)
}

func TestCursorLoopCheckRemembersOnlyRecentCursors(t *testing.T) {
	var r cursorRing
	for i := range 1000 {
		r.add(string(rune('a' + i%26)))
	}
	assert.True(t, r.has("z"))
	assert.Len(t, r.items, 16, "memory is fixed whatever the walk's length")
	var fresh cursorRing
	assert.False(t, fresh.has(""))
}

func TestCursorPageRoundTripsNullCursors(t *testing.T) {
	in := `{"items":[{"id":"a"}],"next_page":null,"prev_page":"p1","object_type":"CursorList"}`
	var page CursorPage[struct {
		ID string `json:"id"`
	}]
	require.NoError(t, json.Unmarshal([]byte(in), &page))
	out, err := json.Marshal(page)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

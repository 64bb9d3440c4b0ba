package jiko

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaiterLogsInItselfWhenTheLeaderGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.loginDelay = time.Second
		h.on("GET", "/api/v2/pockets/"+pocketID+"/", status(200, fixture(t, "pocket.json")))
		leaderCtx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		leaderErr := make(chan error, 1)
		go func() { leaderErr <- h.c.Login(leaderCtx) }()
		synctest.Wait() // the leader's login is under way
		_, err := h.c.Pockets.Get(context.Background(), pocketID, nil)
		require.NoError(t, err, "the waiter logs in after the leader's context ends")
		assert.ErrorIs(t, <-leaderErr, context.DeadlineExceeded)
		assert.EqualValues(t, 2, h.logins.Load())
	})
}

func TestListForCustomerPage(t *testing.T) {
	h := newHarness(t)
	path := "/api/v2/customers/" + customerID + "/pockets/"
	h.on("GET", path, status(200, `{"items":[{"id":"p1"}],"next_page":"n1","prev_page":null}`))
	page, err := h.c.Pockets.ListForCustomerPage(context.Background(), customerID, &PocketListParams{Cursor: "n0", Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, "n1", page.NextPage)
	assert.True(t, page.HasMore())
	assert.Equal(t, "cursor=n0&limit=1", h.last().Query)
	_, err = h.c.Pockets.ListForCustomerPage(context.Background(), "", nil)
	assert.EqualError(t, err, "jiko: customer_id: is empty")
}

func TestNilContextIsAnErrorNotAPanic(t *testing.T) {
	h := newHarness(t)
	//lint:ignore SA1012 a nil context is the bad input under test
	_, err := h.c.Pockets.Get(nil, pocketID, nil)
	assert.EqualError(t, err, "jiko: ctx: is nil")
	//lint:ignore SA1012 a nil context is the bad input under test
	_, err = h.c.Pockets.List(nil, nil).Collect()
	assert.EqualError(t, err, "jiko: ctx: is nil")
	//lint:ignore SA1012 a nil context is the bad input under test
	_, err = h.c.Strategies.List(nil).Collect()
	assert.EqualError(t, err, "jiko: ctx: is nil")
	assert.Empty(t, h.requests())
}

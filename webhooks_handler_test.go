package jiko

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookHandlerPrintsNoSecret(t *testing.T) {
	const rotated = "whsec-rotated-out-9876543210"
	h := WebhookHandler(webhookSecret, func(context.Context, *Event) error { return nil },
		WithWebhookSecrets(rotated), WithWebhookLogger(slog.New(slog.DiscardHandler)))
	assertNoSecret(t, h, webhookSecret, rotated)
	var asHandler http.Handler = h
	assertNoSecret(t, asHandler, webhookSecret, rotated)
	// Held in a partner's own struct, where fmt cannot call its methods.
	type server struct {
		hook http.Handler
	}
	assertNoSecret(t, server{hook: h}, webhookSecret, rotated)
	assert.Equal(t, "jiko.WebhookReceiver{2 secret(s) hidden}", fmt.Sprint(h))
	// It still verifies with both.
	assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), rotated).Code)
}

// useDefaultLogger makes slog.Default write to the returned buffer for the
// rest of the test.
func useDefaultLogger(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return &buf
}

// A wrong secret is visible without any option: refusals are counted and
// logged through slog.Default, at most once a minute, with the number
// refused since the last line.
func TestWebhookHandlerReportsRefusedSignaturesByDefault(t *testing.T) {
	logs := useDefaultLogger(t)
	h := WebhookHandler("not-the-subscription-secret", func(context.Context, *Event) error {
		t.Error("a refused delivery reached the function")
		return nil
	})
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h.now = func() time.Time { return now }
	refuse := func(n int) {
		for range n {
			require.Equal(t, http.StatusUnauthorized, post(h, []byte(approvedBody), webhookSecret).Code)
		}
	}
	lines := func() []string { return strings.Split(strings.TrimSpace(logs.String()), "\n") }

	refuse(3)
	require.Len(t, lines(), 1, "the first refusal is logged at once, the next ones wait")
	assert.Regexp(t, `level=WARN msg="jiko webhook: invalid signature: .*" refused=1 refused_total=1$`, lines()[0])
	assert.Equal(t, WebhookStats{Refused: 3}, h.Stats())

	now = now.Add(59 * time.Second)
	refuse(1)
	assert.Len(t, lines(), 1, "still within the minute")

	now = now.Add(time.Second)
	refuse(1)
	require.Len(t, lines(), 2)
	assert.Regexp(t, `refused=4 refused_total=5$`, lines()[1], "the count since the last line")
	assert.Equal(t, uint64(5), h.Stats().Refused)
	assert.NotContains(t, logs.String(), webhookSecret)
	assert.NotContains(t, logs.String(), SignWebhook([]byte(approvedBody), webhookSecret))
}

// A redelivered event reaches the function once by default; a nil
// deduplicator turns that off.
func TestWebhookHandlerDeduplicatesByDefault(t *testing.T) {
	calls := 0
	fn := func(context.Context, *Event) error { calls++; return nil }
	h := WebhookHandler(webhookSecret, fn)
	for range 3 {
		assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), webhookSecret).Code)
	}
	assert.Equal(t, 1, calls)
	assert.Equal(t, WebhookStats{Duplicates: 2}, h.Stats())
	mem, ok := h.cfg.dedup.(*MemoryDeduplicator)
	require.True(t, ok, "%T", h.cfg.dedup)
	assert.Equal(t, DefaultDeduplicatorCapacity, mem.capacity, "bounded")

	for _, off := range []WebhookDeduplicator{nil, (*MemoryDeduplicator)(nil)} {
		calls = 0
		h = WebhookHandler(webhookSecret, fn, WithWebhookDeduplicator(off))
		for range 2 {
			assert.Equal(t, http.StatusOK, post(h, []byte(approvedBody), webhookSecret).Code)
		}
		assert.Equal(t, 2, calls, "deduplication off: %#v", off)
		assert.Zero(t, h.Stats().Duplicates)
	}
}

package jikoinbox_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// poisonCase is a signed event that a column of the inbox table could
// not hold as it came.
type poisonCase struct {
	name, id, typ string
	payload       string // the payload member's JSON
	timestamp     string // t0 when empty
}

func poisonCases() []poisonCase {
	ach := `{"jiko_account_id":"8a7ec6c0-2701-40a1-8954-68870964b50d"}`
	// Over PostgreSQL's btree limit (2704 bytes), even compressed.
	long := incompressible(3000)
	nulID := "ev-\x00-1"
	sum := sha256.Sum256([]byte(nulID))
	return []poisonCase{
		{"a NUL in the payload", "ev-nul-payload", "partner.note", `{"note":"a\u0000b"}`, ""},
		{"a NUL in a known payload", "ev-nul-ach", string(jiko.EventACHInSuccess), `{"jiko_account_id":"8a7e\u0000c6c0"}`, ""},
		{"a NUL in the id", nulID, string(jiko.EventACHInSuccess), ach, ""},
		{"a NUL in the type", "ev-nul-type", "transfers.\x00", `{}`, ""},
		{"an id over the index's limit", long, string(jiko.EventACHInSuccess), ach, ""},
		{"an id of 100 kB", incompressible(100_000), string(jiko.EventACHInSuccess), ach, ""},
		{"a long id that shares the first 3000 bytes", long + "z", string(jiko.EventACHInSuccess), ach, ""},
		{"an id that is another's stored hash", "sha256:" + hex.EncodeToString(sum[:]), string(jiko.EventACHInSuccess), ach, ""},
		{"a type of 3000 bytes", "ev-long-type", incompressible(3000), `{}`, ""},
		{"a timestamp past the year 9999 in UTC", "ev-late", string(jiko.EventACHInSuccess), ach, "9999-12-31T23:59:59-01:00"},
		{"a timestamp that is not a time", "ev-no-time", string(jiko.EventACHInSuccess), ach, "not a time"},
	}
}

// incompressible returns n bytes of letters and digits that do not
// compress, the same in every run.
func incompressible(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	rng := rand.New(rand.NewPCG(uint64(n), 25))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// body is the case's delivery, as Jiko sends it.
func (c poisonCase) body(t *testing.T) []byte {
	q := func(s string) string {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		return string(b)
	}
	ts := c.timestamp
	if ts == "" {
		ts = t0.Format(time.RFC3339Nano)
	}
	return fmt.Appendf(nil, `{"event_id":%s,"event_type":%s,"timestamp":%s,"payload":%s}`,
		q(c.id), q(c.typ), q(ts), c.payload)
}

// TestNoSignedEventIsAPoisonMessage delivers, three times each, signed
// events whose id, type or payload no column could hold as it came: each
// is answered 200 every time and its effect runs exactly once, and the
// table reads back the stored id and type and the payload as it came.
func TestNoSignedEventIsAPoisonMessage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db, ib, _ := open(t, e, jikoinbox.WithPayload())
		// The ledger's event_id is a TEXT column too: it gets the stored id.
		q := creditSQL(e)
		h := ib.Handler(secret, func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			_, err := tx.ExecContext(ctx, q, jikoinbox.StoredID(ev.ID), "account")
			return err
		})
		cases := poisonCases()
		want := map[string]int{}
		for _, c := range cases {
			body := c.body(t)
			for i := range 3 {
				req := httptest.NewRequest(http.MethodPost, "/webhooks/jiko", bytes.NewReader(body))
				req.Header.Set(jiko.WebhookSignatureHeader, jiko.SignWebhook(body, secret))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				assert.Equal(t, http.StatusOK, rec.Code, "%s, delivery %d: %s", c.name, i+1, rec.Body)
			}
			want[jikoinbox.StoredID(c.id)] = 1
		}
		assert.Equal(t, want, credits(t, db), "every event's effect ran exactly once")

		recs := map[string]jikoinbox.Record{}
		for _, r := range list(t, ib, t0.AddDate(-1, 0, 0)) {
			recs[r.EventID] = r
		}
		require.Equal(t, len(cases), len(recs), "one record per event")
		for _, c := range cases {
			r, ok := recs[jikoinbox.StoredID(c.id)]
			if !assert.True(t, ok, c.name) {
				continue
			}
			assert.Equal(t, jiko.EventName(jikoinbox.StoredID(c.typ)), r.EventType, c.name)
			wantTime := t0.Truncate(time.Microsecond)
			if c.timestamp != "" {
				wantTime = time.Time{} // not a time, or not one every dialect stores
			}
			assert.Equal(t, wantTime, r.EventTime, c.name)
			ev, err := jiko.ParseWebhook(c.body(t))
			require.NoError(t, err)
			came, err := json.Marshal(ev)
			require.NoError(t, err)
			assert.Equal(t, string(came), string(r.Payload), "%s: the payload as it came", c.name)
		}
	})
}

func TestStoredID(t *testing.T) {
	hashed := regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	for _, id := range []string{"00000000-0000-4000-8000-000000000001", "ev-1", "", strings.Repeat("é", 127) + "a", "sha256"} {
		assert.Equal(t, id, jikoinbox.StoredID(id), "%q is stored as it is", id)
	}
	ids := []string{strings.Repeat("a", 256), strings.Repeat("a", 257), "a\x00", "a\xff", "sha256:", "sha256:abc"}
	seen := map[string]string{}
	for _, id := range ids {
		got := jikoinbox.StoredID(id)
		assert.Regexp(t, hashed, got, "%q is hashed", id)
		sum := sha256.Sum256([]byte(id))
		assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), got)
		assert.NotContains(t, seen, got, "%q and %q", id, seen[got])
		seen[got] = id
	}
	assert.Equal(t, strings.Repeat("a", 255), jikoinbox.StoredID(strings.Repeat("a", 255)), "255 bytes fit")
	// An id that is another's hash is hashed in turn: two keys.
	h := jikoinbox.StoredID("a\x00")
	assert.NotEqual(t, h, jikoinbox.StoredID(h))
}

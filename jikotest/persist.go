package jikotest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jiko-go/jiko"
)

// A snapshot is the server's data as JSON: every resource (customers,
// Pockets, the ledger, counterparties, portals, cards and card orders,
// applications and documents, transfers, subscriptions, events and their
// delivery attempts, T-bill books, statements, reports), the tokens issued,
// the idempotency keys with their stored answers and the counters. It is
// neither the server's configuration (the credentials, the clock, the
// options and the injected faults stay those of the server that restores
// it) nor its log of requests ([Server.Requests]), which goes on.
//
// Its layout is a file format, named by snapshotFormat: each resource has
// a snapshot type of its own beside it (snapshot_*.go), with the functions
// that turn its state into the snapshot and back. A field the state gains
// is written only once its snapshot maps it; the test of the mapped fields
// (snapshot_fields_internal_test.go) fails until it does, or says why it
// is left out. A layout change that an older file cannot be read by bumps
// the version.

// snapshotFormat names the layout of a snapshot, so that another is
// refused rather than misread.
const snapshotFormat = "jikotest-state/2"

// retiredFormats are the layouts an earlier jikotest wrote, which this one
// no longer reads.
var retiredFormats = map[string]bool{"jikotest-state/1": true}

// snapshotFile is the top level of a snapshot.
type snapshotFile struct {
	Format string         `json:"format"`
	Server serverSnapshot `json:"server"`
	State  stateSnapshot  `json:"state"`
}

// serverSnapshot is the data the Server itself holds beside its state.
type serverSnapshot struct {
	// Tokens are the access tokens issued, with their expiry.
	Tokens map[string]time.Time `json:"tokens"`
	// Idempotency holds the keys whose first request has an answer; a key
	// still running when the snapshot was taken is left out (a resend runs
	// it).
	Idempotency map[string]idemSnapshot `json:"idempotency"`
	// Swept is when the idempotency keys were last rid of their expired
	// ones.
	Swept   time.Time `json:"swept"`
	Logins  int       `json:"logins"`
	Effects int       `json:"side_effects"`
}

// idemSnapshot is an idemEntry with its stored answer.
type idemSnapshot struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query"`
	// BodySum is the SHA-256 of the first request's body, in hex.
	BodySum  string         `json:"body_sha256"`
	At       time.Time      `json:"at"`
	Response storedSnapshot `json:"response"`
}

// storedSnapshot is a stored answer.
type storedSnapshot struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// Snapshot returns the server's data as JSON, for [Server.Restore] on this
// server or another: a test saves a state and comes back to it, and a
// served fake (jiko serve --data) survives a restart. The operations
// running while it is taken are either in it or not, each as a whole; a
// webhook delivery waiting for its next retry is in it, and goes on in the
// server that restores it.
func (s *Server) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.state.snapshot()
	if err != nil {
		return nil, fmt.Errorf("jikotest: snapshot: %w", err)
	}
	return json.Marshal(snapshotFile{Format: snapshotFormat, Server: s.serverSnapshot(), State: st})
}

func (s *Server) serverSnapshot() serverSnapshot {
	idem := make(map[string]idemSnapshot, len(s.idem))
	for key, e := range s.idem {
		if e.resp == nil {
			continue // still running: a resend runs it
		}
		idem[key] = idemSnapshot{
			Method: e.method, Path: e.path, Query: e.query, BodySum: hex.EncodeToString(e.bodySum[:]), At: e.at,
			Response: storedSnapshot{Status: e.resp.status, Header: e.resp.header, Body: e.resp.body},
		}
	}
	return serverSnapshot{Tokens: s.tokens, Idempotency: idem, Swept: s.swept, Logins: s.logins, Effects: s.effects}
}

// idemEntries returns the stored idempotency keys, each done.
func (p serverSnapshot) idemEntries() (map[string]*idemEntry, error) {
	done := make(chan struct{})
	close(done)
	out := make(map[string]*idemEntry, len(p.Idempotency))
	for key, e := range p.Idempotency {
		sum, err := hex.DecodeString(e.BodySum)
		if err != nil || len(sum) != 32 {
			return nil, fmt.Errorf("server.idempotency[%q].body_sha256: not a SHA-256 in hex", key)
		}
		entry := &idemEntry{method: e.Method, path: e.Path, query: e.Query, at: e.At, done: done,
			resp: &stored{status: e.Response.Status, header: e.Response.Header, body: e.Response.Body}}
		copy(entry.bodySum[:], sum)
		out[key] = entry
	}
	return out, nil
}

// Restore replaces the server's data with a snapshot taken by
// [Server.Snapshot], of this server or another: it answers as the
// snapshotted server did, but with its own credentials, clock and faults.
// Tokens issued by the other server work here too, and the webhook
// deliveries that were waiting for a retry are retried here. A snapshot
// of another format (such as jikotest-state/1, written by an earlier
// jikotest) or one it cannot read leaves the data as it was and returns an
// error. Webhook deliveries under way go on, against the data they started
// with: one waiting for a retry both here and in the snapshot is retried
// twice, as a webhook may be.
func (s *Server) Restore(snapshot []byte) error {
	f, err := readSnapshot(snapshot)
	if err != nil {
		return fmt.Errorf("jikotest: restore: %w", err)
	}
	fresh, restored, err := f.State.restore()
	if err != nil {
		return fmt.Errorf("jikotest: restore: %w", err)
	}
	idem, err := f.Server.idemEntries()
	if err != nil {
		return fmt.Errorf("jikotest: restore: %w", err)
	}
	tokens := f.Server.Tokens
	if tokens == nil {
		tokens = map[string]time.Time{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	own := s.state.delivery
	if own.pending > 0 {
		// The deliveries under way go on against the events they started
		// with, and record their attempts there: those records stay,
		// though no event of the restored data names them.
		for e, rec := range own.records {
			fresh.delivery.records[e] = rec
		}
	}
	own.records = fresh.delivery.records
	fresh.delivery.stop() // a stand-in: the server keeps its own
	fresh.delivery, fresh.events.notify = own, s.state.events.notify
	s.state = fresh
	s.tokens, s.idem, s.swept = tokens, idem, f.Server.Swept
	s.logins, s.effects = f.Server.Logins, f.Server.Effects
	restored.adopt(s)
	return nil
}

// readSnapshot decodes a snapshot of the current format, refusing others
// and members it does not know.
func readSnapshot(snapshot []byte) (snapshotFile, error) {
	var head struct {
		Format *string `json:"format"`
	}
	if err := json.Unmarshal(snapshot, &head); err != nil {
		return snapshotFile{}, err
	}
	switch {
	case head.Format == nil:
		return snapshotFile{}, errors.New(`not a jikotest snapshot: it has no "format"`)
	case retiredFormats[*head.Format]:
		return snapshotFile{}, fmt.Errorf("format %q was written by an earlier jikotest, which this one no longer reads (it reads %q)", *head.Format, snapshotFormat)
	case *head.Format != snapshotFormat:
		return snapshotFile{}, fmt.Errorf("format %q, want %q", *head.Format, snapshotFormat)
	}
	var f snapshotFile
	dec := json.NewDecoder(bytes.NewReader(snapshot))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return snapshotFile{}, err
	}
	return f, nil
}

// snapshotMap returns the snapshot of each value of m, nil for nil.
func snapshotMap[K comparable, V, S any](m map[K]V, snap func(V) S) map[K]S {
	if m == nil {
		return nil
	}
	out := make(map[K]S, len(m))
	for k, v := range m {
		out[k] = snap(v)
	}
	return out
}

// restoreMap fills into, a new state's map, with the restored values of m
// and returns it.
func restoreMap[K comparable, V, S any](into map[K]V, m map[K]S, restore func(S) V) map[K]V {
	for k, v := range m {
		into[k] = restore(v)
	}
	return into
}

// missing is the error of a snapshot that names what it does not hold.
func missing(at, what, id string) error {
	return fmt.Errorf("%s: no %s %q in the snapshot", at, what, id)
}

// snapshotDate writes a date as "2006-01-02", "" for the zero date and
// the text as it came for one that is not valid: what restoreDate reads
// back as the same Date.
func snapshotDate(d jiko.Date) string { return d.Raw() }

func restoreDate(s string) jiko.Date {
	var d jiko.Date
	_ = d.UnmarshalText([]byte(s)) // never fails: a bad text is kept as it came
	return d
}

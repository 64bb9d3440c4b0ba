package jikoinbox

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jiko-go/jiko"
)

// hashedPrefix begins an event id or type that the inbox table holds as
// its hash (see StoredID).
const hashedPrefix = "sha256:"

// maxStoredLen is the length, in bytes, of the longest event id or type
// that the inbox table holds as it is (see StoredID).
const maxStoredLen = 255

// StoredID returns an event's id as the event_id column holds it, and so
// as [Record.EventID] reads it: the id itself, or, for an id that a
// column could not hold as it is, "sha256:" and the hex SHA-256 of the
// id. An id is hashed when it is longer than 255 bytes
// (PostgreSQL's index refuses a key over about 2.7 kB, MySQL's column
// holds 255 bytes), holds a NUL or is not UTF-8 (PostgreSQL's text
// refuses both), or begins with "sha256:" itself, so that no id is
// stored as another's hash: distinct ids stay distinct keys (barring a
// SHA-256 collision), and every signed event can be claimed. Jiko's ids,
// UUIDs, are stored as they are. The event_type column holds the type the
// same way. With [WithPayload], the payload keeps the id and type as they
// came.
func StoredID(id string) string {
	if len(id) <= maxStoredLen && !strings.HasPrefix(id, hashedPrefix) &&
		strings.IndexByte(id, 0) < 0 && utf8.ValidString(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return hashedPrefix + hex.EncodeToString(sum[:])
}

// eventTime is the event_time an event is recorded with: its timestamp,
// or the zero time for one the SDK could not parse or outside years 1 to
// 9999 in UTC, which not every dialect stores (the payload, when stored,
// keeps the text as it came).
func eventTime(ev *jiko.Event) time.Time {
	t := ev.Timestamp.Time.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}
	}
	return t
}

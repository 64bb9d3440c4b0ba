package jikooutbox

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPlaceholdersAndArguments: statements are written with $n; for
// SQLite and MySQL each becomes ? and the arguments follow, repeated.
func TestPlaceholdersAndArguments(t *testing.T) {
	s := MySQL.stmt("a = $3 AND b = $1 AND c = $3")
	assert.Equal(t, "a = ? AND b = ? AND c = ?", s.text)
	assert.Equal(t, []any{"three", "one", "three"}, s.args("one", "two", "three", "four"))
	p := Postgres.stmt("a = $3 AND b = $1 AND c = $3")
	assert.Equal(t, "a = $3 AND b = $1 AND c = $3", p.text)
	assert.Equal(t, []any{"one", "two", "three"}, p.args("one", "two", "three", "four"), "up to the highest")
}

// TestTheClaimOfEachDialect: the claim leases the due intents it picks,
// with SKIP LOCKED where the engine has row locks, and returns them where
// the engine can.
func TestTheClaimOfEachDialect(t *testing.T) {
	const due = "state IN ('pending', 'uncertain') AND next_at <= %s AND (lease_until IS NULL OR lease_until <= %s) ORDER BY next_at, id LIMIT %s"
	set := "SET lease_token = %s, lease_until = %s, updated_at = %s, first_sent_at = COALESCE(first_sent_at, %s)"
	pg := Postgres.statements("t").claim
	assert.Equal(t, `UPDATE "t" `+fmtPH(set, "$1", "$2", "$3", "$3")+` WHERE id IN (SELECT id FROM "t" WHERE `+
		fmtPH(due, "$3", "$3", "$4")+` FOR UPDATE SKIP LOCKED) RETURNING `+columns, pg.text)

	lite := SQLite.statements("t")
	assert.Equal(t, `UPDATE "t" `+fmtPH(set, "?", "?", "?", "?")+` WHERE id IN (SELECT id FROM "t" WHERE `+
		fmtPH(due, "?", "?", "?")+`) RETURNING `+columns, lite.claim.text)
	assert.Equal(t, []any{"token", "until", "now", "now", "now", "now", 8}, lite.claim.args("token", "until", "now", 8))

	my := MySQL.statements("t")
	assert.Equal(t, "UPDATE `t` JOIN (SELECT id FROM `t` WHERE "+fmtPH(due, "?", "?", "?")+
		" FOR UPDATE SKIP LOCKED) AS due USING (id) "+fmtPH(set, "?", "?", "?", "?"), my.claim.text)
	assert.Equal(t, []any{"now", "now", 8, "token", "until", "now", "now"}, my.claim.args("token", "until", "now", 8))
	assert.Equal(t, "SELECT "+columns+" FROM `t` WHERE lease_token = ?", my.claimed.text)
	assert.Equal(t, "UPDATE `t` SET state = ?, attempts = attempts + ?, next_at = ?, object_id = ?, last_error = ?, via = ?, "+
		"updated_at = ?, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?", my.record.text)
}

func fmtPH(format string, phs ...string) string {
	for _, p := range phs {
		format = strings.Replace(format, "%s", p, 1)
	}
	return format
}

package jikoinbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/jikoinbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// previousSchema is the table as the version before this one created it.
var previousSchema = map[string][]string{
	"postgres": {`CREATE TABLE jiko_inbox (
	event_id   text PRIMARY KEY,
	event_type text NOT NULL,
	event_time timestamptz NOT NULL,
	handled_at timestamptz NOT NULL,
	payload    jsonb
)`, "CREATE INDEX jiko_inbox_handled_at ON jiko_inbox (handled_at)"},
	"sqlite": {`CREATE TABLE jiko_inbox (
	event_id   TEXT PRIMARY KEY NOT NULL,
	event_type TEXT NOT NULL,
	event_time TEXT NOT NULL,
	handled_at TEXT NOT NULL,
	payload    TEXT
)`, "CREATE INDEX jiko_inbox_handled_at ON jiko_inbox (handled_at)"},
}

// TestMigrateUpgradesTheTableOfThePreviousVersion: Migrate keeps the rows
// of a table the previous version made, turns PostgreSQL's jsonb payload
// into json, and changes nothing when run again.
func TestMigrateUpgradesTheTableOfThePreviousVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		db := openDSN(t, e, e.newDB(t))
		for _, s := range previousSchema[e.name] {
			_, err := db.Exec(s)
			require.NoError(t, err)
		}
		_, err := db.Exec("CREATE TABLE ledger (event_id TEXT NOT NULL, account TEXT NOT NULL, amount INTEGER NOT NULL)")
		require.NoError(t, err)
		ib, err := jikoinbox.New(db, e.dialect, jikoinbox.WithPayload())
		require.NoError(t, err)
		ctx := context.Background()
		handled, err := ib.Handle(ctx, deposit("ev-old"), credit(e)) // by the previous version's table
		require.NoError(t, err)
		require.True(t, handled)

		require.NoError(t, ib.Migrate(ctx))
		// relfilenode is the table's storage: a rewrite changes it.
		var storage string
		if e.dialect == jikoinbox.Postgres {
			var typ string
			require.NoError(t, db.QueryRow("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'jiko_inbox'::regclass AND attname = 'payload'").Scan(&typ))
			assert.Equal(t, "json", typ)
			require.NoError(t, db.QueryRow("SELECT relfilenode::text FROM pg_class WHERE oid = 'jiko_inbox'::regclass").Scan(&storage))
			require.NoError(t, ib.Migrate(ctx))
			var again string
			require.NoError(t, db.QueryRow("SELECT relfilenode::text FROM pg_class WHERE oid = 'jiko_inbox'::regclass").Scan(&again))
			assert.Equal(t, storage, again, "a second Migrate does not rewrite the table")
		} else {
			require.NoError(t, ib.Migrate(ctx))
		}

		handled, err = ib.Handle(ctx, deposit("ev-old"), credit(e))
		require.NoError(t, err)
		assert.False(t, handled, "an event handled before the migration stays handled")
		nul := deposit("ev-new")
		nul.Payload.Variant = &jiko.ACHIncomingPayload{JikoAccountID: "8a7e\x00c6c0"}
		handled, err = ib.Handle(ctx, nul, func(ctx context.Context, tx *sql.Tx, ev *jiko.Event) error {
			_, err := tx.ExecContext(ctx, creditSQL(e), ev.ID, "account")
			return err
		})
		require.NoError(t, err)
		assert.True(t, handled, "a payload with a NUL is stored after the migration")
		assert.Equal(t, map[string]int{"ev-old": 1, "ev-new": 1}, credits(t, db))
		recs := list(t, ib, time.Time{})
		require.Len(t, recs, 2)
		assert.Contains(t, string(recs[0].Payload)+string(recs[1].Payload), `"jiko_account_id":"8a7e\u0000c6c0"`)
	})
}

// TestTableNamesAreQuoted: a reserved word and a schema-qualified name
// work on every engine, and on PostgreSQL a name is folded to lower case
// as an unquoted one would be.
func TestTableNamesAreQuoted(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		names := []string{"order", "main.select"}
		if e.dialect == jikoinbox.Postgres {
			schema := fmt.Sprintf("other_%d", pgSchemas.Add(1))
			admin := openDSN(t, e, pg.DSN("postgres"))
			_, err := admin.Exec("CREATE SCHEMA " + schema)
			require.NoError(t, err)
			names = []string{"order", schema + ".Select"}
		}
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				db, ib, dsn := open(t, e, jikoinbox.WithTable(name))
				ctx := context.Background()
				require.NoError(t, ib.Migrate(ctx), "again")
				handled, err := ib.Handle(ctx, deposit("ev-1"), credit(e))
				require.NoError(t, err)
				assert.True(t, handled)
				handled, err = ib.Handle(ctx, deposit("ev-1"), credit(e))
				require.NoError(t, err)
				assert.False(t, handled)
				assert.Len(t, list(t, ib, time.Time{}), 1)
				n, err := ib.Prune(ctx, time.Hour)
				require.NoError(t, err)
				assert.Zero(t, n)
				assert.Equal(t, map[string]int{"ev-1": 1}, credits(t, db))

				if e.dialect != jikoinbox.Postgres {
					return
				}
				upper, err := jikoinbox.New(openDSN(t, e, dsn), e.dialect, jikoinbox.WithTable(strings.ToUpper(name)))
				require.NoError(t, err)
				handled, err = upper.Handle(ctx, deposit("ev-1"), credit(e))
				require.NoError(t, err)
				assert.False(t, handled, "%s is the table %s", strings.ToUpper(name), name)
				var rows int
				quoted := `"` + strings.ReplaceAll(strings.ToLower(name), ".", `"."`) + `"`
				require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM "+quoted).Scan(&rows))
				assert.Equal(t, 1, rows, "the row is in %s", quoted)
			})
		}
	})
}

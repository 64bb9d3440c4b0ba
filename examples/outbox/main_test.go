package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const wantAfterTheDatabase = `Ann has $500.00.
Ann withdraws $120.00 to her bank: her balance and the transfer's intent commit in one transaction.
  Ann has $380.00; the outbox holds 1 pending intent; nothing is sent yet.
The dispatcher sends it; Jiko acts, but the connection drops before the answer:
  the intent is uncertain after 1 send, to be sent again with the same key.
A minute later the dispatcher sends it again, with the same key:
  Jiko recognises the resend and answers with the first transfer: done after 2 sends.
Ann withdraws $50.00 to a bank account that is not verified:
  Jiko refuses it: refused, never sent again, and the money is given back: Ann has $380.00.
Withdrawals:
  withdrawal-1 $120.00 done, the transfer's id recorded
  withdrawal-2 $50.00 refused
Jiko's ledger holds 1 ACH transfer out of the Pocket: $120.00 (the recorded one).
The outbox: 0 pending, 0 uncertain, 0 needing review, 1 done, 1 refused.
`

func TestOutboxRunsOfflineOnSQLite(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), "", &out))
	assert.Equal(t, `Using the in-process fake Jiko API: this example runs offline only.
The balances and the outbox are in an embedded SQLite database (-dsn or JIKO_OUTBOX_DSN for PostgreSQL).
`+wantAfterTheDatabase, out.String())
}

func TestOutboxRunsOnPostgreSQL(t *testing.T) {
	pg, err := pgtest.Start()
	if errors.Is(err, pgtest.ErrNotInstalled) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	require.NoError(t, err)
	defer pg.Stop()
	dsn := pg.DSN("postgres")
	for range 2 { // a second run finds the database as the first found it
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), dsn, &out))
		assert.Equal(t, `Using the in-process fake Jiko API: this example runs offline only.
The balances and the outbox are in the given PostgreSQL database.
`+wantAfterTheDatabase, out.String())
	}
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	assert.Empty(t, tables, "the example drops its tables: %s", strings.Join(tables, ", "))
}

func TestOutboxReportsABadDSN(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), "host=/nonexistent/socket/dir dbname=x connect_timeout=1", &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/nonexistent/socket/dir")
}

package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/examples/internal/exampleenv"
	"github.com/jiko-go/jiko/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const wantAfterTheDatabase = `2 replicas receive webhooks behind a local load balancer.
Jiko delivers a deposit:
  replica 1 answered 200 OK
Jiko delivers the same deposit again (a retry after a lost answer):
  replica 2 answered 200 OK
Jiko delivers a second deposit; the ledger fails once, so Jiko retries:
  replica 1 answered 500 Internal Server Error
  replica 2 answered 200 OK
Pocket 8a7ec6c0-2701-40a1-8954-68870964b50d was credited 2 times, once per deposit.
The inbox holds:
  5f0c8a4e-1d2b-4c3a-9e8f-000000000001 transfers.ach.in.success of 2026-03-02T14:05:00Z
  5f0c8a4e-1d2b-4c3a-9e8f-000000000002 transfers.ach.in.success of 2026-03-02T14:06:00Z
`

func TestInboxRunsOfflineOnSQLite(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), exampleenv.Env(nil), &out))
	assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
The inbox and the ledger are in an embedded SQLite database (-dsn or JIKO_INBOX_DSN for PostgreSQL).
`+wantAfterTheDatabase, out.String())
}

func TestInboxRunsOnPostgreSQL(t *testing.T) {
	pg, err := pgtest.Start()
	if errors.Is(err, pgtest.ErrNotInstalled) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	require.NoError(t, err)
	defer pg.Stop()
	dsn := pg.DSN("postgres")
	for range 2 { // a second run finds the database as the first found it
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), exampleenv.Env(map[string]string{"JIKO_INBOX_DSN": dsn}), &out))
		assert.Equal(t, `No JIKO_* variables set: using the in-process fake Jiko API.
The inbox and the ledger are in the given PostgreSQL database.
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

func TestInboxReportsABadDSN(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), exampleenv.Env(map[string]string{"JIKO_INBOX_DSN": "host=/nonexistent/socket/dir dbname=x connect_timeout=1"}), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/nonexistent/socket/dir")
}

//go:build !linux

package pgtest

import (
	"fmt"
	"syscall"
)

// runAs is Linux-only: elsewhere the PostgreSQL suite is skipped as if the
// server were not installed.
func runAs(string) (func(bool) *syscall.SysProcAttr, error) {
	return nil, fmt.Errorf("%w (pgtest runs the server on Linux only)", ErrNotInstalled)
}

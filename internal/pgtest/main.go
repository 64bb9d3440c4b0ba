package pgtest

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// Main runs a package's tests with a throwaway server, for its TestMain:
// os.Exit(pgtest.Main(m, "jikoinbox", &pg)). It prints the engines the
// suite runs on ("jikoinbox tests: engines sqlite and postgres 15"), sets
// *srv to the server, runs the tests and stops it. Without PostgreSQL the
// suite runs on SQLite alone and *srv is nil, except with CI=true, where a
// missing server fails the run.
func Main(m *testing.M, suite string, srv **Server) int {
	s, err := Start()
	switch {
	case err == nil:
		fmt.Printf("%s tests: engines sqlite and postgres %s\n", suite, s.Version())
	case errors.Is(err, ErrNotInstalled) && os.Getenv("CI") != "true":
		fmt.Printf("%s tests: engine sqlite only; the PostgreSQL suite is skipped: %v\n", suite, err)
	default:
		fmt.Fprintf(os.Stderr, "%s tests: %v\n", suite, err)
		return 1
	}
	*srv = s
	code := m.Run()
	if s != nil {
		if err := s.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "%s tests: stopping PostgreSQL: %v\n", suite, err)
		}
	}
	return code
}

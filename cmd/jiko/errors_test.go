package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jiko-go/jiko"
)

// TestExitStatus: a command's error becomes its exit status in one place:
// 0 for none or after -h, 2 for a usage error or input the SDK refused
// before sending (wrapped, as commands return them), 1 for the rest.
func TestExitStatus(t *testing.T) {
	t.Parallel()
	f := newFlags(env{}, "api", "jiko api")
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errHelp, 0},
		{f.usagef("want METHOD and PATH"), 2},
		{f.envError(errors.New("JIKO_PARTNER is not set")), 2},
		{f.failure(&jiko.ValidationError{}), 2},
		{f.failure(errors.New("404 Not Found")), 1},
		{errReported, 1},
		{fmt.Errorf("report: %w", errReported), 1},
	} {
		if got := exitStatus(c.err); got != c.want {
			t.Errorf("exitStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

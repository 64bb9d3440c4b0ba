package jikotest

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The OpenAPI description jiko serve ships names every control the
// server serves, and no other.
func TestControlsAreTheDescribedOnes(t *testing.T) {
	doc := ControlOpenAPI
	var described []string
	path := ""
	pathLine := regexp.MustCompile(`^  (/_jikotest/\S+):$`)
	methodLine := regexp.MustCompile(`^    (get|post|put|delete):$`)
	for _, line := range strings.Split(string(doc), "\n") {
		if m := pathLine.FindStringSubmatch(line); m != nil {
			path = m[1]
		} else if m := methodLine.FindStringSubmatch(line); m != nil {
			described = append(described, strings.ToUpper(m[1])+" "+path)
		}
	}

	srv := NewServer()
	defer srv.Close()
	require.NoError(t, srv.EnableControls(Controls{Clock: NewClock(time.Now()), OpenAPI: doc}))
	cs := srv.controls.Load()
	var served []string
	for pattern := range srv.controlRoutes(cs) {
		served = append(served, pattern)
	}
	served = append(served, "GET "+ControlPrefix+"openapi.yaml")
	slices.Sort(served)
	slices.Sort(described)
	assert.Equal(t, served, described)
}

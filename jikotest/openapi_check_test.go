package jikotest_test

import (
	"os"
	"testing"

	"github.com/jiko-go/jiko/internal/apicheck"
)

// TestMain checks every request the SDK sends to jikotest in these tests,
// and every answer jikotest gives, against api/openapi.json.
func TestMain(m *testing.M) { os.Exit(apicheck.Main(m)) }

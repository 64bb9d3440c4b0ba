package jikotest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/jiko-go/jiko/jikotest"
)

// A program in any language drives the fake through its HTTP controls:
// here, the next Pocket read fails with 503.
func ExampleServer_EnableControls() {
	srv := jikotest.NewServer()
	defer srv.Close()
	if err := srv.EnableControls(jikotest.Controls{}); err != nil {
		panic(err)
	}
	resp, err := http.Post(srv.URL+"/_jikotest/faults/next", "application/json",
		strings.NewReader(`{"method":"GET","path":"/api/v2/pockets/*","status":503}`))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(resp.StatusCode, " ", string(body))
	// Output: 200 {"count":1,"fault":"status 503"}
}

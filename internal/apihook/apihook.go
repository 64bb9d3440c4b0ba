// Package apihook lets the module's tests watch what jikotest answers,
// without jikotest depending on what watches: the tests set Answer (before
// any server starts), and every operation jikotest runs reports its
// request and its answer, as handled and before any drift rule rewrites
// it. Nil, as outside the tests, costs nothing.
package apihook

import "net/http"

// Answer, when set, is called with each request jikotest handled (its body
// as received) and its answer.
var Answer func(r *http.Request, body []byte, status int, header http.Header, answer []byte)

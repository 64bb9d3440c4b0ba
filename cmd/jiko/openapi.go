package main

import (
	"context"

	"github.com/jiko-go/jiko/api"
)

// runOpenAPI prints the OpenAPI 3.1 document of the Partner API as this
// module knows it: the one jiko serve serves at GET /openapi.json.
func runOpenAPI(_ context.Context, e env, args []string) error {
	f := newFlags(e, "openapi", `jiko openapi > openapi.json

Prints the OpenAPI 3.1 document of the Partner API as this SDK knows it:
every operation with its parameters, bodies, answers and error shapes,
and its provenance (x-jiko-provenance: contract, reference or inferred,
with the reason). "jiko serve" serves the same document at
GET /openapi.json. Generate a client from it in any language; the
x-jiko-signature header it names is computed as its description says.`)
	pos, err := f.parse(args)
	switch {
	case err != nil:
		return err
	case len(pos) > 0:
		return f.usagef("takes no arguments")
	}
	if _, err := e.stdout.Write(api.OpenAPI); err != nil {
		return f.failure(err)
	}
	return nil
}

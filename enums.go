package jiko

// The enums of this package (named string types with typed constants) get
// their IsKnown methods and their lists of values from internal/enumgen,
// which writes enums_known.go from the constants. `go generate ./...` in the
// module's root regenerates it, and then api/openapi.json (see package api),
// which is built from the package's Go types; a test fails when either is
// stale.

//go:generate go run ./internal/enumgen

package jiko

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/jiko-go/jiko/api"
	"github.com/jiko-go/jiko/internal/apicheck"
	"github.com/jiko-go/jiko/internal/apispec"
	"github.com/jiko-go/jiko/internal/ops"
)

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite api/openapi.json from the operations table and the Go types")

// TestOpenAPIDocument generates the OpenAPI document and fails when
// api/openapi.json differs from it; with -update-openapi (go generate
// ./...) it rewrites the file instead.
func TestOpenAPIDocument(t *testing.T) {
	doc, err := apispec.Generate(openAPIInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if *updateOpenAPI {
		if err := os.WriteFile("api/openapi.json", doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(doc, api.OpenAPI) {
		t.Fatal("api/openapi.json is stale: run go generate ./... (or go test . -run TestOpenAPIDocument -update-openapi)")
	}
	var parsed struct {
		Paths map[string]map[string]struct {
			Provenance string `json:"x-jiko-provenance"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range parsed.Paths {
		for method, op := range item {
			n++
			if op.Provenance == "" {
				t.Errorf("%s %s: no x-jiko-provenance", method, path)
			}
		}
	}
	if n != len(ops.All) {
		t.Errorf("the document has %d operations, the table %d", n, len(ops.All))
	}
}

// sdkRequests checks the requests the SDK sends in the harness's tests.
var sdkRequests = sync.OnceValues(apicheck.New)

// checkSDKRequest fails the test when a request the SDK sends to an
// operation of api/openapi.json does not validate against it (but for the
// known exceptions; a request to no operation of the document, such as
// Client.Do's, is not checked).
func checkSDKRequest(t *testing.T, req *http.Request, body []byte) {
	t.Helper()
	c, err := sdkRequests()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SentRequest(req, body); err != nil {
		t.Errorf("the SDK's %s %s disagrees with api/openapi.json: %v", req.Method, req.URL.EscapedPath(), err)
	}
}

// openAPIInput is everything the generator reads: the table, the client's
// services, and what reflection cannot see from outside the package (the
// union tables, the wire types of the bodies that are encrypted or built
// by hand, the enum constants).
func openAPIInput(t *testing.T) apispec.Input {
	t.Helper()
	enums, err := apispec.ConstStrings(".")
	if err != nil {
		t.Fatal(err)
	}
	str := func(format string) map[string]any {
		s := map[string]any{"type": "string"}
		if format != "" {
			s["format"] = format
		}
		return s
	}
	return apispec.Input{
		Title:   "Jiko Partner API (as jiko-go knows it)",
		Version: Version,
		Description: "The operations of the Jiko Partner API that the Go module github.com/jiko-go/jiko calls, " +
			"generated from its table of operations and its Go types. Each operation's x-jiko-provenance says " +
			"where its path comes from: \"contract\" (Jiko's published v1.29.0 document), \"reference\" (the " +
			"current reference) or \"inferred: <why>\". Signed operations take three headers: Authorization: " +
			"Bearer <token of POST /api/v1/login/>, x-jiko-idempotency (a UUID) and x-jiko-signature. " +
			apispec.SigningRule + " Unsigned operations (sandbox, raw-file uploads) take the token and the " +
			"idempotency key; public ones (login, health, public keys) nothing.",
		Client:      reflect.TypeFor[Client](),
		Ops:         ops.All,
		Unions:      openAPIUnions(),
		Enums:       enums,
		FileType:    reflect.TypeFor[File](),
		UploadTypes: documentContentTypes,
		Minimum: map[string]int{
			// Money in a request is refused at zero or below.
			"amount_usdc": 1,
			// No least page size: the reference allows limit=0 on List
			// Pockets (0..30) while the v1 lists refuse it, and a bound is
			// given per member name, not per operation.
			// An offset counts from the list's start.
			"offset": 0,
		},
		Special: map[reflect.Type]map[string]any{
			reflect.TypeFor[Timestamp](): str("date-time"),
			reflect.TypeFor[loginTime](): str("date-time"),
			reflect.TypeFor[Date]():      str("date"),
			// No set of values is documented: the one constant is an example.
			reflect.TypeFor[ExceptionReason](): {"type": "string", "examples": []string{string(ExceptionImageQualityErrorCutoff)}},
			reflect.TypeFor[Decimal]():         {"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`, "description": "A decimal number, as text."},
		},
		SameShape: map[reflect.Type]bool{
			reflect.TypeFor[Event]():       true,
			reflect.TypeFor[OnUsAccount](): true,
			// Its UnmarshalJSON keeps an item whose member does not decode.
			reflect.TypeFor[CounterpartyV1](): true,
		},
		Bodies: map[string]reflect.Type{
			"POST /api/v1/login/": reflect.TypeFor[loginRequest](),
			"Cards.SetPIN":        reflect.TypeFor[cardPINBody](),
		},
		Headers: map[string][]string{
			"Businesses.UploadDocument": {"Content-Disposition"},
		},
		Answers: map[string]reflect.Type{
			"POST /api/v1/login/": reflect.TypeFor[loginResponse](),
			// TriggerWebhook returns the event it sent: the API answers 202
			// with no body.
			"Sandbox.TriggerWebhook": nil,
			// Create Wire answers 201 with no body: the SDK's WireReceipt
			// is made of the request's own ids.
			"Wires.Create": nil,
			// The lists the API answers whole: a bare array, and Portals
			// V1's {count, portals}.
			"Businesses.ListRelatedPartiesPage":   reflect.TypeFor[[]RelatedPartyApplication](),
			"Businesses.ListDocumentRequestsPage": reflect.TypeFor[[]Document](),
			"PortalsV1.ListForPocketPage":         reflect.TypeFor[portalV1List](),
			"Cards.SetPIN": reflect.TypeFor[struct {
				Success bool `json:"success"`
			}](),
		},
	}
}

// openAPIUnions reads the unions from their decoding tables (the answers)
// and lists the request unions, whose variants encode their own kind.
func openAPIUnions() map[reflect.Type]apispec.Union {
	out := map[reflect.Type]apispec.Union{}
	addUnionTable(out, "Transaction", transactionUnion)
	addUnionTable(out, "TransactionDetails", transactionDetailsUnion)
	addUnionTable(out, "Trade", tradeUnion)
	addUnionTable(out, "Counterparty", counterpartyUnion)
	addUnionTable(out, "CounterpartyName", counterpartyNameUnion)
	addUnionTable(out, "Customer", customerUnion)
	addUnionTable(out, "OnUsDetails", onUsDetailsUnion)
	addUnionTable(out, "EventPayload", eventPayloadUnion)
	addRequestUnion[OnUsTransferRequest](out, "OnUsTransferRequest",
		&OnUsFundingRequest{}, &OnUsDefundingRequest{}, &OnUsReallocationRequest{}, &OnUsPeerToPeerRequest{})
	addRequestUnion[CounterpartyCreateRequest](out, "CounterpartyCreateRequest",
		&ACHCounterpartyCreateRequest{}, &WireCounterpartyCreateRequest{}, &InternationalWireCounterpartyCreateRequest{},
		&OnUsCounterpartyCreateRequest{}, &CryptoWalletAddressCounterpartyCreateRequest{})
	return out
}

// addUnionTable adds the union a decoding table describes, keyed by its
// variants' interface type: the one place that reads the tables.
func addUnionTable[K ~string, V any](out map[reflect.Type]apispec.Union, name string, t *unionTable[K, V]) {
	u := apispec.Union{Name: name, Key: t.key, Outside: t.outside, Variants: map[string]reflect.Type{}}
	for kind, mk := range t.variants {
		u.Variants[string(kind)] = reflect.TypeOf(mk())
	}
	out[reflect.TypeFor[V]()] = u
}

// addRequestUnion adds a request union: each variant's kind is the first
// member of its encoding (the variants write their discriminator first).
func addRequestUnion[V any](out map[reflect.Type]apispec.Union, name string, variants ...V) {
	u := apispec.Union{Name: name, Variants: map[string]reflect.Type{}}
	for _, v := range variants {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		_, _ = dec.Token() // {
		key, _ := dec.Token()
		kind, _ := dec.Token()
		u.Key = key.(string)
		u.Variants[kind.(string)] = reflect.TypeOf(v)
	}
	out[reflect.TypeFor[V]()] = u
}

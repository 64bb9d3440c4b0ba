// Package apispec writes the module's OpenAPI 3.1 document from the table
// of operations (internal/ops) and the SDK's Go types, read by reflection:
// for each operation, the SDK method its entry names gives the path ids,
// the query parameters (an XxxParams struct), the body (an XxxRequest
// struct, a union of request variants, or an uploaded file) and the
// answer (a model, a CursorPage or OffsetPage of one, or nothing). The
// members of each schema come from the struct tags.
//
// What "required" means: a member is required when the Go type always
// writes it (its tag has neither omitempty nor omitzero). For a request,
// that is what the SDK always sends; for an answer, what the API always
// sends as far as this module knows (the reference's examples, which the
// strict-fixture tests decode and re-encode to the same keys). A pointer
// or a Nullable member may be null. Enums list their documented values;
// the SDK reads values it does not know without error (x-jiko-open-enum),
// but the document names only the documented ones.
//
// The package knows no type of the SDK by name: the caller (a test of the
// root package, which can read its unexported union tables) hands them in
// through Input. It writes the document; api/openapi.json is the copy
// checked in.
package apispec

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// Union is one union of the SDK: the variants its discriminator selects.
type Union struct {
	// Name names the union's component, such as "Transaction"; the Go
	// type's name when empty.
	Name string
	// Key is the discriminator member, such as "type".
	Key string
	// Outside is true when the kind is a member of the enclosing object,
	// not of the union's own (an event's payload, keyed by event_type).
	Outside bool
	// Variants maps each documented kind to its variant's struct.
	Variants map[string]reflect.Type
}

// Input is what the document is generated from.
type Input struct {
	// Title, Version and Description fill the document's info.
	Title, Version, Description string
	// Client is the SDK's client struct type: its fields are the services
	// whose methods the operations' SDK names resolve to.
	Client reflect.Type
	// Ops is the table of operations.
	Ops []*ops.Op
	// Unions maps a union's Go type (the container struct with its
	// Variant field, or the interface a request variant implements) to
	// the union.
	Unions map[reflect.Type]Union
	// Enums maps a named string type of the SDK's package to its
	// documented values (see ConstStrings).
	Enums map[string][]string
	// Special gives the schema of types that encode themselves (Date,
	// Timestamp, Decimal, ...).
	Special map[reflect.Type]map[string]any
	// SameShape lists types with their own MarshalJSON whose members are
	// still those of their struct tags.
	SameShape map[reflect.Type]bool
	// Bodies and Answers give the wire type of an operation whose SDK
	// method's parameter or result is not what is sent or read (the key is
	// the SDK name, such as "Cards.SetPIN", or the method and path of an
	// operation without one, such as "POST /api/v1/login/").
	Bodies, Answers map[string]reflect.Type
	// Headers names the headers an operation requires besides the
	// credentials (the key as for Bodies), such as the Content-Disposition
	// naming an uploaded file.
	Headers map[string][]string
	// Minimum gives the least value of the integer members and query
	// parameters of a name, such as amount_usdc: 1.
	Minimum map[string]int
	// UploadTypes lists the content types an uploaded file may have.
	UploadTypes []string
	// FileType is the SDK's uploaded-file type: a parameter of it is a raw
	// body of one of UploadTypes.
	FileType reflect.Type
}

type generator struct {
	in        Input
	pkg       string
	schemas   map[string]any
	named     map[string]reflect.Type
	variantOf map[reflect.Type]*variant
	errs      []string
}

var (
	errorType   = reflect.TypeFor[error]()
	contextType = reflect.TypeFor[interface{ Done() <-chan struct{} }]()
	placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)
)

// Generate writes the document: indented JSON with sorted keys and a final
// newline, so that the same input gives the same bytes.
func Generate(in Input) ([]byte, error) {
	g := &generator{
		in:        in,
		pkg:       in.Client.PkgPath(),
		schemas:   map[string]any{},
		named:     map[string]reflect.Type{},
		variantOf: map[reflect.Type]*variant{},
	}
	for _, u := range in.Unions {
		for k, vt := range u.Variants {
			for vt.Kind() == reflect.Pointer {
				vt = vt.Elem()
			}
			g.variantOf[vt] = &variant{key: u.Key, kind: k, outside: u.Outside}
		}
	}
	paths := schema{}
	for _, o := range in.Ops {
		item, _ := paths[o.Path].(schema)
		if item == nil {
			item = schema{}
			paths[o.Path] = item
		}
		item[strings.ToLower(o.Method)] = g.operation(o)
	}
	g.errorSchemas()
	if len(g.errs) > 0 {
		sort.Strings(g.errs)
		return nil, errors.New("apispec: " + strings.Join(g.errs, "; "))
	}
	doc := schema{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": schema{
			"title":       in.Title,
			"version":     in.Version,
			"description": in.Description,
		},
		"servers": []any{schema{
			"url":         "https://{partner}.sandbox-api.jikoservices.com",
			"description": "A partner's sandbox; `jiko serve` answers the same paths on a loopback port.",
			"variables":   schema{"partner": schema{"default": "acme"}},
		}},
		"paths": paths,
		"components": schema{
			"schemas":         g.schemas,
			"securitySchemes": schema{"HTTPBearer": schema{"type": "http", "scheme": "bearer", "description": "The token of POST /api/v1/login/, valid 60 minutes."}},
			"parameters":      headerParameters(),
			"responses":       errorResponses(),
		},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SigningRule is the signing rule in words, as the document states it.
const SigningRule = "x-jiko-signature is base64(HMAC-SHA256(signing secret, " +
	"x-jiko-idempotency + URL path + body)): the path is the escaped URL path " +
	"without scheme, host or query (such as /api/v2/pockets/{id}/), the body the " +
	"exact bytes sent (nothing when there is none), the base64 standard and padded."

func headerParameters() schema {
	return schema{
		"Idempotency": schema{
			"name": "x-jiko-idempotency", "in": "header", "required": true,
			"description": "A UUID v4 chosen once per logical call and reused unchanged on every retry: within an hour, a repeated key returns the first answer without a second effect.",
			"schema":      schema{"type": "string", "format": "uuid"},
		},
		"Signature": schema{
			"name": "x-jiko-signature", "in": "header", "required": true,
			"description": SigningRule,
			"schema":      schema{"type": "string"},
		},
	}
}

// errorSchemas adds the error shapes: the 422 detail list, the problem
// details of the v2 operations and the plain {"detail": text}.
func (g *generator) errorSchemas() {
	g.schemas["ValidationIssue"] = schema{
		"type": "object",
		"properties": schema{
			"loc":  schema{"type": "array", "items": schema{"type": []string{"string", "integer"}}, "description": "Where the refused value is, such as [\"body\", \"amount_usdc\"]."},
			"msg":  schema{"type": "string"},
			"type": schema{"type": "string"},
		},
		"required": []string{"loc", "msg", "type"},
	}
	g.schemas["ValidationError"] = schema{
		"type":        "object",
		"description": "A request the API refused field by field (422).",
		"properties":  schema{"detail": schema{"type": "array", "items": ref("ValidationIssue")}},
		"required":    []string{"detail"},
	}
	g.schemas["ProblemDetails"] = schema{
		"type":        "object",
		"description": "A business rule's refusal on the v2 operations.",
		"properties": schema{
			"type":     schema{"type": "string"},
			"instance": schema{"type": "string"},
			"detail":   schema{"type": "string"},
			"trace_id": schema{"type": []string{"string", "null"}},
		},
		"required": []string{"detail"},
	}
	g.schemas["ErrorDetail"] = schema{
		"type":        "object",
		"description": "Any other refusal: a message.",
		"properties":  schema{"detail": schema{"type": "string"}},
		"required":    []string{"detail"},
	}
}

func errorResponses() schema {
	answer := func(desc string, refs ...string) schema {
		var any []any
		for _, r := range refs {
			any = append(any, ref(r))
		}
		return schema{"description": desc, "content": schema{"application/json": schema{"schema": schema{"anyOf": any}}}}
	}
	return schema{
		"ValidationError": answer("The request was refused field by field.", "ValidationError", "ProblemDetails", "ErrorDetail"),
		"Error":           answer("The request was refused, or the API failed.", "ProblemDetails", "ErrorDetail"),
	}
}

// operation is the Operation Object of o.
func (g *generator) operation(o *ops.Op) schema {
	id := "Login"
	tag := "Login"
	if len(o.SDK) > 0 {
		svc, m, _ := strings.Cut(o.SDK[0], ".")
		id, tag = svc+strings.TrimSuffix(m, "Page"), svc
	}
	prov := o.Provenance.String()
	if o.Provenance == ops.Inferred {
		prov += ": " + o.Why
	}
	op := schema{
		"operationId":       id,
		"tags":              []string{tag},
		"x-jiko-provenance": prov,
		"x-jiko-sdk":        append([]string{}, o.SDK...),
		"x-jiko-auth":       o.Auth.String(),
	}
	if o.Paging != ops.NoPaging {
		op["x-jiko-paging"] = o.Paging.String()
	}
	var params []any
	ids := placeholder.FindAllStringSubmatch(o.Path, -1)
	sig := g.signature(o)
	for i, m := range ids {
		s := schema{"type": "string"}
		if sig != nil && i < len(sig.ids) {
			s = g.schemaOf(sig.ids[i])
		}
		params = append(params, schema{"name": m[1], "in": "path", "required": true, "schema": s})
	}
	if sig != nil && len(sig.ids) != len(ids) {
		g.fail("%s: %s takes %d ids for %d placeholders", o, o.SDK[0], len(sig.ids), len(ids))
	}
	switch o.Auth {
	case ops.Signed:
		params = append(params, schema{"$ref": "#/components/parameters/Idempotency"}, schema{"$ref": "#/components/parameters/Signature"})
		op["security"] = []any{schema{"HTTPBearer": []string{}}}
	case ops.Unsigned:
		params = append(params, schema{"$ref": "#/components/parameters/Idempotency"})
		op["security"] = []any{schema{"HTTPBearer": []string{}}}
	case ops.Public:
		op["security"] = []any{}
	}
	var body, answer reflect.Type
	if sig != nil {
		for _, q := range sig.query {
			params = append(params, g.queryParams(q)...)
		}
		body, answer = sig.body, sig.answer
	}
	key := o.String()
	if len(o.SDK) > 0 {
		key = o.SDK[0]
	}
	if t, ok := g.in.Bodies[key]; ok {
		body = t
	}
	if t, ok := g.in.Answers[key]; ok {
		answer = t
	}
	for _, h := range g.in.Headers[key] {
		params = append(params, schema{"name": h, "in": "header", "required": true, "schema": schema{"type": "string", "minLength": 1}})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if body != nil {
		op["requestBody"] = g.requestBody(body)
	}
	ok := schema{"description": "Success."}
	if answer != nil {
		ok["content"] = schema{"application/json": schema{"schema": g.schemaOf(answer)}}
	}
	op["responses"] = schema{
		"2XX":     ok,
		"422":     schema{"$ref": "#/components/responses/ValidationError"},
		"default": schema{"$ref": "#/components/responses/Error"},
	}
	return op
}

// requestBody is the body of type t: JSON, or a raw file.
func (g *generator) requestBody(t reflect.Type) schema {
	if t == g.in.FileType {
		content := schema{}
		for _, ct := range g.in.UploadTypes {
			content[ct] = schema{"schema": schema{"type": "string", "contentMediaType": ct}}
		}
		return schema{"required": true, "description": "The file itself, with its Content-Type.", "content": content}
	}
	return schema{"required": true, "content": schema{"application/json": schema{"schema": g.schemaOf(t)}}}
}

// queryParams lists the query parameters of a params struct, from its url
// tags; a slice is the key repeated once per value.
func (g *generator) queryParams(t reflect.Type) []any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []any
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("url")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		p := schema{"name": name, "in": "query", "schema": g.bounded(name, g.schemaOf(f.Type))}
		if f.Type.Kind() == reflect.Slice {
			p["style"], p["explode"] = "form", true
		}
		out = append(out, p)
	}
	return out
}

// sdkSig is what an SDK method's signature says of its operation.
type sdkSig struct {
	ids    []reflect.Type // the path ids, in order
	query  []reflect.Type // params structs
	body   reflect.Type
	answer reflect.Type
}

// signature reads the first SDK method of o: after ctx, its string (or
// named string) parameters are the path ids, a ...Params struct the
// query, any other the body, up to the variadic options; its first result
// other than error is the answer. nil for an operation without one.
func (g *generator) signature(o *ops.Op) *sdkSig {
	if len(o.SDK) == 0 {
		return &sdkSig{body: g.in.Bodies[o.String()], answer: g.in.Answers[o.String()]}
	}
	svc, name, _ := strings.Cut(o.SDK[0], ".")
	f, ok := g.in.Client.FieldByName(svc)
	if !ok {
		g.fail("%s: the client has no service %s", o, svc)
		return nil
	}
	m, ok := f.Type.MethodByName(name)
	if !ok {
		g.fail("%s: %s has no method %s", o, f.Type, name)
		return nil
	}
	mt := m.Type
	s := &sdkSig{}
	for i := 1; i < mt.NumIn(); i++ { // 0 is the receiver
		p := mt.In(i)
		switch {
		case i == 1 && p.Implements(contextType):
		case mt.IsVariadic() && i == mt.NumIn()-1:
		case p.Kind() == reflect.String:
			s.ids = append(s.ids, p)
		case strings.HasSuffix(deref(p).Name(), "Params"):
			s.query = append(s.query, p)
		default:
			if s.body != nil {
				g.fail("%s: %s has two bodies, %s and %s", o, o.SDK[0], s.body, p)
			}
			s.body = deref(p)
		}
	}
	for i := range mt.NumOut() {
		if r := mt.Out(i); r != errorType {
			s.answer = deref(r)
			break
		}
	}
	return s
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// Package ops is the table of the Partner API's operations as this module
// knows them: for each one its method and path, where the path comes from
// (provenance), the credentials it takes, the request values an error must
// not keep, its paging, its success status and the SDK methods that call
// it. Each fact is written once, here: the SDK takes its routes from this
// table, jikotest mounts its handlers on it, jiko probe derives its rows
// from it, and the published OpenAPI document is generated from it and
// the SDK's Go types (the request and answer types are those of the SDK
// methods named in SDK, read by reflection, so they too are written once).
//
// Correcting an inferred path is one edit of its entry.
package ops

import (
	"net/url"
	"strings"
)

// Provenance says where an operation's path and shape come from.
type Provenance int

const (
	// Contract: the operation is in Jiko's published v1.29.0 OpenAPI
	// document.
	Contract Provenance = iota
	// Reference: the operation is not in v1.29.0 but its path was read in
	// the current reference (docs.jiko.io).
	Reference
	// Inferred: the reference names the operation, but its path could not
	// be read; Op.Why says what the inference rests on.
	Inferred
)

// String is the provenance's name in reports and in the OpenAPI
// document's x-jiko-provenance: "contract", "reference" or "inferred".
func (p Provenance) String() string {
	switch p {
	case Contract:
		return "contract"
	case Reference:
		return "reference"
	case Inferred:
		return "inferred"
	}
	return "unknown"
}

// Auth is the credentials an operation takes.
type Auth int

const (
	// Signed: the bearer token, an idempotency key and the HMAC signature.
	Signed Auth = iota
	// Unsigned: the bearer token and an idempotency key, no signature
	// (the sandbox operations and the raw-file uploads).
	Unsigned
	// Public: no credentials at all (login, health, public keys).
	Public
)

// String is the credentials' name: "signed", "unsigned" or "public".
func (a Auth) String() string {
	switch a {
	case Signed:
		return "signed"
	case Unsigned:
		return "unsigned"
	case Public:
		return "public"
	}
	return "unknown"
}

// Paging is how a list operation pages.
type Paging int

const (
	// NoPaging: the answer is one object, or a bare array.
	NoPaging Paging = iota
	// Cursor: items, next_page and prev_page; the request sends cursor
	// and limit.
	Cursor
	// Offset: items, offset and count; the request sends offset and limit.
	Offset
)

// String is the paging's name: "none", "cursor" or "offset".
func (p Paging) String() string {
	switch p {
	case NoPaging:
		return "none"
	case Cursor:
		return "cursor"
	case Offset:
		return "offset"
	}
	return "unknown"
}

// Op is one operation of the Partner API.
type Op struct {
	// Method is the HTTP method: "GET", "POST", "PATCH" or "DELETE".
	Method string
	// Path is the path pattern with {name} placeholders, ending with "/"
	// as the current reference writes it (but /health).
	Path string
	// SDK names the methods that call the operation, as Client field and
	// method ("ACH.ListForPocketPage"); a list's Page method comes first,
	// its iterator after it. Login has none.
	SDK []string
	// Provenance says where the path comes from; Why, for an inferred
	// one, what the inference rests on.
	Provenance Provenance
	Why        string
	// Auth is the credentials the operation takes.
	Auth Auth
	// Paging is how the operation's answer pages, if it is a list.
	Paging Paging
	// Secrets names the request members (by JSON name) whose values an
	// error must not keep where the API's answer echoes them. A member
	// the SDK encrypts before sending (Set Card PIN's pin, sent as
	// encrypted_pin) is named as the SDK's request body names its clear
	// value (a `secret:"pin"` tag on a member that is not sent).
	Secrets []string
	// HideErrors: the API's error text may echo a secret of the request,
	// so when the request sends one of Secrets (an update that leaves the
	// secret alone sends none) an error keeps the status and the refused
	// fields, not the text.
	HideErrors bool
	// KeyedID names a request member (by JSON name) that the SDK, when
	// the caller leaves it empty, fills with a UUID derived from the
	// call's idempotency key: a resend with the same key sends the same
	// body, and the caller knows the new resource's id before the answer
	// (Create Wire's wire_id, answered 201 with no body).
	KeyedID string
}

// Pattern is the operation as a net/http ServeMux pattern that matches
// its path exactly: "GET /api/v1/events/{$}".
func (o *Op) Pattern() string {
	p := o.Method + " " + o.Path
	if strings.HasSuffix(p, "/") {
		p += "{$}"
	}
	return p
}

// Fill returns the path with its placeholders replaced, in order, by the
// path-escaped ids; a placeholder without an id stays as it is. It checks
// nothing: the SDK's calls refuse an id that could leave its segment.
func (o *Op) Fill(ids ...string) string {
	var b strings.Builder
	rest := o.Path
	for _, id := range ids {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}') + open
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(id))
		rest = rest[end+1:]
	}
	b.WriteString(rest)
	return b.String()
}

// String is the operation as method and path: "GET /api/v1/events/".
func (o *Op) String() string { return o.Method + " " + o.Path }

// BySDK returns the operation a method of the SDK calls ("Pockets.Get"),
// or nil.
func BySDK(method string) *Op { return bySDK[method] }

var bySDK = func() map[string]*Op {
	m := make(map[string]*Op)
	for _, o := range All {
		for _, n := range o.SDK {
			m[n] = o
		}
	}
	return m
}()

package jikooutbox

import (
	"encoding/json"
	"fmt"
	"github.com/jiko-go/jiko/internal/ops"
	"strings"

	"github.com/jiko-go/jiko"
)

// Kind is the kind of an intent, stored in the table's kind column.
type Kind string

// The kinds of intent.
const (
	// KindACH is an ACH origination ([ACHIntent]).
	KindACH Kind = "ach"
	// KindWire is an outgoing wire ([WireIntent]).
	KindWire Kind = "wire"
	// KindOnUs is an on-us transfer ([OnUsIntent]).
	KindOnUs Kind = "on_us"
	// KindRequest is any other write ([RequestIntent]).
	KindRequest Kind = "request"
)

// Intent is a write to send to the Partner API once: an [*ACHIntent], a
// [*WireIntent], an [*OnUsIntent] or a [*RequestIntent]. Each has an ID,
// the partner's own identifier of the write (a withdrawal's primary key,
// say), unique in the outbox table: the idempotency key of every send is
// derived from it.
type Intent interface {
	// IntentID returns the intent's ID.
	IntentID() string
	// encode returns the row of the intent, its key already chosen.
	encode(key string) (row, error)
}

// maxIDLength caps an intent ID (the table's key).
const maxIDLength = 200

// KeyFor returns the idempotency key of every send of the intent whose ID
// is id: jiko.IdempotencyKeyFor("jikooutbox:" + id). [Outbox.Enqueue]
// stores it with the intent; wires and on-us transfers use it as their
// wire_id and transfer_id too, unless the request sets one.
func KeyFor(id string) string { return jiko.IdempotencyKeyFor("jikooutbox:" + id) }

// ACHReferencePrefix starts the entry an [ACHIntent] adds to its
// transfer's payment_related_information: the prefix and the intent's
// idempotency key, by which [Dispatcher] finds the transfer in the
// Pocket's ACH list when no answer came within the idempotency window.
const ACHReferencePrefix = "jikooutbox "

// ACHIntent originates an ACH transfer from or to a Pocket
// (POST /api/v1/jiko-accounts/{account_id}/ach-originating/, sent with
// [jiko.ACHService.Create]). Enqueue appends ACHReferencePrefix and the
// intent's key to Request.PaymentRelatedInformation: the reference by
// which an unanswered origination is looked for in the Pocket's list.
type ACHIntent struct {
	// ID is the partner's identifier of the transfer; required.
	ID string
	// PocketID is the Pocket the money leaves or reaches; required.
	PocketID string
	// Request is the origination; it is checked when sent, and a request
	// the SDK or the API refuses ends the intent refused.
	Request jiko.ACHCreateRequest
}

// IntentID returns the intent's ID.
func (i *ACHIntent) IntentID() string { return i.ID }

func (i *ACHIntent) encode(key string) (row, error) {
	if i.PocketID == "" {
		return row{}, &jiko.ValidationError{Field: "ACHIntent.PocketID", Reason: "is empty"}
	}
	req := i.Request
	ref := ACHReferencePrefix + key
	req.PaymentRelatedInformation = append(append([]string(nil), req.PaymentRelatedInformation...), ref)
	return newRow(KindACH, ops.ACHCreate.Method, ops.ACHCreate.Fill(i.PocketID), &req, ref, i.PocketID)
}

// WireIntent sends a wire from a Pocket
// (POST /api/v1/jiko-accounts/{account_id}/wires/, sent with
// [jiko.WiresService.Create]). An empty Request.WireID is set to the
// intent's key, so that the wire can be read back by its id.
type WireIntent struct {
	// ID is the partner's identifier of the wire; required.
	ID string
	// PocketID is the Pocket the wire leaves; required.
	PocketID string
	// Request is the wire; it is checked when sent.
	Request jiko.WireCreateRequest
}

// IntentID returns the intent's ID.
func (i *WireIntent) IntentID() string { return i.ID }

func (i *WireIntent) encode(key string) (row, error) {
	if i.PocketID == "" {
		return row{}, &jiko.ValidationError{Field: "WireIntent.PocketID", Reason: "is empty"}
	}
	req := i.Request
	if req.WireID == "" {
		req.WireID = key
	}
	return newRow(KindWire, ops.WiresCreate.Method, ops.WiresCreate.Fill(i.PocketID), &req, req.WireID, i.PocketID)
}

// OnUsIntent makes an on-us transfer (POST /api/v1/transfers/on-us/, sent
// with [jiko.OnUsService.Create]). An empty TransferID of the request is
// set to the intent's key, so that the transfer can be read back by it.
type OnUsIntent struct {
	// ID is the partner's identifier of the transfer; required.
	ID string
	// Request is one of *jiko.OnUsFundingRequest, *OnUsDefundingRequest,
	// *OnUsReallocationRequest or *OnUsPeerToPeerRequest; it is checked
	// when sent.
	Request jiko.OnUsTransferRequest
}

// IntentID returns the intent's ID.
func (i *OnUsIntent) IntentID() string { return i.ID }

func (i *OnUsIntent) encode(key string) (row, error) {
	var id *string
	switch r := i.Request.(type) {
	case *jiko.OnUsFundingRequest:
		c := *r
		i, id = &OnUsIntent{ID: i.ID, Request: &c}, &c.TransferID
	case *jiko.OnUsDefundingRequest:
		c := *r
		i, id = &OnUsIntent{ID: i.ID, Request: &c}, &c.TransferID
	case *jiko.OnUsReallocationRequest:
		c := *r
		i, id = &OnUsIntent{ID: i.ID, Request: &c}, &c.TransferID
	case *jiko.OnUsPeerToPeerRequest:
		c := *r
		i, id = &OnUsIntent{ID: i.ID, Request: &c}, &c.TransferID
	default:
		return row{}, &jiko.ValidationError{Field: "OnUsIntent.Request", Reason: fmt.Sprintf("%T is not one of the four on-us requests of jiko", i.Request)}
	}
	if *id == "" {
		*id = key
	}
	return newRow(KindOnUs, ops.OnUsCreate.Method, ops.OnUsCreate.Path, i.Request, *id, "")
}

// RequestIntent is any other write, sent with [jiko.Client.Do] and the
// intent's key. Its outcome is done or refused on an answer; when no
// answer comes within the idempotency window it needs review, since the
// dispatcher knows no way to read it back.
type RequestIntent struct {
	// ID is the partner's identifier of the write; required.
	ID string
	// Method is the HTTP method, such as "POST"; required.
	Method string
	// Path is the escaped path below the base URL, with its trailing
	// slash, as [jiko.Client.Do] takes it; required.
	Path string
	// Body is encoded as JSON when the intent is enqueued; nil sends no
	// body.
	Body any
}

// IntentID returns the intent's ID.
func (i *RequestIntent) IntentID() string { return i.ID }

func (i *RequestIntent) encode(string) (row, error) {
	switch {
	case i.Method == "" || strings.ContainsAny(i.Method, " \t\r\n"):
		return row{}, &jiko.ValidationError{Field: "RequestIntent.Method", Reason: fmt.Sprintf("%q is not an HTTP method", i.Method)}
	case !strings.HasPrefix(i.Path, "/"):
		return row{}, &jiko.ValidationError{Field: "RequestIntent.Path", Reason: fmt.Sprintf("%q must start with '/'", i.Path)}
	}
	return newRow(KindRequest, strings.ToUpper(i.Method), i.Path, i.Body, "", "")
}

// row is an intent as the table stores it.
type row struct {
	kind               Kind
	method, path       string
	body               string // JSON, or "" for none
	reference, account string
}

func newRow(kind Kind, method, path string, body any, reference, account string) (row, error) {
	r := row{kind: kind, method: method, path: path, reference: reference, account: account}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return row{}, &jiko.ValidationError{Field: "Body", Reason: "cannot be encoded as JSON: " + err.Error()}
		}
		r.body = string(b)
	}
	return r, nil
}

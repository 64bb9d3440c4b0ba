package jikooutbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/google/uuid"
	"github.com/jiko-go/jiko"
)

// outcome is what one send or read of an intent learnt.
type outcome struct {
	// state is the intent's next state; empty keeps its state and tries
	// again after a backoff (a 401 or 403, a failed read).
	state State
	// objectID is the API object's id, when done.
	objectID string
	// err is the failure, kept as the record's last_error.
	err error
	// sent says whether a request was sent (attempts counts them).
	sent bool
	// via says how a final outcome was learnt.
	via Via
	// read asks for a read at once (a 409: the key or the transfer's id
	// was used already).
	read bool
}

// send sends r once with its key, through the SDK's method for its kind.
func (d *Dispatcher) send(ctx context.Context, r Record) outcome {
	key := jiko.WithIdempotencyKey(r.IdempotencyKey)
	if d.cfg.bug == bugFreshKey {
		key = jiko.WithIdempotencyKey(uuid.NewString())
	}
	var id string
	var err error
	switch r.Kind {
	case KindACH:
		var req jiko.ACHCreateRequest
		if err = json.Unmarshal(r.Body, &req); err != nil {
			return unreadable(err)
		}
		var t *jiko.ACHTransfer
		if t, err = d.client.ACH.Create(ctx, r.PocketID, &req, key); err == nil {
			id = t.ID
		}
	case KindWire:
		var req jiko.WireCreateRequest
		if err = json.Unmarshal(r.Body, &req); err != nil {
			return unreadable(err)
		}
		var w *jiko.WireReceipt
		if w, err = d.client.Wires.Create(ctx, r.PocketID, &req, key); err == nil {
			id = w.WireID
		}
	case KindOnUs:
		req, derr := onUsRequest(r.Body)
		if derr != nil {
			return unreadable(derr)
		}
		var t *jiko.OnUsTransfer
		if t, err = d.client.OnUs.Create(ctx, req, key); err == nil {
			id = t.ID
		}
	case KindRequest:
		var body any // none
		if r.Body != nil {
			body = r.Body
		}
		var out json.RawMessage
		if err = d.client.Do(ctx, r.Method, r.Path, nil, body, &out, key); err == nil {
			id = objectID(out)
		}
	default:
		return outcome{state: StateNeedsReview, err: fmt.Errorf("unknown intent kind %q", r.Kind)}
	}
	o := classify(err)
	o.objectID = id
	return o
}

// unreadable is the outcome of a stored body that no longer decodes:
// nothing was sent, and nothing will be.
func unreadable(err error) outcome {
	return outcome{state: StateRefused, err: fmt.Errorf("stored body: %w", err), via: ViaAnswer}
}

// classify turns the error of a send into its outcome:
//
//   - no error: done;
//   - a *jiko.ValidationError (the SDK refused the request, nothing was
//     sent): refused;
//   - [jiko.MayHaveSucceeded] (no answer, 408, 429, 5xx, an unreadable
//     2xx): uncertain;
//   - 401 or 403 (credentials or signature refused: nothing happened):
//     tried again later, the state unchanged;
//   - 409 (the key or the transfer's id is taken, by an earlier send of
//     the intent): read back at once;
//   - any other status: refused;
//   - anything else (no *jiko.Error): uncertain.
func classify(err error) outcome {
	if err == nil {
		return outcome{state: StateDone, sent: true, via: ViaAnswer}
	}
	var refused *jiko.ValidationError
	if errors.As(err, &refused) {
		return outcome{state: StateRefused, err: err, via: ViaAnswer}
	}
	if jiko.MayHaveSucceeded(err) {
		return outcome{state: StateUncertain, err: err, sent: true}
	}
	var e *jiko.Error
	if !errors.As(err, &e) || e.StatusCode == 0 || e.StatusCode >= 500 || slices.Contains([]int{http.StatusRequestTimeout, http.StatusTooManyRequests}, e.StatusCode) {
		return outcome{state: StateUncertain, err: err, sent: true}
	}
	switch e.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return outcome{err: err, sent: true}
	case http.StatusConflict:
		return outcome{err: err, sent: true, read: true}
	}
	return outcome{state: StateRefused, err: err, sent: true, via: ViaAnswer}
}

// objectID is the "id" of a JSON object answer, or "".
func objectID(b json.RawMessage) string {
	var v struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(b, &v) != nil || v.ID == nil {
		return ""
	}
	return fmt.Sprint(v.ID)
}

// onUsRequest decodes a stored on-us request by its type.
func onUsRequest(body []byte) (jiko.OnUsTransferRequest, error) {
	var head struct {
		Type jiko.OnUsTransferType `json:"type"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, err
	}
	var req jiko.OnUsTransferRequest
	switch head.Type {
	case jiko.OnUsPartnerCustomerFunding:
		req = new(jiko.OnUsFundingRequest)
	case jiko.OnUsPartnerCustomerDefunding:
		req = new(jiko.OnUsDefundingRequest)
	case jiko.OnUsInternalReallocation:
		req = new(jiko.OnUsReallocationRequest)
	case jiko.OnUsPeerToPeer:
		req = new(jiko.OnUsPeerToPeerRequest)
	default:
		return nil, fmt.Errorf("unknown on-us transfer type %q", head.Type)
	}
	return req, json.Unmarshal(body, req)
}

// read looks for the transfer r asked for, without sending anything:
//
//   - an ACH origination in its Pocket's list (List ACH Originations),
//     by the payment_related_information entry the intent added;
//   - a wire by its wire_id (Get Wire; inferred: the reference names
//     the operation, and the SDK infers its path and that it takes the
//     wire_id the request sent);
//   - an on-us transfer by its transfer_id (Get On-Us Transfer;
//     inferred: the path names transfer_id, but whether it takes the
//     id the partner sent or only the API's own is not stated);
//   - a RequestIntent has no read: it needs review.
//
// Found, it is done; not found, it needs review; a failed read is tried
// again later.
func (d *Dispatcher) read(ctx context.Context, r Record, why error) outcome {
	var id string
	var err error
	switch r.Kind {
	case KindACH:
		id, err = d.findACH(ctx, r)
	case KindWire:
		var w *jiko.Wire
		if w, err = d.client.Wires.Get(ctx, r.Reference); err == nil {
			id = w.ID
		}
	case KindOnUs:
		var t *jiko.OnUsTransfer
		if t, err = d.client.OnUs.Get(ctx, r.Reference); err == nil {
			id = t.ID
		}
	default:
		return outcome{state: StateNeedsReview, err: fmt.Errorf("%w; a %s intent has no read to learn its outcome", why, r.Kind)}
	}
	switch {
	case err == nil && id != "":
		return outcome{state: StateDone, objectID: id, via: ViaRead}
	case err == nil || jiko.IsNotFound(err):
		return outcome{state: StateNeedsReview, err: fmt.Errorf("%w; a read found no %s with reference %s", why, r.Kind, r.Reference)}
	}
	return outcome{err: fmt.Errorf("reading back: %w", err)}
}

// findACH returns the id of the ACH origination of r's Pocket whose
// payment_related_information holds r's reference, or "".
func (d *Dispatcher) findACH(ctx context.Context, r Record) (string, error) {
	for t, err := range d.client.ACH.ListForPocket(ctx, r.PocketID, &jiko.ACHListParams{Limit: jiko.MaxACHListLimit}).All() {
		if err != nil {
			return "", err
		}
		if slices.Contains(t.PaymentRelatedInformation, r.Reference) {
			return t.ID, nil
		}
	}
	return "", nil
}

package jiko

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// This file holds the answer of the on-us operations: the transfer, and
// the union of the transfer kinds it echoes.

// OnUsTransfer is an on-us (book) transfer between two Jiko Pockets, as
// [OnUsService.Create] and [OnUsService.Get] return it. Its Status and
// Reason say whether the money moved.
type OnUsTransfer struct {
	// ID identifies the transfer; Get takes it.
	ID string `json:"id"`
	// Status is PENDING, COMPLETED or REJECTED.
	Status OnUsTransferStatus `json:"status"`
	// Reason says why the transfer is in its status, such as why it was
	// rejected; nil when the API gives none.
	Reason *TransferStateReason `json:"reason"`
	// Transfer is the transfer as requested, with the amount that moves:
	// an *OnUsFundingDetails, *OnUsDefundingDetails,
	// *OnUsReallocationDetails, *OnUsPeerToPeerDetails, or
	// *UnknownOnUsDetails for a type this package does not know.
	Transfer OnUsTransferDetails `json:"transfer"`
	// Fees are the fees the transfer charged to the source Pocket.
	Fees []Fee `json:"fees"`
	// ObjectType is the API's name for the object, "OnUsTransfer".
	ObjectType string `json:"object_type"`
}

// UnmarshalJSON decodes the transfer into the variant its type names.
func (t *OnUsTransfer) UnmarshalJSON(b []byte) error {
	type plain OnUsTransfer
	var raw struct {
		plain
		Transfer json.RawMessage `json:"transfer"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*t = OnUsTransfer(raw.plain)
	if len(raw.Transfer) == 0 || bytes.Equal(raw.Transfer, []byte("null")) {
		t.Transfer = nil
		return nil
	}
	d, err := decodeOnUsDetails(raw.Transfer)
	if err != nil {
		return fmt.Errorf("on-us transfer: %w", err)
	}
	t.Transfer = d
	return nil
}

// OnUsTransferDetails is the transfer an [OnUsTransfer] carries, one variant
// per type, or [*UnknownOnUsDetails] for a type this package does not know.
// Switch on its concrete type:
//
//	switch d := t.Transfer.(type) {
//	case *jiko.OnUsReallocationDetails:
//		fmt.Println(d.FromAccount.ID, "->", d.ToAccount.ID, d.Amount)
//	case *jiko.UnknownOnUsDetails:
//		log.Printf("on-us transfer of type %s", d.Type)
//	}
type OnUsTransferDetails interface {
	// TransferType is the variant's type.
	TransferType() OnUsTransferType
	onUsDetails()
}

// OnUsFundingDetails is a PARTNER_CUSTOMER_FUNDING transfer.
type OnUsFundingDetails struct {
	// TransferID is the transfer's id as requested or assigned.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is the requester's reference.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the partner's Pocket.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the customer's Pocket.
	ToAccount OnUsAccount `json:"to_account"`
	// Source names where the funds came from at the partner.
	Source string `json:"source"`
	// Amount is what moves.
	Amount Money `json:"amount"`
}

// OnUsDefundingDetails is a PARTNER_CUSTOMER_DEFUNDING transfer.
type OnUsDefundingDetails struct {
	// TransferID is the transfer's id as requested or assigned.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is the requester's reference.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the customer's Pocket.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the partner's Pocket.
	ToAccount OnUsAccount `json:"to_account"`
	// Target names where the funds go at the partner.
	Target string `json:"target"`
	// Amount is what moves (for a full withdrawal, what it came to).
	Amount Money `json:"amount"`
}

// OnUsReallocationDetails is an INTERNAL_REALLOCATION transfer.
type OnUsReallocationDetails struct {
	// TransferID is the transfer's id as requested or assigned.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is the requester's reference.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the Pocket the money leaves.
	FromAccount OnUsAccount `json:"from_account"`
	// ToAccount is the Pocket it reaches.
	ToAccount OnUsAccount `json:"to_account"`
	// Amount is what moves.
	Amount Money `json:"amount"`
}

// OnUsPeerToPeerDetails is a PEER_TO_PEER transfer. Inferred as for
// [OnUsPeerToPeerRequest].
type OnUsPeerToPeerDetails struct {
	// TransferID is the transfer's id as requested or assigned.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is the requester's reference.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the customer's Pocket.
	FromAccount OnUsAccount `json:"from_account"`
	// DestinationCounterpartyID is the on-us counterparty paid.
	DestinationCounterpartyID string `json:"destination_counterparty_id"`
	// Amount is what moves.
	Amount Money `json:"amount"`
}

// UnknownOnUsDetails is a transfer of a type this package does not know.
// Raw keeps it as the API sent it.
type UnknownOnUsDetails struct {
	// Type is the transfer's type.
	Type OnUsTransferType
	// Raw is the transfer object as received.
	Raw json.RawMessage
}

// TransferType returns PARTNER_CUSTOMER_FUNDING.
func (*OnUsFundingDetails) TransferType() OnUsTransferType { return OnUsPartnerCustomerFunding }

// TransferType returns PARTNER_CUSTOMER_DEFUNDING.
func (*OnUsDefundingDetails) TransferType() OnUsTransferType { return OnUsPartnerCustomerDefunding }

// TransferType returns INTERNAL_REALLOCATION.
func (*OnUsReallocationDetails) TransferType() OnUsTransferType { return OnUsInternalReallocation }

// TransferType returns PEER_TO_PEER.
func (*OnUsPeerToPeerDetails) TransferType() OnUsTransferType { return OnUsPeerToPeer }

// TransferType returns the type the API sent.
func (d *UnknownOnUsDetails) TransferType() OnUsTransferType { return d.Type }

func (*OnUsFundingDetails) onUsDetails()      {}
func (*OnUsDefundingDetails) onUsDetails()    {}
func (*OnUsReallocationDetails) onUsDetails() {}
func (*OnUsPeerToPeerDetails) onUsDetails()   {}
func (*UnknownOnUsDetails) onUsDetails()      {}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsFundingDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsFundingDetails
	return typedJSON(string(d.TransferType()), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsDefundingDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsDefundingDetails
	return typedJSON(string(d.TransferType()), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsReallocationDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsReallocationDetails
	return typedJSON(string(d.TransferType()), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsPeerToPeerDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsPeerToPeerDetails
	return typedJSON(string(d.TransferType()), (*plain)(d))
}

// MarshalJSON returns the transfer as it was received.
func (d *UnknownOnUsDetails) MarshalJSON() ([]byte, error) { return rawOrNull(d.Raw), nil }

// decodeOnUsDetails decodes a transfer object into the variant its type
// names, or an *UnknownOnUsDetails.
func decodeOnUsDetails(b []byte) (OnUsTransferDetails, error) {
	var head struct {
		Type OnUsTransferType `json:"type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, err
	}
	var d OnUsTransferDetails
	switch head.Type {
	case OnUsPartnerCustomerFunding:
		d = new(OnUsFundingDetails)
	case OnUsPartnerCustomerDefunding:
		d = new(OnUsDefundingDetails)
	case OnUsInternalReallocation:
		d = new(OnUsReallocationDetails)
	case OnUsPeerToPeer:
		d = new(OnUsPeerToPeerDetails)
	default:
		return &UnknownOnUsDetails{Type: head.Type, Raw: bytes.Clone(b)}, nil
	}
	if err := json.Unmarshal(b, d); err != nil {
		return nil, fmt.Errorf("%s transfer: %w", head.Type, err)
	}
	return d, nil
}

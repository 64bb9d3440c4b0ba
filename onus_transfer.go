package jiko

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
	// Transfer is the transfer as requested, with the amount that moves: a
	// union whose Variant is an *OnUsFundingDetails,
	// *OnUsDefundingDetails, *OnUsReallocationDetails,
	// *OnUsPeerToPeerDetails, or *UnknownOnUsDetails.
	Transfer OnUsDetails `json:"transfer"`
	// Fees are the fees the transfer charged to the source Pocket.
	Fees []Fee `json:"fees"`
	// ObjectType is the API's name for the object, "OnUsTransfer".
	ObjectType string `json:"object_type"`
}

// OnUsDetailsVariant is one variant of the transfer an [OnUsTransfer]
// carries, one per type, or [*UnknownOnUsDetails] for a type this package
// does not know or a transfer it could not decode.
type OnUsDetailsVariant interface {
	// Common returns the fields every transfer has.
	Common() *OnUsDetailsCommon
	isOnUsDetailsVariant()
}

// OnUsDetailsCommon holds the fields every kind of on-us transfer has; read
// them through [OnUsDetails.Common] without switching on the kind.
type OnUsDetailsCommon struct {
	// TransferID is the transfer's id as requested or assigned.
	TransferID string `json:"transfer_id,omitempty"`
	// Description is shown on statements.
	Description string `json:"description,omitempty"`
	// EndToEndIdentification is the requester's reference.
	EndToEndIdentification string `json:"end_to_end_identification,omitempty"`
	// FromAccount is the Pocket the money leaves.
	FromAccount OnUsAccount `json:"from_account"`
	// Amount is what moves (for a full withdrawal, what it came to).
	Amount Money `json:"amount"`
}

// Common returns c itself; every variant has it through embedding.
func (c *OnUsDetailsCommon) Common() *OnUsDetailsCommon { return c }

// OnUsDetails is the transfer an [OnUsTransfer] carries: a union keyed by
// "type", held in Variant. Switch on the variant:
//
//	switch d := t.Transfer.Variant.(type) {
//	case *jiko.OnUsReallocationDetails:
//		fmt.Println(d.FromAccount.ID, "->", d.ToAccount.ID, d.Amount)
//	case *jiko.UnknownOnUsDetails:
//		log.Printf("on-us transfer of type %s not decoded (%v)", d.Kind(), d.Err)
//	}
type OnUsDetails struct {
	// Variant is the transfer's variant; see OnUsDetailsVariant.
	Variant OnUsDetailsVariant
}

var onUsDetailsUnion = newUnionTable("on-us transfer", "type", map[OnUsTransferType]func() OnUsDetailsVariant{
	OnUsPartnerCustomerFunding:   func() OnUsDetailsVariant { return new(OnUsFundingDetails) },
	OnUsPartnerCustomerDefunding: func() OnUsDetailsVariant { return new(OnUsDefundingDetails) },
	OnUsInternalReallocation:     func() OnUsDetailsVariant { return new(OnUsReallocationDetails) },
	OnUsPeerToPeer:               func() OnUsDetailsVariant { return new(OnUsPeerToPeerDetails) },
}, func(raw RawVariant) OnUsDetailsVariant { return &UnknownOnUsDetails{RawVariant: raw} })

// Common returns the fields every transfer has; nil when empty, or for an
// unknown transfer whose common fields did not all decode (an amount that
// is not a number is absent, not $0.00).
func (d OnUsDetails) Common() *OnUsDetailsCommon {
	if d.Variant == nil || isNilPointer(d.Variant) {
		return nil
	}
	return d.Variant.Common()
}

// Kind returns the transfer's type, as it came for an unknown one ("" when
// empty).
func (d OnUsDetails) Kind() OnUsTransferType { return onUsDetailsUnion.kindOf(d.Variant) }

func (d OnUsDetails) variant() any { return d.Variant }

// UnmarshalJSON decodes the variant named by the "type" key.
func (d *OnUsDetails) UnmarshalJSON(b []byte) (err error) {
	d.Variant, err = onUsDetailsUnion.decode(b, "")
	return err
}

// MarshalJSON encodes the variant with its type (an unknown one as it
// came).
func (d OnUsDetails) MarshalJSON() ([]byte, error) { return marshalVariant(d.Variant) }

// OnUsFundingDetails is a PARTNER_CUSTOMER_FUNDING transfer.
type OnUsFundingDetails struct {
	OnUsDetailsCommon
	// ToAccount is the customer's Pocket.
	ToAccount OnUsAccount `json:"to_account"`
	// Source names where the funds came from at the partner.
	Source string `json:"source"`
}

// OnUsDefundingDetails is a PARTNER_CUSTOMER_DEFUNDING transfer.
type OnUsDefundingDetails struct {
	OnUsDetailsCommon
	// ToAccount is the partner's Pocket.
	ToAccount OnUsAccount `json:"to_account"`
	// Target names where the funds go at the partner.
	Target string `json:"target"`
}

// OnUsReallocationDetails is an INTERNAL_REALLOCATION transfer.
type OnUsReallocationDetails struct {
	OnUsDetailsCommon
	// ToAccount is the Pocket it reaches.
	ToAccount OnUsAccount `json:"to_account"`
}

// OnUsPeerToPeerDetails is a PEER_TO_PEER transfer. Inferred as for
// [OnUsPeerToPeerRequest].
type OnUsPeerToPeerDetails struct {
	OnUsDetailsCommon
	// DestinationCounterpartyID is the on-us counterparty paid.
	DestinationCounterpartyID string `json:"destination_counterparty_id"`
}

// UnknownOnUsDetails is a transfer of a type this package does not know,
// or one its known type's variant could not hold (Err says why). The
// common fields are there when all of them decoded (nil otherwise: an
// amount that is not a number is absent, not $0.00); Raw keeps it as the
// API sent it.
type UnknownOnUsDetails struct {
	// OnUsDetailsCommon holds the common members; nil unless every one of
	// them decoded.
	*OnUsDetailsCommon
	RawVariant
}

func (*OnUsFundingDetails) isOnUsDetailsVariant()      {}
func (*OnUsDefundingDetails) isOnUsDetailsVariant()    {}
func (*OnUsReallocationDetails) isOnUsDetailsVariant() {}
func (*OnUsPeerToPeerDetails) isOnUsDetailsVariant()   {}
func (*UnknownOnUsDetails) isOnUsDetailsVariant()      {}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsFundingDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsFundingDetails
	return typedJSON("type", string(OnUsPartnerCustomerFunding), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsDefundingDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsDefundingDetails
	return typedJSON("type", string(OnUsPartnerCustomerDefunding), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsReallocationDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsReallocationDetails
	return typedJSON("type", string(OnUsInternalReallocation), (*plain)(d))
}

// MarshalJSON encodes the transfer with its type.
func (d *OnUsPeerToPeerDetails) MarshalJSON() ([]byte, error) {
	type plain OnUsPeerToPeerDetails
	return typedJSON("type", string(OnUsPeerToPeer), (*plain)(d))
}

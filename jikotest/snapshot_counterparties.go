package jikotest

import "time"

// counterpartyBookSnapshot is a counterpartyBook; the counterparties are
// listed in creation order.
type counterpartyBookSnapshot struct {
	Counterparties []counterpartySnapshot `json:"counterparties"`
	// LinkTokens maps each Plaid link token to its customer's id.
	LinkTokens map[string]string `json:"link_tokens"`
}

// counterpartySnapshot is a counterparty.
type counterpartySnapshot struct {
	ID             string      `json:"id"`
	CustomerID     string      `json:"customer_id"`
	Kind           string      `json:"kind"`
	Created        time.Time   `json:"created"`
	Verified       bool        `json:"verified"`
	Unlinked       bool        `json:"unlinked"`
	Method         string      `json:"verification_method"`
	V1Method       string      `json:"v1_verification_type"`
	PlaidStatus    string      `json:"plaid_status"`
	PlaidMask      string      `json:"plaid_mask"`
	RoutingNumber  string      `json:"routing_number"`
	AccountNumber  string      `json:"account_number"`
	AccountType    string      `json:"account_type"`
	NameOnAccount  string      `json:"name_on_account"`
	Institution    string      `json:"institution"`
	Identifier     string      `json:"identifier"`
	IdentifierType string      `json:"identifier_type"`
	Instructions   string      `json:"instructions"`
	Address        addressWire `json:"address"`
	Name           nameWire    `json:"name"`
	PocketID       string      `json:"pocket_id"`
	WalletAddress  string      `json:"wallet_address"`
	Network        string      `json:"network"`
}

func (b *counterpartyBook) snapshot() counterpartyBookSnapshot {
	out := counterpartyBookSnapshot{Counterparties: make([]counterpartySnapshot, len(b.order)), LinkTokens: b.linkTokens}
	for i, id := range b.order {
		c := b.byID[id]
		out.Counterparties[i] = counterpartySnapshot{
			ID: c.id, CustomerID: c.customerID, Kind: c.kind, Created: c.created, Verified: c.verified, Unlinked: c.unlinked,
			Method: c.method, V1Method: c.v1Method, PlaidStatus: c.plaidStatus, PlaidMask: c.plaidMask,
			RoutingNumber: c.routingNumber, AccountNumber: c.accountNumber, AccountType: c.accountType,
			NameOnAccount: c.nameOnAccount, Institution: c.institution, Identifier: c.identifier,
			IdentifierType: c.identifierType, Instructions: c.instructions, Address: c.address, Name: c.name,
			PocketID: c.pocketID, WalletAddress: c.walletAddress, Network: c.network,
		}
	}
	return out
}

func (p counterpartyBookSnapshot) restore(b counterpartyBook) counterpartyBook {
	for _, c := range p.Counterparties {
		b.byID[c.ID] = &counterparty{
			id: c.ID, customerID: c.CustomerID, kind: c.Kind, created: c.Created, verified: c.Verified, unlinked: c.Unlinked,
			method: c.Method, v1Method: c.V1Method, plaidStatus: c.PlaidStatus, plaidMask: c.PlaidMask,
			routingNumber: c.RoutingNumber, accountNumber: c.AccountNumber, accountType: c.AccountType,
			nameOnAccount: c.NameOnAccount, institution: c.Institution, identifier: c.Identifier,
			identifierType: c.IdentifierType, instructions: c.Instructions, address: c.Address, name: c.Name,
			pocketID: c.PocketID, walletAddress: c.WalletAddress, network: c.Network,
		}
		b.order = append(b.order, c.ID)
	}
	b.linkTokens = restoreMap(b.linkTokens, p.LinkTokens, func(id string) string { return id })
	return b
}

package jiko

import (
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// This file holds what the onboarding and customer operations share about
// documents: their types and statuses, the Document model, identification
// numbers that print redacted, and the checks every raw-file upload makes
// before it sends anything.

// DocumentType names a kind of document an application or a customer can
// upload, such as ID_FRONT or ARTICLES_OF_INCORPORATION: the document_type
// of [IndividualsService.UploadDocument] and
// [CustomersService.UploadDocument], and the Type of a requested
// [Document].
type DocumentType string

// The document types of the reference, in its order. Values not listed here
// decode as they come.
const (
	DocumentIDFront                          DocumentType = "ID_FRONT"
	DocumentIDBack                           DocumentType = "ID_BACK"
	DocumentSelfie                           DocumentType = "SELFIE"
	DocumentIdentificationNumberVerification DocumentType = "IDENTIFICATION_NUMBER_VERIFICATION"
	DocumentAddressVerification              DocumentType = "ADDRESS_VERIFICATION"
	DocumentPassport                         DocumentType = "PASSPORT"
	DocumentEINConfirmation                  DocumentType = "EIN_CONFIRMATION"
	DocumentOperatingAgreement               DocumentType = "OPERATING_AGREEMENT"
	DocumentPartnershipAgreement             DocumentType = "PARTNERSHIP_AGREEMENT"
	DocumentArticlesOfIncorporation          DocumentType = "ARTICLES_OF_INCORPORATION"
	DocumentBylaws                           DocumentType = "BYLAWS"
	DocumentProofOf501Status                 DocumentType = "PROOF_OF_501_STATUS"
	DocumentArticlesOfAssociation            DocumentType = "ARTICLES_OF_ASSOCIATION"
	DocumentCorporateCharter                 DocumentType = "CORPORATE_CHARTER"
	DocumentTrustFormationRecords            DocumentType = "TRUST_FORMATION_RECORDS"
	DocumentListOfTrustees                   DocumentType = "LIST_OF_TRUSTEES"
	DocumentLegalAnalysisOfBusinessModel     DocumentType = "LEGAL_ANALYSIS_OF_BUSINESS_MODEL"
	DocumentCoinsAndTokensListedAndOffered   DocumentType = "COINS_AND_TOKENS_LISTED_AND_OFFERED"
	DocumentCoinRatingPolicyAndProcedures    DocumentType = "COIN_RATING_POLICY_AND_PROCEDURES"
	DocumentTypeOfBlockchainAnalyticsUsed    DocumentType = "TYPE_OF_BLOCKCHAIN_ANALYTICS_USED"
	DocumentMarketManipulationPolicy         DocumentType = "MARKET_MANIPULATION_POLICY"
	DocumentBSAAMLOFACPolicies               DocumentType = "BSA_AML_OFAC_POLICIES"
	DocumentIndependentAMLAuditReport        DocumentType = "INDEPENDENT_AML_AUDIT_REPORT"
	DocumentBSAAMLOFACInternalRiskAssessment DocumentType = "BSA_AML_OFAC_INTERNAL_RISK_ASSESSMENT"
	DocumentArticlesOfOrganization           DocumentType = "ARTICLES_OF_ORGANIZATION"
	DocumentFlowOfFunds                      DocumentType = "FLOW_OF_FUNDS"
	DocumentBankStatements1                  DocumentType = "BANK_STATEMENTS_1"
	DocumentBankStatements2                  DocumentType = "BANK_STATEMENTS_2"
	DocumentBankStatements3                  DocumentType = "BANK_STATEMENTS_3"
	DocumentWireCounterpartyVerification     DocumentType = "WIRE_COUNTERPARTY_VERIFICATION"
	DocumentOther                            DocumentType = "OTHER"
)

// The upload size limits of the reference. The 50 MB bound is the
// Content-Length header's exclusive maximum, 52,428,800 bytes. Inferred: the
// "5 MB" of the identity documents is read the same way, as 5 MiB.
const (
	// MaxDocumentSize is the largest file the upload operations take.
	MaxDocumentSize int64 = 50<<20 - 1
	// MaxIdentityDocumentSize is the largest ID_FRONT, ID_BACK, SELFIE or
	// PASSPORT file.
	MaxIdentityDocumentSize int64 = 5 << 20
)

// MaxSize returns the largest file of this type an upload takes:
// [MaxIdentityDocumentSize] for ID_FRONT, ID_BACK, SELFIE and PASSPORT,
// [MaxDocumentSize] for every other type. Check a file against it before
// accepting it from a user.
func (t DocumentType) MaxSize() int64 {
	switch t {
	case DocumentIDFront, DocumentIDBack, DocumentSelfie, DocumentPassport:
		return MaxIdentityDocumentSize
	}
	return MaxDocumentSize
}

// DocumentContentTypes lists the MIME types the upload operations accept,
// for checking a user's file (or an accept attribute) before uploading it.
//
// Inferred: the v1.29 reference gives the Content-Type header the pattern
// "image/png" (a generated placeholder, as its description of the same
// operations asks for the file "unprocessed", the way curl --data-binary
// posts any file), and the documents it asks for include bank statements,
// bylaws and audit reports, which are PDFs as often as scans. No page found
// lists the accepted types, so the client accepts the three formats a
// scanned or photographed document comes in and refuses anything else
// before sending.
func DocumentContentTypes() []string { return slices.Clone(documentContentTypes) }

var documentContentTypes = []string{"image/png", "image/jpeg", "application/pdf"}

// DocumentStatus is where a requested or uploaded document stands.
type DocumentStatus string

// The document statuses of the reference.
const (
	DocumentStatusPendingUpload DocumentStatus = "PENDING_UPLOAD"
	DocumentStatusPendingReview DocumentStatus = "PENDING_REVIEW"
	DocumentStatusApproved      DocumentStatus = "APPROVED"
	DocumentStatusInvalid       DocumentStatus = "INVALID"
)

// ExceptionReason explains why an application or a document needs
// attention, such as a photo too blurry to read.
type ExceptionReason string

// The exception reasons the reference shows. It lists no set of values: this
// one appears in its List Document Requests example. Inferred: an
// application's exception_reasons hold values of the same kind. Other
// values decode as they come.
const (
	ExceptionImageQualityErrorCutoff ExceptionReason = "IMAGE_QUALITY_ERROR_CUTOFF"
)

// Document is a document an application needs or has received: a Document
// Request of a business application ([BusinessesService.ListDocumentRequests]),
// or a document of an individual's application
// ([InternationalApplication.Documents]). Its Status and ExceptionReason say
// whether it still needs a file.
type Document struct {
	// ID identifies the document; a business uploads its file to it with
	// BusinessesService.UploadDocument.
	ID string `json:"id"`
	// Type is the kind of document, such as ARTICLES_OF_INCORPORATION.
	Type DocumentType `json:"type"`
	// Status is PENDING_UPLOAD until a file arrives, then PENDING_REVIEW,
	// APPROVED or INVALID.
	Status DocumentStatus `json:"status"`
	// ExceptionReason says why an INVALID document was refused; nil when
	// the API leaves it out, empty when there is none.
	ExceptionReason *ExceptionReason `json:"exception_reason,omitempty"`
	// Name is the file name of the uploaded file; nil when the API leaves
	// it out, empty before an upload.
	Name *string `json:"name,omitempty"`
}

// DocumentUpload is the answer to an upload by document type
// ([IndividualsService.UploadDocument], [CustomersService.UploadDocument]).
type DocumentUpload struct {
	// Success reports that the file was stored.
	Success bool `json:"success"`
	// DocumentID identifies the stored document.
	DocumentID string `json:"document_id"`
}

// IDNumber is an identification number: a Social Security number, a tax id,
// a passport number. It is sent as it is, but fmt prints it as [REDACTED]
// (with %v, %+v, %#v and %s alike) so that a request or error logged
// through fmt never shows it. Its JSON form is the number itself (the API
// needs it), so a logger that encodes values as JSON shows it.
type IDNumber string

// String returns [REDACTED]; use string(n) for the number itself.
func (n IDNumber) String() string { return redacted }

// GoString returns [REDACTED].
func (n IDNumber) GoString() string { return redacted }

// Format prints [REDACTED] whatever the verb.
func (n IDNumber) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue logs the number redacted.
func (n IDNumber) LogValue() slog.Value { return slog.StringValue(redacted) }

// checkDocumentType refuses a document type outside the reference's list.
func checkDocumentType(t DocumentType) error {
	return checkEnum("document_type", t, documentTypeValues)
}

// contentDisposition is the Content-Disposition header naming the file, as
// the business document upload requires it.
func contentDisposition(file *File) (http.Header, error) {
	if file == nil {
		return nil, invalid("file", "is nil")
	}
	if strings.TrimSpace(file.Name) == "" {
		return nil, invalid("file.Name", "is empty; the operation sends it as the Content-Disposition file name")
	}
	v := mime.FormatMediaType("attachment", map[string]string{"filename": file.Name})
	if v == "" {
		return nil, invalid("file.Name", "%q cannot be sent in a Content-Disposition header", file.Name)
	}
	return http.Header{"Content-Disposition": {v}}, nil
}

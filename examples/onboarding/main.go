// Command onboarding turns a person and a company into Jiko customers with
// the Partner API: it fetches the agreements, submits an individual's
// application, and once it is approved opens the new customer's first
// Pocket; then it fills in a business application over several calls, adds
// two related parties, uploads the document Jiko asks for, submits it and
// opens the business's first Pocket.
//
// With no configuration it runs offline against an in-process fake API
// (package jikotest), which approves every application. To run it against
// your Jiko sandbox, set:
//
//	JIKO_PARTNER         your partner name (or JIKO_BASE_URL, a full https URL)
//	JIKO_USERNAME        the API username
//	JIKO_PASSWORD        the API password
//	JIKO_SIGNING_SECRET  the shared signing secret
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/examples/internal/exampleenv"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "onboarding:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	c, cleanup, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer cleanup()
	// Every write carries an idempotency key derived from this run, so a
	// crashed and restarted run within the hour repeats nothing.
	o := &onboarder{c: c, out: out, run: "onboarding:" + time.Now().UTC().Format("2006-01-02T15:04")}

	ag, err := c.Individuals.GetAgreements(ctx)
	if err != nil {
		return fmt.Errorf("listing the agreements: %w", err)
	}
	fmt.Fprintf(out, "Agreements version %s: %d documents to show the applicant.\n", ag.Version, len(ag.Documents))
	// The applicant read and accepted them now.
	consent := jiko.AgreementConsent{Version: ag.Version, Timestamp: time.Now().UTC()}

	if err := o.individual(ctx, consent); err != nil {
		return err
	}
	return o.business(ctx, consent)
}

// onboarder runs the two flows with one client.
type onboarder struct {
	c   *jiko.Client
	out io.Writer
	run string
}

func (o *onboarder) key(what string) jiko.CallOption {
	return jiko.WithIdempotencyKey(jiko.IdempotencyKeyFor(o.run + ":" + what))
}

func (o *onboarder) individual(ctx context.Context, consent jiko.AgreementConsent) error {
	app, err := o.c.Individuals.CreateApplication(ctx, &jiko.ApplicationCreateRequest{
		IdentificationNumber: "123456789",
		Name:                 jiko.Name{FirstName: "Ada", LastName: "Lovelace"},
		Email:                "ada@example.com",
		PhoneNumber:          "+14155550123",
		DateOfBirth:          jiko.Date{Year: 1990, Month: time.December, Day: 10},
		Address: jiko.Address{StreetAddress: "2000 Allston Way", City: "Berkeley", PostalCode: "94704",
			State: "CA", Country: "US"},
		InvestmentProfile: jiko.InvestmentProfile{Income: jiko.IncomeBetween100KAnd250K, NetWorth: jiko.NetWorthBetween200KAnd1M,
			Occupation: "Mathematician", EmploymentStatus: jiko.EmploymentEmployed},
		AgreementConsent: consent,
	}, o.key("individual"))
	if err != nil {
		return fmt.Errorf("creating the application: %w", err)
	}
	fmt.Fprintf(o.out, "Individual application for %s %s: %s.\n", app.Name.FirstName, app.Name.LastName, app.Status)

	if app, err = o.c.Individuals.Apply(ctx, app.ID, o.key("individual:apply")); err != nil {
		return fmt.Errorf("submitting the application: %w", err)
	}
	fmt.Fprintf(o.out, "Submitted: %s.\n", app.Status)

	var customerID string
	for customerID == "" {
		app, err = o.c.Individuals.GetApplication(ctx, app.ID)
		if err != nil {
			return fmt.Errorf("reading the application: %w", err)
		}
		switch app.Status {
		case jiko.ApplicationApproved:
			customerID = *app.CustomerID
		case jiko.ApplicationDocumentsNeeded:
			if err := o.uploadRequested(ctx, app); err != nil {
				return err
			}
			if err := wait(ctx); err != nil {
				return err
			}
		case jiko.ApplicationRejected, jiko.ApplicationManualReview:
			return fmt.Errorf("the application is %s (%v)", app.Status, app.ExceptionReasons)
		default:
			if err := wait(ctx); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(o.out, "Decision: %s; a customer was created.\n", app.Status)
	return o.firstPocket(ctx, customerID, "Savings", jiko.StrategyUST4W)
}

// uploadRequested uploads a stand-in file for each document an individual's
// application asks for.
func (o *onboarder) uploadRequested(ctx context.Context, app *jiko.InternationalApplication) error {
	for _, d := range app.Documents {
		if d.Status != jiko.DocumentStatusPendingUpload && d.Status != jiko.DocumentStatusInvalid {
			continue
		}
		img := standInPNG()
		_, err := o.c.Individuals.UploadDocument(ctx, app.ID, d.Type,
			&jiko.File{Body: bytes.NewReader(img), Size: int64(len(img)), ContentType: "image/png"}, o.key("upload:"+d.ID))
		if err != nil {
			return fmt.Errorf("uploading %s: %w", d.Type, err)
		}
		fmt.Fprintf(o.out, "Uploaded the requested %s.\n", d.Type)
	}
	return nil
}

func (o *onboarder) business(ctx context.Context, consent jiko.AgreementConsent) error {
	b := o.c.Businesses
	// A business application can be filled in over several calls.
	app, err := b.CreateApplication(ctx, &jiko.BusinessApplicationCreateRequest{
		Name: "Analytical Engines, Inc.", EntityType: jiko.EntityCorporate,
	}, o.key("business"))
	if err != nil {
		return fmt.Errorf("creating the business application: %w", err)
	}
	fmt.Fprintf(o.out, "Business application for %s: %s.\n", app.Name, app.Status)
	noActions := false
	_, err = b.UpdateApplication(ctx, app.ID, &jiko.BusinessApplicationUpdateRequest{
		IdentificationNumber: jiko.Set(jiko.BusinessIdentificationNumber{IdentificationNumber: "987654321", Type: jiko.BusinessIDEIN}),
		Address: jiko.Set(jiko.Address{StreetAddress: "101 Mission Street", City: "San Francisco", PostalCode: "94105",
			State: "CA", Country: "US"}),
		Contact: jiko.Set(jiko.BusinessContact{Name: jiko.Name{FirstName: "Charles", LastName: "Babbage"},
			PhoneNumber: "+14155550188", Email: "charles@engines.example"}),
		FormationDate: jiko.Set(jiko.Date{Year: 2019, Month: time.March, Day: 4}),
		Industry:      jiko.Set(jiko.IndustryInfo{Industry: jiko.IndustryTechnology}),
		RiskInfo: jiko.Set(jiko.RiskInfo{RiskCategories: []jiko.RiskCategory{}, HasCurrentEnforcementActions: &noActions,
			BusinessActivityLocation: jiko.ActivityPrimarilyUS, SourceOfFunds: jiko.SourceInternalFunds,
			AccountUsage: jiko.UsageMoneyStorage, AnnualRevenue: jiko.Revenue5MOrLess}),
		AgreementConsent: jiko.Set(consent),
	}, o.key("business:details"))
	if err != nil {
		return fmt.Errorf("completing the business application: %w", err)
	}

	for i, p := range []struct {
		first, last, title string
		role               jiko.RelatedPartyRole
		share              jiko.Decimal
	}{
		{"Ada", "Lovelace", "CEO", jiko.RoleControlPerson, "0.6"},
		{"Charles", "Babbage", "CTO", jiko.RoleAuthorizedRepresentative, "0.4"},
	} {
		rp, err := b.CreateRelatedParty(ctx, app.ID, &jiko.RelatedPartyCreateRequest{
			Title: p.title, Name: jiko.Name{FirstName: p.first, LastName: p.last},
			DateOfBirth: jiko.Date{Year: 1980 + i, Month: time.January, Day: 15},
			Address: jiko.Address{StreetAddress: "101 Mission Street", City: "San Francisco", PostalCode: "94105",
				State: "CA", Country: "US"},
			IdentificationNumber: jiko.IndividualIdentificationNumber{IdentificationNumber: jiko.IDNumber(fmt.Sprintf("12345678%d", i)),
				IdentificationType: jiko.IndividualIDSSN},
			PhoneNumber: "+1415555019" + fmt.Sprint(i), Email: strings.ToLower(p.first) + "@engines.example",
			Roles: []jiko.RelatedPartyRole{p.role}, OwnershipPercentage: p.share, Citizenship: "US",
		}, o.key("business:party:"+p.last))
		if err != nil {
			return fmt.Errorf("adding %s %s: %w", p.first, p.last, err)
		}
		fmt.Fprintf(o.out, "Added related party %s %s (%s, owns %s).\n", rp.Name.FirstName, rp.Name.LastName, rp.Roles[0], percent(rp.OwnershipPercentage))
	}

	docs, err := b.ListDocumentRequests(ctx, app.ID).Collect()
	if err != nil {
		return fmt.Errorf("listing the document requests: %w", err)
	}
	for _, d := range docs {
		fmt.Fprintf(o.out, "Requested document: %s (%s).\n", d.Type, d.Status)
		if d.Status != jiko.DocumentStatusPendingUpload {
			continue
		}
		pdf := standInPDF(string(d.Type))
		name := strings.ToLower(string(d.Type)) + ".pdf"
		up, err := b.UploadDocument(ctx, d.ID, &jiko.File{Body: bytes.NewReader(pdf), Size: int64(len(pdf)),
			ContentType: "application/pdf", Name: name}, o.key("business:doc:"+d.ID))
		if err != nil && !jiko.IsPreconditionFailed(err) { // 412: already approved, by an earlier run
			return fmt.Errorf("uploading %s: %w", d.Type, err)
		}
		if err == nil {
			fmt.Fprintf(o.out, "Uploaded %s: %s.\n", name, up.Status)
		}
	}

	if app, err = b.Apply(ctx, app.ID, o.key("business:apply")); err != nil {
		return fmt.Errorf("submitting the business application: %w", err)
	}
	fmt.Fprintf(o.out, "Submitted: %s.\n", app.Status)
	for {
		if app, err = b.GetApplication(ctx, app.ID); err != nil {
			return fmt.Errorf("reading the business application: %w", err)
		}
		if app.Status != jiko.ApplicationSubmitted && app.Status != jiko.ApplicationPending {
			break
		}
		if err := wait(ctx); err != nil {
			return err
		}
	}
	if app.Status != jiko.ApplicationApproved {
		return fmt.Errorf("the business application is %s (%v)", app.Status, app.ExceptionReasons)
	}
	fmt.Fprintf(o.out, "Decision: %s; a customer was created.\n", app.Status)
	return o.firstPocket(ctx, *app.CustomerID, "Operating cash", jiko.StrategyUST13W)
}

// firstPocket shows the new customer and opens its first Pocket. An
// approved customer's account stays PENDING until a Pocket is open; then
// it is OPEN.
func (o *onboarder) firstPocket(ctx context.Context, customerID, name string, strategy jiko.StrategyID) error {
	cust, err := o.c.Customers.Get(ctx, customerID)
	if err != nil {
		return fmt.Errorf("reading the customer: %w", err)
	}
	fmt.Fprintf(o.out, "Customer %s (%s) exists; its account is %s%s.\n", customerName(cust), cust.Kind(),
		cust.Common().AccountStatus, accountStatusNote(cust.Common().AccountStatus))
	p, err := o.c.Pockets.Create(ctx, customerID, &jiko.PocketCreateRequest{PocketName: name, DepositStrategyID: strategy},
		o.key("pocket:"+customerID))
	if err != nil {
		return fmt.Errorf("opening the first pocket: %w", err)
	}
	fmt.Fprintf(o.out, "Opened Pocket %q (%s): %s.\n", p.PocketName, p.DepositStrategyID, p.Status)
	if cust, err = o.c.Customers.Get(ctx, customerID); err != nil {
		return fmt.Errorf("reading the customer: %w", err)
	}
	fmt.Fprintf(o.out, "The customer's account is now %s.\n", cust.Common().AccountStatus)
	return nil
}

// accountStatusNote says what a customer's account status means.
func accountStatusNote(s jiko.CustomerAccountStatus) string {
	if s == jiko.CustomerAccountPending {
		return " until its first Pocket opens"
	}
	return ""
}

// percent shows a fraction ("0.6") as a percentage ("60%").
func percent(d jiko.Decimal) string {
	r, err := d.Rat()
	if err != nil {
		return string(d)
	}
	r.Mul(r, big.NewRat(100, 1))
	if r.IsInt() {
		return r.Num().String() + "%"
	}
	return strings.TrimRight(r.FloatString(2), "0") + "%"
}

func customerName(c *jiko.Customer) string {
	switch v := c.Variant.(type) {
	case *jiko.IndividualCustomer:
		return v.Name.FirstName + " " + v.Name.LastName
	case *jiko.BusinessCustomer:
		return v.Name
	}
	return "(a " + string(c.Kind()) + " customer)"
}

// wait pauses between two reads of an application under review.
func wait(ctx context.Context) error {
	select {
	case <-time.After(2 * time.Second):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for a decision: %w", ctx.Err())
	}
}

// standInPNG is a 1×1 PNG, standing in for a photo of an ID.
func standInPNG() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
		"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
}

// standInPDF is a one-line PDF, standing in for a scanned document.
func standInPDF(title string) []byte {
	return []byte("%PDF-1.4\n% " + title + " (stand-in)\n%%EOF\n")
}

// connect builds the client from the environment, or starts the offline
// fake when nothing is configured.
func connect(getenv func(string) string, out io.Writer) (*jiko.Client, func(), error) {
	if !exampleenv.Configured(getenv) {
		c, srv, err := exampleenv.Offline(out)
		if err != nil {
			return nil, nil, err
		}
		return c, srv.Close, nil
	}
	c, err := exampleenv.Connect(getenv)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintln(out, "Using", c.BaseURL())
	return c, func() {}, nil
}

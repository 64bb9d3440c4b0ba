package jiko

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	fixtureSubscriptionID = "497f6eca-6276-4993-bfeb-53cbbbba6f08X" // as published
	webhookSecret         = "whsec-never-print-0123456789"
)

func TestSubscriptionFixturesDecodeStrictly(t *testing.T) {
	for _, name := range []string{"subscription_create.json", "subscription_get.json", "subscription_update.json", "subscription_current.json"} {
		s := testutil.Strict[Subscription](t, testutil.Load(t, name))
		assert.Equal(t, fixtureSubscriptionID, s.ID, name)
		assert.Equal(t, SubscriptionEnabled, s.Status, name)
		assert.Equal(t, []EventName{EventACHInSuccess}, s.Events, name)
		assert.Equal(t, "Subscription", s.ObjectType, name)
		assert.Equal(t, time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC), s.TimeCreated.UTC(), name)
	}
	s := testutil.Strict[Subscription](t, testutil.Load(t, "subscription_current.json"))
	assert.Equal(t, &RetryPolicy{RetryOnStatusCodes: []int{502, 503}, BackoffCoefficient: 1, MaximumAttempts: 1,
		InitialIntervalSeconds: 30, MaximumIntervalSeconds: 300}, s.RetryPolicy)

	page := testutil.Strict[CursorPage[Subscription]](t, testutil.Load(t, "subscriptions_list.json"))
	require.Len(t, page.Items, 1)
	assert.Len(t, page.Items[0].Events, 14)
	for _, e := range page.Items[0].Events {
		assert.True(t, e.Known(), e)
	}
}

func TestSubscriptionRequestFixturesDecodeStrictly(t *testing.T) {
	req := testutil.Strict[SubscriptionCreateRequest](t, testutil.Load(t, "subscription_create.request.json"))
	require.NoError(t, req.validate())
	req = testutil.Strict[SubscriptionCreateRequest](t, testutil.Load(t, "subscription_create_current.request.json"))
	require.NoError(t, req.validate())
	upd := testutil.Strict[SubscriptionUpdateRequest](t, testutil.Load(t, "subscription_update.request.json"))
	require.NoError(t, upd.validate())
	upd = testutil.Strict[SubscriptionUpdateRequest](t, testutil.Load(t, "subscription_update_current.request.json"))
	require.NoError(t, upd.validate())
	st, _ := upd.Status.Get()
	assert.Equal(t, SubscriptionDisabled, st)
}

func TestRetryPolicyInterval(t *testing.T) {
	p := &RetryPolicy{BackoffCoefficient: 2, InitialIntervalSeconds: 1.5, MaximumIntervalSeconds: 10, MaximumAttempts: 6}
	var got []time.Duration
	for n := 1; n <= 5; n++ {
		got = append(got, p.Interval(n))
	}
	assert.Equal(t, []time.Duration{1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 10 * time.Second, 10 * time.Second}, got)
}

func TestSubscriptionsCreate(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/subscriptions/", status(201, fixture(t, "subscription_current.json")))
	s, err := h.c.Subscriptions.Create(context.Background(), &SubscriptionCreateRequest{
		Description:  "Incoming ACH Success Webhook",
		Events:       []EventName{EventACHInSuccess},
		URL:          "https://example.com/webhooks/ach-incoming-success",
		RetryPolicy:  &RetryPolicy{RetryOnStatusCodes: []int{502, 503}, BackoffCoefficient: 1, MaximumAttempts: 1, InitialIntervalSeconds: 30, MaximumIntervalSeconds: 300},
		SharedSecret: "1234567890123456",
	})
	require.NoError(t, err)
	assert.Equal(t, fixtureSubscriptionID, s.ID)
	r := h.last()
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/api/v1/subscriptions/", r.Path)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.Equal(t, compactJSON(t, fixture(t, "subscription_create_current.request.json")), string(r.Body))
}

func TestSubscriptionsCreateMinimalBody(t *testing.T) {
	h := newHarness(t)
	h.on("POST", "/api/v1/subscriptions/", status(201, fixture(t, "subscription_create.json")))
	_, err := h.c.Subscriptions.Create(context.Background(), &SubscriptionCreateRequest{
		Events: []EventName{EventApplicationApproved}, URL: "http://127.0.0.1:8080/hook", SharedSecret: "0123456789123456",
	})
	require.NoError(t, err)
	assert.Equal(t, `{"events":["application.approved"],"url":"http://127.0.0.1:8080/hook","shared_secret":"0123456789123456"}`, string(h.last().Body))
}

func TestSubscriptionsCreateValidation(t *testing.T) {
	ok := func() *SubscriptionCreateRequest {
		return &SubscriptionCreateRequest{Events: []EventName{EventACHInSuccess}, URL: "https://example.com/h", SharedSecret: webhookSecret}
	}
	policy := func(mut func(p *RetryPolicy)) func(r *SubscriptionCreateRequest) {
		return func(r *SubscriptionCreateRequest) {
			p := RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 2, MaximumAttempts: 3, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 5}
			mut(&p)
			r.RetryPolicy = &p
		}
	}
	cases := map[string]func(r *SubscriptionCreateRequest){
		"jiko: SubscriptionCreateRequest.Events: needs at least one event type":                      func(r *SubscriptionCreateRequest) { r.Events = nil },
		`jiko: SubscriptionCreateRequest.Events[1]: "application.aproved" is not a known event type`: func(r *SubscriptionCreateRequest) { r.Events = append(r.Events, "application.aproved") },
		"jiko: SubscriptionCreateRequest.URL: is empty":                                              func(r *SubscriptionCreateRequest) { r.URL = "" },
		"jiko: SubscriptionCreateRequest.URL: is not an absolute http or https URL":                  func(r *SubscriptionCreateRequest) { r.URL = "/relative/hook" },
		"jiko: SubscriptionCreateRequest.URL: is 2084 characters; at most 2083":                      func(r *SubscriptionCreateRequest) { r.URL = "https://example.com/" + strings.Repeat("a", 2064) },
		"jiko: SubscriptionCreateRequest.SharedSecret: must be at least 16 characters":               func(r *SubscriptionCreateRequest) { r.SharedSecret = "short-secret-15" },
		"jiko: SubscriptionCreateRequest.RetryPolicy.RetryOnStatusCodes[0]: 42 is not an HTTP status": policy(func(p *RetryPolicy) {
			p.RetryOnStatusCodes = []int{42}
		}),
		"jiko: SubscriptionCreateRequest.RetryPolicy.MaximumAttempts: must be at least 1, got 0": policy(func(p *RetryPolicy) { p.MaximumAttempts = 0 }),
		"jiko: SubscriptionCreateRequest.RetryPolicy.BackoffCoefficient: must be a finite number, at least 0": policy(func(p *RetryPolicy) {
			p.BackoffCoefficient = math.NaN()
		}),
		"jiko: SubscriptionCreateRequest.RetryPolicy.BackoffCoefficient: must be more than 0 (1 keeps the interval constant)": policy(func(p *RetryPolicy) {
			p.BackoffCoefficient = 0
		}),
		"jiko: SubscriptionCreateRequest.RetryPolicy.InitialIntervalSeconds: must be a finite number, at least 0": policy(func(p *RetryPolicy) {
			p.InitialIntervalSeconds = -1
		}),
		"jiko: SubscriptionCreateRequest.RetryPolicy.MaximumIntervalSeconds: 0.5 is below InitialIntervalSeconds 1": policy(func(p *RetryPolicy) {
			p.MaximumIntervalSeconds = 0.5
		}),
	}
	h := newHarness(t)
	for want, mutate := range cases {
		req := ok()
		mutate(req)
		_, err := h.c.Subscriptions.Create(context.Background(), req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	_, err := h.c.Subscriptions.Create(context.Background(), nil)
	assert.EqualError(t, err, "jiko: SubscriptionCreateRequest: is nil")
	assert.Empty(t, h.requests())
}

func TestSubscriptionSecretNeverPrinted(t *testing.T) {
	create := SubscriptionCreateRequest{Events: []EventName{EventACHInSuccess}, URL: "https://example.com/h", SharedSecret: webhookSecret,
		RetryPolicy: &RetryPolicy{MaximumAttempts: 1}}
	update := SubscriptionUpdateRequest{SharedSecret: Set(webhookSecret), Description: Set("rotated")}
	for _, v := range []any{create, &create, update, &update} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%10v"} {
			out := fmt.Sprintf(format, v)
			assert.NotContains(t, out, webhookSecret, format)
			assert.NotContains(t, out, fmt.Sprintf("%x", webhookSecret), format)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", create), "SharedSecret:REDACTED")
	assert.Contains(t, fmt.Sprintf("%+v", create), "URL:https://example.com/h")
	assert.True(t, strings.HasPrefix(create.GoString(), "jiko.SubscriptionCreateRequest{"), create.GoString())
	assert.True(t, strings.HasPrefix(update.GoString(), "jiko.SubscriptionUpdateRequest{"), update.GoString())
	assert.Contains(t, update.String(), "REDACTED")
	assert.Contains(t, update.String(), "rotated")
	assert.NotContains(t, SubscriptionUpdateRequest{Description: Set("x")}.String(), "REDACTED")

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("subscribing", "req", create, "update", &update)
	assert.NotContains(t, logs.String(), webhookSecret)
	assert.Contains(t, logs.String(), "REDACTED")
}

func TestSubscriptionSecretNotEchoedByAnAPIError(t *testing.T) {
	h := newHarness(t)
	// A 422 that echoes the input, as some validators do.
	echo := `{"detail":[{"loc":["body","url"],"msg":"bad url; input {'shared_secret': '` + webhookSecret + `'}","type":"value_error.url"}]}`
	h.on("POST", "/api/v1/subscriptions/", status(422, echo))
	h.on("PATCH", "/api/v1/subscriptions/"+subscriptionID+"/", status(422, echo))
	req := &SubscriptionCreateRequest{Events: []EventName{EventACHInSuccess}, URL: "https://example.com/h", SharedSecret: webhookSecret}
	_, errCreate := h.c.Subscriptions.Create(context.Background(), req)
	_, errUpdate := h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{SharedSecret: Set(webhookSecret)})
	for _, err := range []error{errCreate, errUpdate} {
		require.Error(t, err)
		assert.True(t, IsValidation(err))
		assert.NotContains(t, err.Error(), webhookSecret)
		assert.NotContains(t, fmt.Sprintf("%+v", err), webhookSecret)
		var apiErr *Error
		require.True(t, errors.As(err, &apiErr))
		assert.NotContains(t, string(apiErr.Body), webhookSecret)
		require.Len(t, apiErr.Issues, 1)
		assert.Equal(t, "url", apiErr.Issues[0].Field)
	}
	// Without a secret in the body, the API's text is kept.
	_, err := h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{Description: Set("d")})
	assert.Contains(t, err.Error(), "bad url")
}

func TestSubscriptionsGet(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/subscriptions/"+subscriptionID+"/", status(200, fixture(t, "subscription_get.json")))
	s, err := h.c.Subscriptions.Get(context.Background(), subscriptionID)
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/webhooks/ach-incoming-success", s.URL)
	r := h.last()
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/api/v1/subscriptions/"+subscriptionID+"/", r.Path)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.False(t, r.HasBody)
}

func TestSubscriptionsGetNotFound(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/subscriptions/"+subscriptionID+"/", status(404, `{"detail":"Not found"}`))
	_, err := h.c.Subscriptions.Get(context.Background(), subscriptionID)
	assert.True(t, IsNotFound(err))
}

func TestSubscriptionsList(t *testing.T) {
	h := newHarness(t)
	h.on("GET", "/api/v1/subscriptions/", status(200, fixture(t, "subscriptions_list.json")))
	page, err := h.c.Subscriptions.ListPage(context.Background(), &SubscriptionListParams{Limit: 5, Cursor: "abc"})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	assert.Equal(t, "cursor=abc&limit=5", h.last().Query)

	h.on("GET", "/api/v1/subscriptions/", status(200, `{"prev_page":null,"next_page":null,"items":[],"object_type":"CursorList"}`))
	all, err := h.c.Subscriptions.List(context.Background(), nil).Collect()
	require.NoError(t, err)
	assert.Empty(t, all)

	_, err = h.c.Subscriptions.ListPage(context.Background(), &SubscriptionListParams{Limit: 1000})
	assert.EqualError(t, err, "jiko: SubscriptionListParams.Limit: 1000 is out of range 0..100")
}

func TestSubscriptionsUpdate(t *testing.T) {
	// v1.29 lists 200 for Update Subscription, the current Customer API
	// page 202: both are a success with the subscription.
	for _, code := range []int{200, 202} {
		t.Run(fmt.Sprint(code), func(t *testing.T) { testSubscriptionsUpdate(t, code) })
	}
}

func testSubscriptionsUpdate(t *testing.T, code int) {
	h := newHarness(t)
	path := "/api/v1/subscriptions/" + subscriptionID + "/"
	h.on("PATCH", path, status(code, fixture(t, "subscription_update.json")))
	var resp Response
	s, err := h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{
		Description:  Set("Incoming ACH Success Webhook"),
		Events:       Set([]EventName{EventACHInSuccess}),
		URL:          Set("https://example.com/webhooks/ach-incoming-success-new"),
		SharedSecret: Set("1234567890123456"),
	}, WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, code, resp.StatusCode)
	assert.Equal(t, time.Date(2023, 1, 1, 16, 0, 0, 0, time.UTC), s.UpdatedAt.UTC())
	assert.Equal(t, "https://example.com/webhooks/ach-incoming-success-new", s.URL)
	r := h.last()
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, path, r.Path)
	assert.Equal(t, compactJSON(t, fixture(t, "subscription_update.request.json")), string(r.Body))

	_, err = h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{
		Status: Set(SubscriptionDisabled), RetryPolicy: Null[RetryPolicy](), Description: Null[string](),
	})
	require.NoError(t, err)
	assert.Equal(t, `{"description":null,"retry_policy":null,"status":"disabled"}`, string(h.last().Body))
}

func TestSubscriptionsUpdateValidation(t *testing.T) {
	h := newHarness(t)
	cases := map[string]*SubscriptionUpdateRequest{
		"jiko: SubscriptionUpdateRequest: is nil":                                                 nil,
		"jiko: SubscriptionUpdateRequest: no field is set":                                        {},
		"jiko: SubscriptionUpdateRequest.Events: cannot be null":                                  {Events: Null[[]EventName]()},
		"jiko: SubscriptionUpdateRequest.URL: cannot be null":                                     {URL: Null[string]()},
		"jiko: SubscriptionUpdateRequest.SharedSecret: cannot be null":                            {SharedSecret: Null[string]()},
		"jiko: SubscriptionUpdateRequest.Status: cannot be null":                                  {Status: Null[SubscriptionStatus]()},
		"jiko: SubscriptionUpdateRequest.Events: needs at least one event type":                   {Events: Set([]EventName{})},
		`jiko: SubscriptionUpdateRequest.Status: "paused" is not one of enabled, disabled`:        {Status: Set(SubscriptionStatus("paused"))},
		"jiko: SubscriptionUpdateRequest.URL: is not an absolute http or https URL":               {URL: Set("ftp://example.com/h")},
		"jiko: SubscriptionUpdateRequest.SharedSecret: must be at least 16 characters":            {SharedSecret: Set("ſhort-ſecret")},
		"jiko: SubscriptionUpdateRequest.RetryPolicy.MaximumAttempts: must be at least 1, got -2": {RetryPolicy: Set(RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 1, MaximumAttempts: -2})},
	}
	for want, req := range cases {
		_, err := h.c.Subscriptions.Update(context.Background(), subscriptionID, req)
		assert.EqualError(t, err, want)
		assert.True(t, IsValidation(err), want)
	}
	_, err := h.c.Subscriptions.Update(context.Background(), "..", &SubscriptionUpdateRequest{Description: Set("x")})
	assert.EqualError(t, err, `jiko: subscription_id: ".." is not an id`)
	assert.Empty(t, h.requests())
}

func TestSubscriptionsDelete(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/subscriptions/" + subscriptionID + "/"
	h.on("DELETE", path, status(204, ""))
	require.NoError(t, h.c.Subscriptions.Delete(context.Background(), subscriptionID))
	r := h.last()
	assert.Equal(t, "DELETE", r.Method)
	assert.Equal(t, path, r.Path)
	assert.NotEmpty(t, r.Header.Get("X-Jiko-Signature"))
	assert.False(t, r.HasBody)

	h.on("DELETE", path, status(404, `{"detail":"Not found"}`))
	assert.True(t, IsNotFound(h.c.Subscriptions.Delete(context.Background(), subscriptionID)))
}

func TestSubscriptionsEmptyIDsAreRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Subscriptions.Get(ctx, "")
	assert.EqualError(t, err, "jiko: subscription_id: is empty")
	assert.EqualError(t, h.c.Subscriptions.Delete(ctx, " "), "jiko: subscription_id: is empty")
	_, err = h.c.Subscriptions.Update(ctx, "", &SubscriptionUpdateRequest{Description: Set("x")})
	assert.EqualError(t, err, "jiko: subscription_id: is empty")
	assert.Empty(t, h.requests())
}

func TestRetryPolicyWithoutStatusesIsRefusedBeforeSending(t *testing.T) {
	h := newHarness(t)
	policy := &RetryPolicy{BackoffCoefficient: 2, MaximumAttempts: 5, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 60}
	req := &SubscriptionCreateRequest{Events: []EventName{EventACHInSuccess}, URL: "https://example.com/h", SharedSecret: webhookSecret, RetryPolicy: policy}
	_, err := h.c.Subscriptions.Create(context.Background(), req)
	assert.True(t, IsValidation(err))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "SubscriptionCreateRequest.RetryPolicy.RetryOnStatusCodes", ve.Field)
	assert.Contains(t, ve.Reason, "is nil")
	_, err = h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{RetryPolicy: Set(*policy)})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "SubscriptionUpdateRequest.RetryPolicy.RetryOnStatusCodes", ve.Field)
	assert.Empty(t, h.requests(), "nothing is sent")

	// An empty list is sent as one.
	h.on("PATCH", "/api/v1/subscriptions/"+subscriptionID+"/", status(202, fixture(t, "subscription_get.json")))
	policy.RetryOnStatusCodes = []int{}
	_, err = h.c.Subscriptions.Update(context.Background(), subscriptionID, &SubscriptionUpdateRequest{RetryPolicy: Set(*policy)})
	require.NoError(t, err)
	assert.Contains(t, string(h.last().Body), `"retry_on_status_codes":[]`)

	// Every bad field of the policy is reported at once.
	_, err = h.c.Subscriptions.Create(context.Background(), &SubscriptionCreateRequest{Events: req.Events, URL: req.URL, SharedSecret: webhookSecret,
		RetryPolicy: &RetryPolicy{RetryOnStatusCodes: []int{42}, MaximumAttempts: 0, BackoffCoefficient: 1}})
	assert.EqualError(t, err, "jiko: SubscriptionCreateRequest.RetryPolicy.RetryOnStatusCodes[0]: 42 is not an HTTP status; "+
		"SubscriptionCreateRequest.RetryPolicy.MaximumAttempts: must be at least 1, got 0")
}

func TestSubscriptionsCreateAndUpdateAreRefusedWithEveryFieldAtOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.c.Subscriptions.Create(ctx, &SubscriptionCreateRequest{URL: "ftp://x", SharedSecret: "short-secret"})
	const c = "SubscriptionCreateRequest."
	assert.Equal(t, []string{c + "Events", c + "URL", c + "SharedSecret"}, issueFields(t, err))
	assert.EqualError(t, err, "jiko: "+c+"Events: needs at least one event type; "+
		c+"URL: is not an absolute http or https URL; "+
		c+"SharedSecret: must be at least 16 characters")
	assert.NotContains(t, err.Error(), "short-secret")

	_, err = h.c.Subscriptions.Update(ctx, subscriptionID, &SubscriptionUpdateRequest{URL: Null[string](), Status: Set[SubscriptionStatus]("paused")})
	assert.EqualError(t, err, `jiko: SubscriptionUpdateRequest.URL: cannot be null; SubscriptionUpdateRequest.Status: "paused" is not one of enabled, disabled`)
	assert.Empty(t, h.requests())
}

package jikotest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/jiko-go/jiko"
	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/jiko-go/jiko/jikotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hookSecret = "jikotest-hook-secret-0001"

func newSubscription(url string, events ...jiko.EventName) *jiko.SubscriptionCreateRequest {
	return &jiko.SubscriptionCreateRequest{Description: "test hook", Events: events, URL: url, SharedSecret: hookSecret}
}

func TestSubscriptionLifecycle(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()

	var resp jiko.Response
	sub, err := c.Subscriptions.Create(ctx, newSubscription("https://example.com/hook", jiko.EventACHInSuccess), jiko.WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, jiko.SubscriptionEnabled, sub.Status)
	assert.Equal(t, "test hook", sub.Description)
	assert.Nil(t, sub.RetryPolicy)
	assert.Equal(t, sub.TimeCreated, sub.UpdatedAt)

	got, err := c.Subscriptions.Get(ctx, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, sub, got)

	policy := jiko.RetryPolicy{RetryOnStatusCodes: []int{503}, BackoffCoefficient: 2, MaximumAttempts: 4, InitialIntervalSeconds: 1, MaximumIntervalSeconds: 8}
	upd, err := c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{
		Status: jiko.Set(jiko.SubscriptionDisabled), RetryPolicy: jiko.Set(policy), Description: jiko.Null[string](),
	}, jiko.WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "v1.29's Update Subscription answers 200")
	assert.Equal(t, jiko.SubscriptionDisabled, upd.Status)
	assert.Equal(t, &policy, upd.RetryPolicy)
	assert.Empty(t, upd.Description)
	assert.Equal(t, []jiko.EventName{jiko.EventACHInSuccess}, upd.Events, "left alone")
	assert.False(t, upd.UpdatedAt.Before(upd.TimeCreated.Time))

	upd, err = c.Subscriptions.Update(ctx, sub.ID, &jiko.SubscriptionUpdateRequest{RetryPolicy: jiko.Null[jiko.RetryPolicy]()})
	require.NoError(t, err)
	assert.Nil(t, upd.RetryPolicy)

	second, err := c.Subscriptions.Create(ctx, newSubscription("https://example.com/other", jiko.EventApplicationApproved))
	require.NoError(t, err)
	page, err := c.Subscriptions.ListPage(ctx, &jiko.SubscriptionListParams{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, sub.ID, page.Items[0].ID)
	all, err := c.Subscriptions.List(ctx, &jiko.SubscriptionListParams{Limit: 1}).Collect()
	require.NoError(t, err)
	assert.Len(t, all, 2)
	assert.Len(t, srv.Subscriptions(), 2)

	require.NoError(t, c.Subscriptions.Delete(ctx, second.ID))
	_, err = c.Subscriptions.Get(ctx, second.ID)
	assert.True(t, jiko.IsNotFound(err))
	assert.True(t, jiko.IsNotFound(c.Subscriptions.Delete(ctx, second.ID)))
	_, err = c.Subscriptions.Update(ctx, second.ID, &jiko.SubscriptionUpdateRequest{Description: jiko.Set("x")})
	assert.True(t, jiko.IsNotFound(err))
	assert.Len(t, srv.Subscriptions(), 1)
	assert.Equal(t, 5, srv.SideEffects(), "two creates, two updates, one delete")
}

// rawCall sends a request through the SDK's machinery and returns the raw
// answer.
func rawCall(t *testing.T, c *jiko.Client, method, path string, body any) json.RawMessage {
	t.Helper()
	var out json.RawMessage
	require.NoError(t, c.Do(context.Background(), method, path, nil, body, &out))
	return out
}

func TestSubscriptionAnswersHaveTheReferenceShape(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	var req map[string]any
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/subscription_create_current.request.json"), &req))
	created := rawCall(t, c, "POST", "/api/v1/subscriptions/", req)
	want := testutil.Load(t, "../testdata/subscription_current.json")
	assert.NoError(t, testutil.SameShape(want, created))

	var sub struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(created, &sub))
	path := "/api/v1/subscriptions/" + sub.ID + "/"
	assert.NoError(t, testutil.SameShape(want, rawCall(t, c, "GET", path, nil)))
	var upd map[string]any
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/subscription_update_current.request.json"), &upd))
	assert.NoError(t, testutil.SameShape(want, rawCall(t, c, "PATCH", path, upd)))

	// The v1.29 examples have no retry_policy; the current answer always
	// has it, null when none is set.
	var v129 map[string]any
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/subscription_create.request.json"), &v129))
	created = rawCall(t, c, "POST", "/api/v1/subscriptions/", v129)
	assert.NoError(t, testutil.SameShape(want, created, "retry_policy"))
	assert.Contains(t, string(created), `"retry_policy":null`)

	// The v1.29 list, with its item in the current shape.
	var wantList map[string]any
	require.NoError(t, json.Unmarshal(testutil.Load(t, "../testdata/subscriptions_list.json"), &wantList))
	wantList["items"] = []json.RawMessage{want}
	wantListJSON, err := json.Marshal(wantList)
	require.NoError(t, err)
	list := rawCall(t, c, "GET", "/api/v1/subscriptions/", nil)
	assert.NoError(t, testutil.SameShape(wantListJSON, list, "prev_page", "next_page", "items[].retry_policy"))
	assert.NotContains(t, string(list), "1234567890123456", "the secret is never sent back")
}

func TestSubscriptionBodiesAreCheckedAsTheAPIDoes(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	ctx := context.Background()
	good := func() map[string]any {
		return map[string]any{"events": []string{"application.approved"}, "url": "https://example.com/h", "shared_secret": hookSecret}
	}
	cases := map[string]func(m map[string]any){
		`{"loc":["body","events"],"msg":"field required","type":"value_error.missing"}`: func(m map[string]any) { delete(m, "events") },
		`{"loc":["body","events"],"msg":"ensure this value has at least 1 items","type":"value_error.list.min_items"}`: func(m map[string]any) {
			m["events"] = []string{}
		},
		`{"loc":["body","events",0],"msg":"value is not a valid enumeration member; permitted: 'application.approved'`: func(m map[string]any) {
			m["events"] = []string{"card.transaction.on_hold"}
		},
		`{"loc":["body","url"],"msg":"invalid or missing URL scheme","type":"value_error.url.scheme"}`: func(m map[string]any) { m["url"] = "example.com/h" },
		`{"loc":["body","url"],"msg":"URL scheme not permitted","type":"value_error.url.scheme"}`:      func(m map[string]any) { m["url"] = "ftp://example.com/h" },
		`{"loc":["body","url"],"msg":"ensure this value has at most 2083 characters","type":"value_error.any_str.max_length"}`: func(m map[string]any) {
			m["url"] = "https://example.com/" + strings.Repeat("a", 2064)
		},
		`{"loc":["body","shared_secret"],"msg":"ensure this value has at least 16 characters","type":"value_error.any_str.min_length"}`: func(m map[string]any) {
			m["shared_secret"] = "fifteen-chars-!"
		},
		`{"loc":["body","shared_secret"],"msg":"none is not an allowed value","type":"type_error.none.not_allowed"}`: func(m map[string]any) {
			m["shared_secret"] = nil
		},
		`{"loc":["body","description"],"msg":"str type expected","type":"type_error.str"}`: func(m map[string]any) { m["description"] = 7 },
		`{"loc":["body","retry_policy","maximum_attempts"],"msg":"field required","type":"value_error.missing"}`: func(m map[string]any) {
			m["retry_policy"] = map[string]any{"retry_on_status_codes": []int{503}, "backoff_coefficient": 1, "initial_interval_seconds": 1, "maximum_interval_seconds": 1}
		},
		`{"loc":["body","retry_policy","backoff_coefficient"],"msg":"value is not a valid float","type":"type_error.float"}`: func(m map[string]any) {
			m["retry_policy"] = map[string]any{"retry_on_status_codes": []int{}, "backoff_coefficient": "x", "maximum_attempts": 1, "initial_interval_seconds": 1, "maximum_interval_seconds": 1}
		},
	}
	for want, mutate := range cases {
		body := good()
		mutate(body)
		err := c.Do(ctx, "POST", "/api/v1/subscriptions/", nil, body, nil)
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr, want)
		assert.Equal(t, 422, jerr.StatusCode, want)
		assert.Contains(t, string(jerr.Body), want)
		assert.NotContains(t, string(jerr.Body), "fifteen-chars")
	}
	assert.Empty(t, srv.Subscriptions())

	sub, err := c.Subscriptions.Create(ctx, newSubscription("https://example.com/h", jiko.EventApplicationApproved))
	require.NoError(t, err)
	path := "/api/v1/subscriptions/" + sub.ID + "/"
	for body, want := range map[string]string{
		`{"status":"paused"}`: `{"loc":["body","status"],"msg":"value is not a valid enumeration member; permitted: 'enabled', 'disabled'","type":"type_error.enum"}`,
		`{"url":null}`:        `{"loc":["body","url"],"msg":"none is not an allowed value","type":"type_error.none.not_allowed"}`,
		`{"events":null}`:     `{"loc":["body","events"],"msg":"none is not an allowed value","type":"type_error.none.not_allowed"}`,
	} {
		err := c.Do(ctx, "PATCH", path, nil, json.RawMessage(body), nil)
		var jerr *jiko.Error
		require.ErrorAs(t, err, &jerr, body)
		assert.Equal(t, 422, jerr.StatusCode)
		assert.Equal(t, `{"detail":[`+want+`]}`, strings.TrimSpace(string(jerr.Body)))
	}
	got, err := c.Subscriptions.Get(ctx, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, sub, got, "nothing changed")
}

func TestEventTypesAreTheGuides(t *testing.T) {
	srv := jikotest.NewServer()
	c := srv.Client(t)
	types, err := c.Events.ListTypes(context.Background()).Collect()
	require.NoError(t, err)
	want := testutil.Strict[jiko.OffsetPage[jiko.EventType]](t, testutil.Load(t, "../testdata/event_types_current.json"))
	assert.Equal(t, want.Items, types)
	assert.NoError(t, testutil.Equal(testutil.Load(t, "../testdata/event_types_current.json"), rawCall(t, c, "GET", "/api/v1/events/types/", nil)))
}

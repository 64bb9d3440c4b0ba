package jiko

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leavingIDs are ids that would leave their path segment once a proxy or
// the server decodes %2F or %5C, or resolves a dot-segment.
var leavingIDs = []string{"../x", "a/../../b", "a/b", "..", "%2e%2e", "a\\b", "a\x00b", "a\nb", "\x7f", "\uff0e\uff0e"}

// notIDs names the string parameters of service methods that are not path
// ids, as "Service.Method#position" (ctx is position 0).
var notIDs = map[string]string{
	"Statements.Download#1": "a short-lived URL, checked by Download itself",
}

// interfaceArgs gives the interface parameters of service methods a
// non-nil value, so that the call reaches its id check.
var interfaceArgs = map[reflect.Type]any{
	reflect.TypeFor[CounterpartyCreateRequest](): &OnUsCounterpartyCreateRequest{},
}

// idSlot is one string parameter of a service method that fills a path
// placeholder.
type idSlot struct {
	service, method string
	fn              reflect.Value
	pos             int
}

// idSlots finds every string parameter of every method of every service
// of c, by reflection, so that a new method cannot escape the tests below.
func idSlots(t *testing.T, c *Client) []idSlot {
	t.Helper()
	var slots []idSlot
	cv := reflect.ValueOf(c).Elem()
	stringType := reflect.TypeFor[string]()
	for i := range cv.NumField() {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		svc := cv.Field(i)
		for j := range svc.NumMethod() {
			name := f.Type.Method(j).Name
			fn := svc.Method(j)
			for p := 1; p < fn.Type().NumIn(); p++ {
				if fn.Type().In(p) != stringType {
					continue
				}
				if _, ok := notIDs[f.Name+"."+name+"#"+strconv.Itoa(p)]; ok {
					continue
				}
				slots = append(slots, idSlot{f.Name, name, fn, p})
			}
		}
	}
	return slots
}

// callWithID calls the slot's method with id in its slot, a plain id in
// every other string parameter and zero values (non-nil for pointers to
// structs) elsewhere, and returns its error: for an iterator, the error of
// collecting it.
func (s idSlot) callWithID(id string) error {
	ft := s.fn.Type()
	n := ft.NumIn()
	if ft.IsVariadic() {
		n--
	}
	args := make([]reflect.Value, n)
	args[0] = reflect.ValueOf(context.Background())
	for p := 1; p < n; p++ {
		in := ft.In(p)
		switch {
		case p == s.pos:
			args[p] = reflect.ValueOf(id)
		case in == reflect.TypeFor[string]():
			args[p] = reflect.ValueOf("plain-id")
		case in.Kind() == reflect.Pointer && in.Elem().Kind() == reflect.Struct:
			args[p] = reflect.New(in.Elem())
		case interfaceArgs[in] != nil:
			args[p] = reflect.ValueOf(interfaceArgs[in])
		default:
			args[p] = reflect.Zero(in)
		}
	}
	out := s.fn.Call(args)
	if collect := out[0].MethodByName("Collect"); out[0].Kind() == reflect.Pointer && collect.IsValid() {
		out = collect.Call(nil)
	}
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

var placeholderName = regexp.MustCompile(`^[a-z_]+_id$`)

// Every id slot of every method refuses an id that could leave its path
// segment, naming the slot, before anything is sent.
func TestEveryIDSlotRefusesIDsThatLeaveTheirSegment(t *testing.T) {
	h := newHarness(t)
	slots := idSlots(t, h.c)
	// The services have well over a hundred id slots; far fewer means the
	// reflection stopped finding them.
	require.Greater(t, len(slots), 100)
	t.Logf("%d id slots, %d ids each", len(slots), len(leavingIDs))
	for _, s := range slots {
		for _, id := range leavingIDs {
			err := s.callWithID(id)
			var v *ValidationError
			if !assert.ErrorAs(t, err, &v, "%s.%s#%d given %q", s.service, s.method, s.pos, id) {
				continue
			}
			assert.Regexp(t, placeholderName, v.Field, "%s.%s#%d given %q", s.service, s.method, s.pos, id)
			assert.Contains(t, v.Reason, strconv.Quote(id), "%s.%s#%d: the refusal is about the id", s.service, s.method, s.pos)
		}
	}
	assert.Empty(t, h.requests(), "no request may reach the server")
	assert.Zero(t, h.logins.Load(), "not even a login")
}

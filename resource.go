package jiko

import (
	"cmp"
	"context"
	"maps"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/jiko-go/jiko/internal/ops"
)

// This file holds what every resource shares: path building with its
// checks, the validation of params and bodies, and the generic calls that
// make a resource method a few lines long.

// route is an operation of the table (internal/ops) and the ids that fill
// its path's {name} placeholders, in order. Everything else the operation
// declares (its method, credentials, secrets, hidden error text, keyed
// id) comes from its entry.
type route struct {
	op  *ops.Op
	ids []string
}

// at names the route of an operation: at(ops.PocketsGetForCustomer, customerID, pocketID).
func at(op *ops.Op, ids ...string) route { return route{op: op, ids: ids} }

// path fills the placeholders with the path-escaped ids. An id that could
// leave its path segment is refused, naming its placeholder (see
// checkSegment). Ids are otherwise free-form strings.
func (rt route) path() (string, error) {
	var b strings.Builder
	rest, i := rt.op.Path, 0
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}') + open
		name := rest[open+1 : end]
		if i >= len(rt.ids) {
			return "", invalid(name, "is missing")
		}
		id := rt.ids[i]
		if err := checkSegment(name, id); err != nil {
			return "", err
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(id))
		rest, i = rest[end+1:], i+1
	}
	return b.String(), nil
}

// checkSegment refuses a path segment (an id, or a segment of Client.Do's
// path, unescaped) that could leave its place in the path once a proxy or
// the server decodes and normalises it: empty or blank; holding '/', '\'
// or '%' (customers/..%2Fx/pockets decodes to another resource); holding a
// control character; or a dot-segment, "." or "..", including the look-alike
// dots that Unicode normalisation turns into them (U+FF0E, U+2024, U+2025,
// U+FE52).
func checkSegment(field, seg string) error {
	if strings.TrimSpace(seg) == "" {
		return invalid(field, "is empty")
	}
	if i := strings.IndexAny(seg, "/\\%"); i >= 0 {
		return invalid(field, "%q is not an id: it holds %q, which could move the request to another path", seg, seg[i])
	}
	if strings.ContainsFunc(seg, unicode.IsControl) {
		return invalid(field, "%q is not an id: it holds a control character", seg)
	}
	if dots := strings.TrimSpace(dotLookalikes.Replace(seg)); dots == "." || dots == ".." {
		return invalid(field, "%q is not an id", seg)
	}
	return nil
}

// dotLookalikes maps the characters that Unicode compatibility
// normalisation (NFKC) turns into dots to the dots themselves.
var dotLookalikes = strings.NewReplacer("\uFF0E", ".", "\u2024", ".", "\u2025", "..", "\uFE52", ".")

// validator is implemented by the params and request types that check
// themselves before anything is sent.
type validator interface{ validate() error }

// checkParams validates optional query params: nil is fine.
func checkParams(p any) error {
	if p == nil || isNilPointer(p) {
		return nil
	}
	if v, ok := p.(validator); ok {
		return v.validate()
	}
	return nil
}

// checkBody validates a request body: a nil pointer is refused.
func checkBody(b any) error {
	if b == nil {
		return nil
	}
	if isNilPointer(b) {
		return invalid(reflect.TypeOf(b).Elem().Name(), "is nil")
	}
	if v, ok := b.(validator); ok {
		return v.validate()
	}
	return nil
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// newRequest builds and checks the request of an operation; nothing is
// sent when it fails.
func newRequest(rt route, params, body any) (request, error) {
	path, err := rt.path()
	if err != nil {
		return request{}, err
	}
	if err := checkParams(params); err != nil {
		return request{}, err
	}
	if err := checkBody(body); err != nil {
		return request{}, err
	}
	if err := cmp.Or(checkNoRawValues(params), checkNoRawValues(body)); err != nil {
		return request{}, err
	}
	if params != nil && isNilPointer(params) {
		params = nil
	}
	return request{method: rt.op.Method, path: path, pattern: rt.op.Path, params: params, body: body, op: rt.op}, nil
}

// send performs r and decodes its 2xx answer into a new T.
func send[T any](ctx context.Context, c *Client, r request, opts []CallOption) (*T, error) {
	out := new(T)
	if err := c.do(ctx, r, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// call performs an operation whose 2xx answer is a T.
func call[T any](ctx context.Context, c *Client, rt route, params, body any, opts []CallOption) (*T, error) {
	r, err := newRequest(rt, params, body)
	if err != nil {
		return nil, err
	}
	return send[T](ctx, c, r, opts)
}

// callNoContent performs an operation whose 2xx answer has no body the
// caller needs (204, or 201/202 without a body).
func callNoContent(ctx context.Context, c *Client, rt route, params, body any, opts []CallOption) error {
	r, err := newRequest(rt, params, body)
	if err != nil {
		return err
	}
	return c.do(ctx, r, nil, opts)
}

// page fetches one page of a cursor-paginated list.
func page[T any](ctx context.Context, c *Client, rt route, params any, opts []CallOption) (*CursorPage[T], error) {
	return call[CursorPage[T]](ctx, c, rt, params, nil, opts)
}

// list walks a cursor-paginated list. The params are checked and encoded
// once, so the caller may change or reuse them while the loop runs; each
// page sends them with its own cursor.
func list[T any](ctx context.Context, c *Client, rt route, params any, opts []CallOption) *CursorIter[T] {
	r, q, err := listRequest(rt, params)
	return newCursorIter(ctx, q.Get("cursor"), func(ctx context.Context, at pagePos, first bool) (*CursorPage[T], error) {
		if err != nil {
			return nil, err
		}
		pr := r
		pr.params = withParam(q, "cursor", at.cursor)
		if at.offset > 0 {
			// Inferred: an offset List answer (Cards) goes on by offset.
			pr.params = withParam(withParam(q, "cursor", ""), "offset", strconv.Itoa(at.offset))
		}
		return send[CursorPage[T]](ctx, c, pr, pageOpts(opts, first))
	})
}

// offsetPage fetches one page of an offset-paginated list.
func offsetPage[T any](ctx context.Context, c *Client, rt route, params any, opts []CallOption) (*OffsetPage[T], error) {
	return call[OffsetPage[T]](ctx, c, rt, params, nil, opts)
}

// offsetList walks an offset-paginated list, as list does, sending the
// offset of each page after the first.
func offsetList[T any](ctx context.Context, c *Client, rt route, params any, opts []CallOption) *OffsetIter[T] {
	r, q, err := listRequest(rt, params)
	start, _ := strconv.Atoi(q.Get("offset"))
	return newOffsetIter(ctx, start, func(ctx context.Context, offset int, first bool) (*OffsetPage[T], error) {
		if err != nil {
			return nil, err
		}
		pr := r
		v := ""
		if offset > 0 {
			v = strconv.Itoa(offset)
		}
		pr.params = withParam(q, "offset", v)
		return send[OffsetPage[T]](ctx, c, pr, pageOpts(opts, first))
	})
}

// wholePage fetches a list the API answers in one response, without
// pagination, as the one page of an offset list: Offset 0, Count the number
// of items. W is the answer's shape and items picks the list out of it.
func wholePage[W, T any](ctx context.Context, c *Client, rt route, opts []CallOption, items func(*W) []T) (*OffsetPage[T], error) {
	r, err := newRequest(rt, nil, nil)
	if err != nil {
		return nil, err
	}
	w, err := send[W](ctx, c, r, opts)
	if err != nil {
		return nil, err
	}
	list := items(w)
	return &OffsetPage[T]{Items: list, Count: len(list)}, nil
}

// wholeList walks a list the API answers in one response: an [OffsetIter]
// whose only page is wholePage's.
func wholeList[W, T any](ctx context.Context, c *Client, rt route, opts []CallOption, items func(*W) []T) *OffsetIter[T] {
	return newOffsetIter(ctx, 0, func(ctx context.Context, _ int, first bool) (*OffsetPage[T], error) {
		return wholePage(ctx, c, rt, pageOpts(opts, first), items)
	})
}

// array is the items func of an answer that is a plain JSON array.
func array[T any](w *[]T) []T { return *w }

// listRequest checks a list's route and params and encodes the params.
func listRequest(rt route, params any) (request, url.Values, error) {
	r, err := newRequest(rt, params, nil)
	if err != nil {
		return r, url.Values{}, err
	}
	q, err := encodeQuery(r.params)
	if err != nil {
		return r, url.Values{}, err
	}
	return r, q, nil
}

// withParam returns a copy of q with key set to v, or removed when v is
// empty.
func withParam(q url.Values, key, v string) url.Values {
	out := maps.Clone(q)
	if out == nil {
		out = url.Values{}
	}
	if v == "" {
		delete(out, key)
	} else {
		out[key] = []string{v}
	}
	return out
}

// pageOpts gives every page but the very first an idempotency key of its
// own: a key given by the caller names one request.
func pageOpts(opts []CallOption, first bool) []CallOption {
	if first {
		return opts
	}
	return append(opts[:len(opts):len(opts)], freshIdempotencyKey())
}

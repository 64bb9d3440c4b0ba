package jiko

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
)

// CursorPage is one page of a cursor-paginated list (the API's CursorList),
// as the ...Page methods return it: for a partner that pages by hand, such
// as one serving its own paginated endpoint, and keeps NextPage to fetch the
// following page later. To walk a whole list, use the [CursorIter] of the
// List method instead.
type CursorPage[T any] struct {
	// Items are the page's objects, in the API's order.
	Items []T `json:"items"`
	// NextPage is the cursor of the following page; empty on the last page.
	NextPage string `json:"next_page"`
	// PrevPage is the cursor of the preceding page; empty on the first.
	PrevPage string `json:"prev_page"`
	// ObjectType is "CursorList".
	ObjectType string `json:"object_type"`

	// nextOffset is where an offset List answer to a cursor list (Cards:
	// see checkEnvelope) goes on; 0 when it ends or was a CursorList.
	nextOffset int
}

// HasMore reports whether another page follows: pass NextPage as the
// params' Cursor to fetch it.
func (p *CursorPage[T]) HasMore() bool { return p.NextPage != "" }

// MarshalJSON writes the page as the API does: an absent cursor is null.
func (p CursorPage[T]) MarshalJSON() ([]byte, error) {
	type wire struct {
		Items      []T     `json:"items"`
		NextPage   *string `json:"next_page"`
		PrevPage   *string `json:"prev_page"`
		ObjectType string  `json:"object_type,omitempty"`
	}
	w := wire{Items: p.Items, ObjectType: p.ObjectType}
	if p.NextPage != "" {
		w.NextPage = &p.NextPage
	}
	if p.PrevPage != "" {
		w.PrevPage = &p.PrevPage
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a CursorList, refusing an answer that is not an
// object with items. An offset List envelope (offset, count) is read too,
// for the lists whose reference example shows one (see CardsService.ListForPocket);
// its iterator then goes on by offset.
func (p *CursorPage[T]) UnmarshalJSON(b []byte) error { return p.decodeAnswer(b) }

// decodeAnswer reads the envelope and its items in one pass (see
// decode.go), as UnmarshalJSON does.
func (p *CursorPage[T]) decodeAnswer(b []byte) error {
	var w struct {
		Items      []T     `json:"items"`
		NextPage   *string `json:"next_page"`
		PrevPage   *string `json:"prev_page"`
		ObjectType string  `json:"object_type"`
		Offset     *int    `json:"offset"`
		Count      *int    `json:"count"`
	}
	if err := decodeEnvelope(b, &w, func() int { return len(w.Items) }); err != nil {
		return err
	}
	*p = CursorPage[T]{Items: w.Items, ObjectType: w.ObjectType}
	if w.NextPage != nil {
		p.NextPage = *w.NextPage
	}
	if w.PrevPage != nil {
		p.PrevPage = *w.PrevPage
	}
	if w.NextPage == nil && w.Count != nil {
		start := 0
		if w.Offset != nil {
			start = *w.Offset
		}
		if next := start + len(p.Items); len(p.Items) > 0 && next < *w.Count {
			p.nextOffset = next
		}
	}
	return nil
}

// auditAsStruct lets the drift audit walk the page by its fields, and
// the members of an offset List envelope, which the page reads too.
func (*CursorPage[T]) auditAsStruct() []string { return []string{"offset", "count"} }

// decodeEnvelope decodes a list envelope into w, items and all, in one
// json.Unmarshal, refusing JSON that is not an object, or an object
// without items (items counts those w holds). Only a page that decoded no
// item is read again, to tell an absent items member from an empty one.
func decodeEnvelope(b []byte, w any, items func() int) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("jiko: list: the answer is not a list envelope (a JSON object): %s", shorten(string(t)))
	}
	if err := json.Unmarshal(b, w); err != nil {
		return err
	}
	if items() > 0 {
		return nil
	}
	found := false
	objectMembers(b, func(name, _ []byte) bool {
		found = bytes.EqualFold(name, []byte(`"items"`)) // as encoding/json matches it
		return !found
	})
	if !found {
		return errors.New("jiko: list: the answer has no items")
	}
	return nil
}

// CursorIter walks a cursor-paginated list page by page, requesting the next
// page only when the previous one has been consumed, so memory stays at one
// page whatever the total. Create it with a List method; iterate with
// [CursorIter.All] or [CursorIter.Pages] in a range loop, or gather a small
// list with [CursorIter.Collect]. Creating it sends nothing: errors, such as
// an invalid params field or an unknown id ([IsNotFound]), arrive with the
// first iteration. It may be iterated again, which starts over from the
// first page.
type CursorIter[T any] struct {
	ctx   context.Context
	fetch func(ctx context.Context, at pagePos, first bool) (*CursorPage[T], error)
	start string
	used  atomic.Bool // a first page was requested: the caller's key is spent
}

// pagePos is where a cursor list's page starts: its cursor, or, after an
// offset List answer, its offset.
type pagePos struct {
	cursor string
	offset int
}

func newCursorIter[T any](ctx context.Context, start string, fetch func(context.Context, pagePos, bool) (*CursorPage[T], error)) *CursorIter[T] {
	return &CursorIter[T]{ctx: ctx, fetch: fetch, start: start}
}

// Pages yields each page in turn. It follows next_page until a page has
// none, goes past empty pages that still have one, and stops after yielding
// the first error, when the loop breaks, or when the context is done. A
// server that hands back one of the recent cursors again is reported as an
// error rather than followed forever; the check remembers a fixed number of
// cursors, so memory stays the same however long the list.
func (it *CursorIter[T]) Pages() iter.Seq2[*CursorPage[T], error] {
	return func(yield func(*CursorPage[T], error) bool) {
		if it.ctx == nil {
			yield(nil, invalid("ctx", "is nil"))
			return
		}
		at, first := pagePos{cursor: it.start}, !it.used.Swap(true)
		var recent cursorRing
		for {
			if err := it.ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			page, err := it.fetch(it.ctx, at, first)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			if page.NextPage == "" {
				if page.nextOffset <= at.offset {
					return
				}
				// An offset List answer with more to come.
				at, first = pagePos{offset: page.nextOffset}, false
				continue
			}
			recent.add(at.cursor)
			if recent.has(page.NextPage) {
				yield(nil, fmt.Errorf("jiko: list: the API returned cursor %q twice; stopping", page.NextPage))
				return
			}
			at, first = pagePos{cursor: page.NextPage}, false
		}
	}
}

// All yields every item of every page, for a range loop over the whole
// list. On an error it yields the zero T with the error, then stops.
func (it *CursorIter[T]) All() iter.Seq2[T, error] {
	return flatten(it.Pages(), func(p *CursorPage[T]) []T { return p.Items })
}

// Collect gathers every item into a slice; it is All for lists known to be
// small.
func (it *CursorIter[T]) Collect() ([]T, error) { return collect(it.All()) }

// OffsetPage is one page of an offset-paginated list (the API's List), as
// the ...Page methods of offset lists return it. To walk a whole list, use
// the [OffsetIter] of the List method instead.
type OffsetPage[T any] struct {
	// Items are the page's objects.
	Items []T `json:"items"`
	// Offset is the position of the first item in the whole list.
	Offset int `json:"offset"`
	// Count is the number of items in the whole list.
	Count int `json:"count"`
	// ObjectType is "List".
	ObjectType string `json:"object_type"`
}

// UnmarshalJSON reads a List, refusing an answer that is not an object
// with items and count: without count the walk could not know where the
// list ends.
func (p *OffsetPage[T]) UnmarshalJSON(b []byte) error { return p.decodeAnswer(b) }

// decodeAnswer reads the envelope and its items in one pass (see
// decode.go), as UnmarshalJSON does.
func (p *OffsetPage[T]) decodeAnswer(b []byte) error {
	var w struct {
		Items      []T    `json:"items"`
		Offset     int    `json:"offset"`
		Count      *int   `json:"count"`
		ObjectType string `json:"object_type"`
	}
	if err := decodeEnvelope(b, &w, func() int { return len(w.Items) }); err != nil {
		return err
	}
	if w.Count == nil {
		return errors.New("jiko: list: the answer has no count")
	}
	*p = OffsetPage[T]{Items: w.Items, Offset: w.Offset, Count: *w.Count, ObjectType: w.ObjectType}
	return nil
}

// auditAsStruct lets the drift audit walk the page by its fields.
func (*OffsetPage[T]) auditAsStruct() []string { return nil }

// OffsetIter walks an offset-paginated list page by page, with the same
// rules as [CursorIter]: iterate with [OffsetIter.All] or
// [OffsetIter.Pages], or gather a small list with [OffsetIter.Collect].
type OffsetIter[T any] struct {
	ctx   context.Context
	fetch func(ctx context.Context, offset int, first bool) (*OffsetPage[T], error)
	start int
	used  atomic.Bool
}

func newOffsetIter[T any](ctx context.Context, start int, fetch func(context.Context, int, bool) (*OffsetPage[T], error)) *OffsetIter[T] {
	return &OffsetIter[T]{ctx: ctx, fetch: fetch, start: start}
}

// Pages yields each page in turn until the offsets reach Count or a page
// comes back empty. A page whose offset is not the one asked for is
// reported as an error, since items would be skipped or repeated.
func (it *OffsetIter[T]) Pages() iter.Seq2[*OffsetPage[T], error] {
	return func(yield func(*OffsetPage[T], error) bool) {
		if it.ctx == nil {
			yield(nil, invalid("ctx", "is nil"))
			return
		}
		offset, first := it.start, !it.used.Swap(true)
		for {
			if err := it.ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			page, err := it.fetch(it.ctx, offset, first)
			if err != nil {
				yield(nil, err)
				return
			}
			if page.Offset != offset {
				yield(nil, fmt.Errorf("jiko: list: asked for offset %d, the API answered offset %d; stopping", offset, page.Offset))
				return
			}
			if !yield(page, nil) {
				return
			}
			next := page.Offset + len(page.Items)
			if len(page.Items) == 0 || next >= page.Count || next <= offset {
				return
			}
			offset, first = next, false
		}
	}
}

// All yields every item of every page, as [CursorIter.All] does.
func (it *OffsetIter[T]) All() iter.Seq2[T, error] {
	return flatten(it.Pages(), func(p *OffsetPage[T]) []T { return p.Items })
}

// Collect gathers every item into a slice; it is All for lists known to be
// small.
func (it *OffsetIter[T]) Collect() ([]T, error) { return collect(it.All()) }

// cursorRing remembers the last few cursors of a walk: enough to catch a
// server that loops, in constant memory.
type cursorRing struct {
	items [16]string
	n     int
}

func (r *cursorRing) add(c string) {
	r.items[r.n%len(r.items)] = c
	r.n++
}

func (r *cursorRing) has(c string) bool {
	for i := range min(r.n, len(r.items)) {
		if r.items[i] == c {
			return true
		}
	}
	return false
}

// collect gathers a sequence's items until its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}

// flatten turns a sequence of pages into the sequence of their items.
func flatten[P any, T any](pages iter.Seq2[P, error], items func(P) []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range pages {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items(page) {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

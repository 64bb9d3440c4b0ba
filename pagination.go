package jiko

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// CursorPage is one page of a cursor-paginated list (the API's CursorList).
type CursorPage[T any] struct {
	// Items are the page's objects, in the API's order.
	Items []T `json:"items"`
	// NextPage is the cursor of the following page; empty on the last page.
	NextPage string `json:"next_page"`
	// PrevPage is the cursor of the preceding page; empty on the first.
	PrevPage string `json:"prev_page"`
	// ObjectType is "CursorList".
	ObjectType string `json:"object_type"`
}

// HasMore reports whether another page follows.
func (p *CursorPage[T]) HasMore() bool { return p.NextPage != "" }

// CursorIter walks a cursor-paginated list page by page, requesting the next
// page only when the previous one has been consumed, so memory stays at one
// page whatever the total. Create it with a List method; iterate with All or
// Pages. It may be iterated again, which starts over from the first page.
type CursorIter[T any] struct {
	ctx   context.Context
	fetch func(ctx context.Context, cursor string, first bool) (*CursorPage[T], error)
	start string
}

func newCursorIter[T any](ctx context.Context, start string, fetch func(context.Context, string, bool) (*CursorPage[T], error)) *CursorIter[T] {
	return &CursorIter[T]{ctx: ctx, fetch: fetch, start: start}
}

// Pages yields each page in turn. It follows next_page until a page has
// none, goes past empty pages that still have one, and stops after yielding
// the first error, when the loop breaks, or when the context is done. A
// server that hands back a cursor it already gave is reported as an error
// rather than followed forever.
func (it *CursorIter[T]) Pages() iter.Seq2[*CursorPage[T], error] {
	return func(yield func(*CursorPage[T], error) bool) {
		if it.ctx == nil {
			yield(nil, errors.New("jiko: list: nil context"))
			return
		}
		cursor, first := it.start, true
		seen := map[string]bool{}
		for {
			if err := it.ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			page, err := it.fetch(it.ctx, cursor, first)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) || page.NextPage == "" {
				return
			}
			if seen[page.NextPage] || page.NextPage == cursor {
				yield(nil, fmt.Errorf("jiko: list: the API returned cursor %q twice; stopping", page.NextPage))
				return
			}
			seen[cursor] = true
			cursor, first = page.NextPage, false
		}
	}
}

// All yields every item of every page. On an error it yields the zero T
// with the error, then stops.
func (it *CursorIter[T]) All() iter.Seq2[T, error] {
	return flatten(it.Pages(), func(p *CursorPage[T]) []T { return p.Items })
}

// Collect gathers every item into a slice; it is All for lists known to be
// small.
func (it *CursorIter[T]) Collect() ([]T, error) { return collect(it.All()) }

// OffsetPage is one page of an offset-paginated list (the API's List).
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

// OffsetIter walks an offset-paginated list page by page, with the same
// rules as CursorIter.
type OffsetIter[T any] struct {
	ctx   context.Context
	fetch func(ctx context.Context, offset int, first bool) (*OffsetPage[T], error)
	start int
}

func newOffsetIter[T any](ctx context.Context, start int, fetch func(context.Context, int, bool) (*OffsetPage[T], error)) *OffsetIter[T] {
	return &OffsetIter[T]{ctx: ctx, fetch: fetch, start: start}
}

// Pages yields each page in turn until the offsets reach Count or a page
// comes back empty.
func (it *OffsetIter[T]) Pages() iter.Seq2[*OffsetPage[T], error] {
	return func(yield func(*OffsetPage[T], error) bool) {
		if it.ctx == nil {
			yield(nil, errors.New("jiko: list: nil context"))
			return
		}
		offset, first := it.start, true
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

// All yields every item of every page, as CursorIter.All does.
func (it *OffsetIter[T]) All() iter.Seq2[T, error] {
	return flatten(it.Pages(), func(p *OffsetPage[T]) []T { return p.Items })
}

// Collect gathers every item into a slice; it is All for lists known to be
// small.
func (it *OffsetIter[T]) Collect() ([]T, error) { return collect(it.All()) }

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

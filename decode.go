package jiko

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// This file holds how an answer's bytes become the caller's types in one
// pass: encoding/json checks the whole input on every json.Unmarshal, so
// nothing below the call's own decode calls it again on bytes it was
// given (list envelopes decode their items in the same pass, tolerant
// scalars read the token they are given, unions find their kind with
// objectMembers), and a few helpers read valid JSON without a decoder.

// answerDecoder is implemented by the answers that decode themselves from
// the call's bytes in one pass (the list pages), where json.Unmarshal
// would check the bytes once more before calling their UnmarshalJSON.
type answerDecoder interface {
	decodeAnswer(b []byte) error
}

// decodeAnswer decodes a 2xx answer's bytes into out.
func decodeAnswer(b []byte, out any) error {
	if d, ok := out.(answerDecoder); ok {
		return d.decodeAnswer(b)
	}
	return json.Unmarshal(b, out)
}

// plainString returns the text of the JSON string b without its quotes
// when it holds no escape and is valid UTF-8: what json.Unmarshal would
// give, without a decoder. ok is false for anything else, which the
// caller hands to json.Unmarshal.
func plainString(b []byte) (text []byte, ok bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	text = b[1 : len(b)-1]
	ascii := true
	for _, c := range text {
		switch {
		case c == '\\' || c == '"' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(text) {
		return nil, false
	}
	return text, true
}

// objectMembers calls yield with the name (still quoted) and the value of
// each member of the JSON object b, in order, until yield returns false.
// It reads b as valid JSON without checking it (encoding/json has, or
// will); on bytes that are not a well-formed object it stops and reports
// false, never reading past b.
func objectMembers(b []byte, yield func(name, value []byte) bool) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return true
	}
	for i < len(b) {
		end, ok := skipValue(b, i)
		if !ok || b[i] != '"' {
			return false
		}
		name := b[i:end]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		if end, ok = skipValue(b, i); !ok {
			return false
		}
		if !yield(name, b[i:end]) {
			return true
		}
		i = skipSpace(b, end)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case '}':
			return true
		case ',':
			i = skipSpace(b, i+1)
		default:
			return false
		}
	}
	return false
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value that starts at i.
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, ok := skipString(b, i)
				if !ok {
					return end, false
				}
				i = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
		return i, false
	case '}', ']', ',', ':':
		return i, false
	}
	start := i
	for i < len(b) && bytes.IndexByte([]byte(" \t\r\n,}]:"), b[i]) < 0 {
		i++
	}
	return i, i > start
}

// skipString returns the index just past the JSON string that starts at i.
func skipString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return i, false
}

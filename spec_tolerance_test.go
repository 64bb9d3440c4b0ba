package jiko

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/ops"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every operation of the v1.29 file is answered with success bodies made
// from its 2xx schema, with odd but valid values for every string, number,
// enum and optional member (seeded, tolerancePerOp per operation), and the
// client must decode each one without error: the tolerant reader's promise
// that what the contract allows never fails a call.

// tolerancePerOp is how many generated answers each operation gets.
const tolerancePerOp = 20

// refusedOutcomes are the errors an operation returns on purpose for an
// answer that decodes but reports a failure, by the text of the error.
var refusedOutcomes = map[*ops.Op]string{
	// CardsService.SetPIN reports {"success": false} as an error.
	ops.CardsSetPIN: "the API answered success: false",
}

func TestEverySchemaAnswerDecodes(t *testing.T) {
	spec, fileOps := loadSpec(t)
	cases := specCaseTable(t)
	ran := 0
	for _, key := range slices.Sorted(mapKeys(fileOps)) {
		op := fileOps[key]
		tc := cases[op.entry]
		code, _, hasBody := op.success()
		schema := op.Responses[strconv.Itoa(code)].Content["application/json"].Schema
		if tc.call == nil || !hasBody || schema == nil {
			continue
		}
		t.Run(key, func(t *testing.T) {
			for seed := range uint64(tolerancePerOp) {
				g := &answerGen{k: &schemaCheck{spec: spec}, r: rand.New(rand.NewPCG(seed, 0x5eed))}
				answer, err := json.Marshal(g.value(schema, 0))
				require.NoError(t, err)
				var body any
				if len(tc.bodies) > 0 {
					body = tc.bodies[0]
				}
				h := newHarness(t)
				h.on(op.method, expectedPath(t, op.entry.Path), status(code, string(answer)))
				h.on("GET", "/api/v1/public-keys/", status(200, fixture(t, "public_keys.json")))
				err = tc.call(context.Background(), h.c, body)
				if want, ok := refusedOutcomes[op.entry]; ok && err != nil {
					assert.ErrorContains(t, err, want, "seed %d: %s", seed, answer)
					continue
				}
				require.NoError(t, err, "seed %d: %s", seed, answer)
			}
			ran++
		})
	}
	t.Logf("%d operations answered %d times each", ran, tolerancePerOp)
	assert.Greater(t, ran, 50, "the operations with a JSON answer were run")
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// answerGen makes a JSON value that a schema allows, choosing odd values:
// empty, long and non-ASCII strings, leap days and far dates, extreme
// numbers, every enum value, optional members left out or null.
type answerGen struct {
	k *schemaCheck
	r *rand.Rand
}

// oddStrings are strings any plain string field allows.
var oddStrings = []string{
	"", "fugiat", "ünïcødé ☃ 名前", "line\nbreak \"quoted\" \\ back", strings.Repeat("x", 300), "null", "0", " padded ",
}

var oddDates = []string{"2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"}

var oddTimes = []string{
	"2024-02-29T23:59:59.999999+14:00", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00",
	"2023-01-01T12:00:00.123456789+00:00",
}

func (g *answerGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *answerGen) value(s *oaSchema, depth int) any {
	s = g.k.resolve(s)
	if s == nil {
		return nil
	}
	if len(s.Enum) > 0 {
		return s.Enum[g.r.IntN(len(s.Enum))]
	}
	if alts := slices.Concat(s.AnyOf, s.OneOf); len(alts) > 0 {
		return g.value(alts[g.r.IntN(len(alts))], depth)
	}
	if len(s.AllOf) > 0 || s.Type == "object" || s.Properties != nil {
		return g.object(s, depth)
	}
	switch s.Type {
	case "array":
		n := g.r.IntN(4)
		if depth > 6 {
			n = 0
		}
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(s.Items, depth+1)
		}
		return out
	case "string":
		return g.text(s)
	case "integer":
		return []int64{0, 1, -1, 9007199254740991, 2147483648}[g.r.IntN(5)]
	case "number":
		return []json.Number{"0", "0.000000001", "123456789.123456", "-0.5", "1e3"}[g.r.IntN(5)]
	case "boolean":
		return g.r.IntN(2) == 0
	case "null":
		return nil
	}
	return g.pick(oddStrings)
}

func (g *answerGen) text(s *oaSchema) string {
	switch s.Format {
	case "date":
		return g.pick(oddDates)
	case "date-time":
		return g.pick(oddTimes)
	case "uuid":
		u := fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", g.r.Uint32(), g.r.IntN(1<<16), g.r.IntN(1<<12), g.r.IntN(1<<12), g.r.Uint64()&(1<<48-1))
		if g.r.IntN(2) == 0 {
			u = strings.ToUpper(u)
		}
		return u
	case "email":
		return g.pick([]string{"a@b.co", "ünïcødé+tag@example.museum"})
	case "uri":
		return g.pick([]string{"https://example.com/", "https://example.com/a%20b?x=1#y"})
	}
	if s.Pattern != "" && len(s.Example) > 0 {
		var ex string
		if json.Unmarshal(s.Example, &ex) == nil {
			return ex
		}
	}
	return g.pick(oddStrings)
}

// object makes every required member and some optional ones, of s and of
// its allOf parts.
func (g *answerGen) object(s *oaSchema, depth int) map[string]any {
	out := map[string]any{}
	parts := append([]*oaSchema{s}, s.AllOf...)
	for _, p := range parts {
		if p = g.k.resolve(p); p == nil {
			continue
		}
		for name, prop := range p.Properties {
			switch required := slices.Contains(p.Required, name); {
			case required:
				out[name] = g.value(prop, depth+1)
			case g.r.IntN(4) == 0:
				// An optional member left out.
			default:
				out[name] = g.value(prop, depth+1)
			}
		}
	}
	return out
}

// The generator makes what the schema allows: the conformance checks of
// the request bodies accept its answers.
func TestSchemaAnswersFitTheirSchema(t *testing.T) {
	spec, ops := loadSpec(t)
	for key, op := range ops {
		code, _, hasBody := op.success()
		schema := op.Responses[strconv.Itoa(code)].Content["application/json"].Schema
		if !hasBody || schema == nil {
			continue
		}
		for seed := range uint64(5) {
			g := &answerGen{k: &schemaCheck{spec: spec}, r: rand.New(rand.NewPCG(seed, 0x5eed))}
			b, err := json.Marshal(g.value(schema, 0))
			require.NoError(t, err)
			var v any
			require.NoError(t, json.Unmarshal(b, &v))
			k := &schemaCheck{spec: spec}
			k.check(v, []*oaSchema{schema}, "")
			assert.Empty(t, k.errs, "%s seed %d: %s", key, seed, b)
		}
	}
}

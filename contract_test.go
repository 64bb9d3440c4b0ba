package jiko

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jiko-go/jiko/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seed operations' examples, as the current reference publishes them
// (and completed from the v1.29 components where the page collapses them),
// decode strictly into the SDK's types and re-encode to the same JSON.

func TestPocketFixturesDecodeStrictly(t *testing.T) {
	for _, name := range []string{"pocket_get.json", "pocket_update.json", "pocket_update.published.json", "pocket.json"} {
		t.Run(name, func(t *testing.T) {
			testutil.Strict[Pocket](t, testutil.Load(t, name))
		})
	}
	t.Run("pockets_list.json", func(t *testing.T) {
		page := testutil.Strict[CursorPage[Pocket]](t, testutil.Load(t, "pockets_list.json"))
		require.NotEmpty(t, page.Items)
		assert.NotEmpty(t, page.NextPage)
	})
}

func TestPocketGetFixtureFields(t *testing.T) {
	p := testutil.Strict[Pocket](t, testutil.Load(t, "pocket_get.json"))
	assert.Equal(t, "d0e1dd1b-3e21-4cd4-9872-f71ea4967ffd", p.ID)
	assert.Equal(t, "4-week T-bills", p.PocketName)
	assert.Equal(t, PocketStatusOpen, p.Status)
	assert.Equal(t, StrategyUST4W, p.DepositStrategyID)
	require.NotNil(t, p.ReinvestmentStrategyID)
	assert.Equal(t, StrategyUST26W, *p.ReinvestmentStrategyID)
	assert.Equal(t, []string{}, p.Attributes)
	require.NotNil(t, p.Portfolio)
	require.Len(t, p.Portfolio.Fees, 1)
	assert.Equal(t, FeeTypeAUM, p.Portfolio.Fees[0].Type)
	require.Len(t, p.Portfolio.Securities, 1)
	assert.Equal(t, SecurityTypeFixedIncome, p.Portfolio.Securities[0].Type)
}

func TestPocketUpdateRequestFixture(t *testing.T) {
	want := testutil.Load(t, "pocket_update.request.json")
	got, err := json.Marshal(&PocketUpdateRequest{PocketName: Set("Savings")})
	require.NoError(t, err)
	require.NoError(t, testutil.Equal(want, got))
}

// Every Nullable field of the package must carry omitzero: without it a
// field left alone would be sent as null and erase data.
func TestEveryNullableFieldIsOmitzero(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, name, src, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, field := range st.Fields.List {
				if !isNullableType(field.Type) {
					continue
				}
				checked++
				tag := ""
				if field.Tag != nil {
					tag = reflect.StructTag(strings.Trim(field.Tag.Value, "`")).Get("json")
				}
				if !strings.Contains(tag, ",omitzero") {
					t.Errorf("%s: Nullable field %s has json tag %q without omitzero", fset.Position(field.Pos()), field.Names, tag)
				}
			}
			return true
		})
	}
	assert.NotZero(t, checked, "no Nullable field found: the check looks in the wrong place")
}

func isNullableType(e ast.Expr) bool {
	idx, ok := e.(*ast.IndexExpr)
	if !ok {
		return false
	}
	id, ok := idx.X.(*ast.Ident)
	return ok && id.Name == "Nullable"
}

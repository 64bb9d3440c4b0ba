// Package sample is the input of the doccheck self-test: each identifier's
// name says whether the check must report it.
package sample

// GroupDoc documents every constant of its group.
const (
	GroupedA = 1
	GroupedB = 2
)

const (
	// SpecDoc has a doc comment of its own.
	SpecDoc     = 1
	LineComment = 2 // a line comment counts
	BadConst    = 3
	badHidden   = 4
)

var BadVar, OtherBadVar = 1, 2

// DocVar is documented.
var DocVar = 1

var (
	// InGroupDoc is documented.
	InGroupDoc = 1
	BadInGroup = 2
)

func BadFunc() {}

// GoodFunc is documented.
func GoodFunc() {}

func unexportedFunc() {}

type BadType struct {
	BadField int
	// GoodField is documented.
	GoodField int
	LineField int // documented at the end of its line
	hidden    int
	Embedded
	BadA, BadB string
	// Nested is documented, its own fields are not.
	Nested struct {
		BadInner int
		// GoodInner is documented.
		GoodInner int
	}
}

func (BadType) BadMethod() {}

// GoodMethod is documented.
func (*BadType) GoodMethod() {}

func (BadType) unexportedMethod() {}

func NewBadType() BadType { return BadType{} }

// Embedded is an exported type embedded in BadType.
type Embedded struct{}

func (Embedded) BadEmbeddedMethod() {}

// Kind is a documented string type with constants.
type Kind string

const (
	// KindA is documented.
	KindA    Kind = "A"
	BadKindB Kind = "B"
)

type inner struct{}

// Inner methods are promoted through Outer.
func (inner) Promoted() {}

func (inner) BadPromoted() {}

// Outer embeds an unexported type.
type Outer struct {
	inner
}

type hiddenType struct {
	Field int
}

func (hiddenType) Method() {}

// GoodInterface is documented; interface methods are not checked.
type GoodInterface interface {
	Method()
}

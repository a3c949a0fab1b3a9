package cards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSaysFormats reads the package's source: every message written with says has
// constant formats that take the same arguments with the same verbs in Dutch and English.
// go vet cannot check them, since says hands its arguments on changed (a Text in one
// language or the other).
func TestSaysFormats(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "says" {
				return true
			}
			calls++
			at := fset.Position(call.Pos())
			nl, okNL := constString(call.Args[0])
			en, okEN := constString(call.Args[1])
			if !okNL || !okEN {
				t.Errorf("%s: says with a format that is not a constant string", at)
				return true
			}
			args := len(call.Args) - 2
			if got, want := verbsOf(nl), verbsOf(en); !slices.Equal(got, want) {
				t.Errorf("%s: the Dutch format takes %q, the English %q", at, got, want)
			} else if len(got) != args {
				t.Errorf("%s: the formats take %d arguments, says has %d", at, len(got), args)
			}
			if nl == en {
				t.Errorf("%s: the Dutch format is the English one: %q", at, en)
			}
			return true
		})
	}
	if calls < 50 {
		t.Errorf("found %d calls of says; the parser missed some", calls)
	}
}

// constString is the value of a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, okA := constString(e.X)
		b, okB := constString(e.Y)
		return a + b, okA && okB && e.Op == token.ADD
	}
	return "", false
}

var verbRE = regexp.MustCompile(`%[-+# 0]*(?:\[(\d+)\])?\d*(?:\.\d+)?([a-zA-Z%])`)

// verbsOf lists a format's verbs by the argument they take: the verb of the first
// argument first.
func verbsOf(format string) []string {
	byArg := map[int]string{}
	next := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			i = n - 1
		}
		byArg[i] += m[2]
		next = i + 1
	}
	verbs := make([]string, len(byArg))
	for i := range verbs {
		verbs[i] = byArg[i] // an argument skipped leaves "", which no format has
	}
	return verbs
}

func TestSaysLanguages(t *testing.T) {
	list := Text{NL: "a of b", EN: "a or b"}
	for _, tc := range []struct {
		name   string
		got    Text
		nl, en string
	}{
		{"plain", says("leeg", "empty"), "leeg", "empty"},
		{"a Text argument in each language", says("gebruik %s", "use %s", list), "gebruik a of b", "use a or b"},
		{"arguments in another order", says("%[2]d van %[1]q", "%q: %d", "x", 3), `3 van "x"`, `"x": 3`},
		{"no arguments keeps %", says("100%", "100%"), "100%", "100%"},
		{"counted", says("%d %s", "%d %s", 1, counted(1, says("kaart", "card"), says("kaarten", "cards"))), "1 kaart", "1 card"},
		{"orList", orList([]string{"x", "y", "z"}), "x, y of z", "x, y or z"},
		{"orList of one", orList([]string{"x"}), "x", "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got.NL != tc.nl || tc.got.EN != tc.en {
				t.Errorf("got %q / %q, want %q / %q", tc.got.NL, tc.got.EN, tc.nl, tc.en)
			}
		})
	}
}

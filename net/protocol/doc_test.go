package protocol_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// docPath is the protocol document, relative to this package's directory.
const docPath = "../../docs/protocol.md"

// wireConst is a constant whose value travels over the wire and must be documented.
type wireConst struct {
	name  string // the Go identifier, e.g. CmdVote
	value string // its value as it appears on the wire, e.g. vote or 4500
}

// constGroup is one kind of constant the document must list, and where it comes from.
type constGroup struct {
	what  string // for messages: "command type"
	file  string // relative to this package's directory
	pkg   string // for messages: game
	match func(name, typ string) bool
	min   int // fewer found means the collector is broken, not that the code shrank
}

// isPrefixed reports whether name is prefix followed by an upper-case letter (TJoin, not
// Timeout or T).
func isPrefixed(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	return ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
}

var constGroups = []constGroup{
	{what: "message type", file: "protocol.go", pkg: "protocol", min: 10,
		match: func(name, _ string) bool { return isPrefixed(name, "T") }},
	{what: "protocol error code", file: "protocol.go", pkg: "protocol", min: 10,
		match: func(name, _ string) bool { return isPrefixed(name, "Err") }},
	{what: "close code", file: "protocol.go", pkg: "protocol", min: 15,
		match: func(name, _ string) bool { return isPrefixed(name, "Close") }},
	{what: "rule error code", file: "../../game/errors.go", pkg: "game", min: 20,
		match: func(_, typ string) bool { return typ == "Code" }},
	{what: "command type", file: "../../game/command.go", pkg: "game", min: 25,
		match: func(name, typ string) bool { return typ == "CommandType" && isPrefixed(name, "Cmd") }},
	{what: "event type", file: "../../game/command.go", pkg: "game", min: 25,
		match: func(name, typ string) bool { return typ == "EventType" && isPrefixed(name, "Ev") }},
}

// collectConsts parses a Go file and returns the exported constants that match, with their
// literal values. A constant's type is the explicit type of its spec, or of the spec it
// repeats (an implicit "Name" line after "A Code = ..."), as in a const block.
func collectConsts(t *testing.T, file string, match func(name, typ string) bool) []wireConst {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	var out []wireConst
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		typ := ""
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Type != nil {
				typ = ""
				if id, ok := vs.Type.(*ast.Ident); ok {
					typ = id.Name
				}
			} else if len(vs.Values) > 0 {
				typ = "" // untyped, e.g. "TJoin = \"join\""
			}
			for i, name := range vs.Names {
				if !name.IsExported() || !match(name.Name, typ) {
					continue
				}
				if i >= len(vs.Values) {
					t.Fatalf("%s: constant %s has no literal value (iota?); the doc test cannot read it",
						fset.Position(name.Pos()), name.Name)
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s: constant %s is not a literal; the doc test cannot read it",
						fset.Position(name.Pos()), name.Name)
				}
				value := lit.Value
				if lit.Kind == token.STRING {
					if value, err = strconv.Unquote(lit.Value); err != nil {
						t.Fatalf("%s: %s: %v", fset.Position(lit.Pos()), name.Name, err)
					}
				}
				out = append(out, wireConst{name: name.Name, value: value})
			}
		}
	}
	return out
}

var codeSpan = regexp.MustCompile("(`+)([^`]+?)(`+)")

// docMentions returns every inline code span and every table cell of a Markdown document
// outside fenced code blocks, trimmed, table cells also without surrounding backticks. Only
// exact mentions count: a word inside a sentence or a JSON example does not.
func docMentions(doc string) map[string]bool {
	seen := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(doc, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(line, -1) {
			if len(m[1]) == len(m[3]) {
				seen[strings.TrimSpace(m[2])] = true
			}
		}
		if strings.HasPrefix(trim, "|") {
			for _, cell := range strings.Split(strings.Trim(trim, "|"), "|") {
				cell = strings.TrimSpace(cell)
				seen[cell] = true
				seen[strings.TrimSpace(strings.Trim(cell, "`"))] = true
			}
		}
	}
	return seen
}

// TestProtocolDocComplete fails when docs/protocol.md does not mention, as a code span or a
// table cell, every message type, protocol error code, close code, rule error code, command
// type and event type of the code. The constants are read from the Go source, so a new one
// cannot be added without documenting it.
func TestProtocolDocComplete(t *testing.T) {
	data, err := os.ReadFile(filepath.FromSlash(docPath))
	if err != nil {
		t.Fatalf("read the protocol document: %v", err)
	}
	mentioned := docMentions(string(data))
	var missing []string
	for _, g := range constGroups {
		consts := collectConsts(t, filepath.FromSlash(g.file), g.match)
		if len(consts) < g.min {
			t.Errorf("found only %d %ss in %s, expected at least %d: the doc test's collector is broken",
				len(consts), g.what, g.file, g.min)
		}
		seen := map[string]string{}
		for _, c := range consts {
			if other, dup := seen[c.value]; dup {
				t.Errorf("%s %q is the value of both %s.%s and %s.%s", g.what, c.value, g.pkg, other, g.pkg, c.name)
			}
			seen[c.value] = c.name
			if !mentioned[c.value] {
				missing = append(missing, g.what+" `"+c.value+"` ("+g.pkg+"."+c.name+" in "+strings.TrimPrefix(g.file, "../../")+")")
			}
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("docs/protocol.md does not mention %d wire values (as a code span or a table cell):\n\t%s",
			len(missing), strings.Join(missing, "\n\t"))
	}
}

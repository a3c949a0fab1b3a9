package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
)

const sample = `/* MaterialDesignIcons.com */
@font-face {
  src: url("../fonts/materialdesignicons-webfont.eot?v=1.6.50");
}
.mdi:before { display: inline-block; }
.mdi-video:before {
  content: "\F567";
}
.mdi-access-point:before {content:"\f002"}
.mdi-rotate-45 { transform: rotate(45deg); }
`

func TestParse(t *testing.T) {
	icons, version, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []Icon{{"access-point", 0xF002}, {"video", 0xF567}}
	if !reflect.DeepEqual(icons, want) || version != "1.6.50" {
		t.Errorf("got %v, %q; want %v, 1.6.50", icons, version, want)
	}
}

func TestParseErrors(t *testing.T) {
	for name, css := range map[string]string{
		"no icons":   ".mdi { }",
		"duplicate":  `.mdi-a:before { content: "\F001"; } .mdi-a:before { content: "\F002"; }`,
		"too large":  `.mdi-a:before { content: "\FFFFFF"; }`,
		"not a font": "",
	} {
		if _, _, err := Parse([]byte(css)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestGenerate(t *testing.T) {
	src, err := Generate([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if !strings.HasPrefix(s, "// Code generated ") || !strings.Contains(s, "DO NOT EDIT.\n") {
		t.Errorf("no generated-code header:\n%s", s)
	}
	for _, want := range []string{`{"access-point", 0xF002}`, `{"video", 0xF567}`, `const IconSetVersion = "1.6.50"`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s missing from\n%s", want, s)
		}
	}
}

// TestUpToDate checks that the committed icons.go is what the installed stylesheet
// generates, so that a changed generator or icon set is not forgotten.
func TestUpToDate(t *testing.T) {
	css, err := os.ReadFile(DefaultCSS)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not installed (apt-get install fonts-materialdesignicons-webfont)", DefaultCSS)
	}
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(css)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../icons.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("cards/icons.go is stale: run go generate ./cards")
	}
}

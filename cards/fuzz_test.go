package cards

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// seed adds the test files with the given extension, and the default deck in the given
// encoding, to the corpus.
func seed(f *testing.F, ext string, encode func(*bytes.Buffer, *Deck) error) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	d, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := encode(&b, d); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
}

// checkLoad checks the result of a load of arbitrary bytes: problems or a valid,
// indexed deck that survives a round trip through both formats unchanged.
func checkLoad(t *testing.T, d *Deck, err error) {
	if err != nil {
		var probs Problems
		if !errors.As(err, &probs) || len(probs) == 0 || d != nil {
			t.Fatalf("a bad deck gave %v (%T) and deck %v", err, err, d != nil)
		}
		for _, p := range probs {
			if p.Message.NL == "" || p.Message.EN == "" || p.Line < 0 {
				t.Fatalf("problem %#v", p)
			}
		}
		return
	}
	if d.byID == nil || d.Validate() != nil {
		t.Fatalf("a loaded deck is not indexed or not valid: %v", d.Validate())
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	back, err := LoadJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the JSON re-encoding does not load: %v\n%s", err, b.Bytes())
	}
	if !reflect.DeepEqual(back, d) {
		t.Fatalf("the JSON re-encoding loads differently:\n%#v\n%#v", back, d)
	}
	b.Reset()
	if err := WriteCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	back, err = LoadCSVAs(bytes.NewReader(b.Bytes()), infoOf(d))
	if err != nil {
		t.Fatalf("the CSV re-encoding does not load: %v\n%s", err, b.Bytes())
	}
	if !reflect.DeepEqual(back, d) {
		t.Fatalf("the CSV re-encoding loads differently:\n%#v\n%#v", back, d)
	}
}

func FuzzLoadJSON(f *testing.F) {
	seed(f, ".json", func(b *bytes.Buffer, d *Deck) error { return WriteJSON(b, d) })
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := LoadJSON(bytes.NewReader(data))
		checkLoad(t, d, err)
	})
}

func FuzzLoadCSV(f *testing.F) {
	seed(f, ".csv", func(b *bytes.Buffer, d *Deck) error { return WriteCSVComma(b, d, ';') })
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := LoadCSV(bytes.NewReader(data))
		checkLoad(t, d, err)
	})
}

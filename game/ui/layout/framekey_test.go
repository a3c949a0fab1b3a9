package layout

import (
	"bytes"
	"reflect"
	"testing"
)

// TestFrameKey changes every field of a frame, of its items, widgets and bars, of an
// item's field and of a card's identity, one at a time, and checks that the key changes
// with it: a field the key missed would leave a stale picture on screen, because the client
// paints only when the key changes.
func TestFrameKey(t *testing.T) {
	key := func(f Frame) []byte { return f.AppendKey(nil) }
	if !bytes.Equal(key(Frame{}), key(Frame{})) {
		t.Fatal("the key of a frame changes from call to call")
	}
	notPainted := map[string]bool{"Title": true}
	ft := reflect.TypeOf(Frame{})
	for i := 0; i < ft.NumField(); i++ {
		name := ft.Field(i).Name
		if notPainted[name] {
			continue
		}
		for _, c := range frameChanges(ft.Field(i).Type) {
			var before, after Frame
			c.before(reflect.ValueOf(&before).Elem().Field(i))
			c.after(reflect.ValueOf(&after).Elem().Field(i))
			if bytes.Equal(key(before), key(after)) {
				t.Errorf("Frame.%s%s changed, its key did not: add it to Frame.AppendKey", name, c.path)
			}
		}
	}
	// What a card's picture key leaves out, the frame's key must hold.
	for _, c := range []struct {
		name string
		card FaceInfo
	}{{"ID", FaceInfo{ID: "x"}}, {"Back", FaceInfo{Back: true}}, {"FlipAt", FaceInfo{FlipAt: 1 << 40}}} {
		a := Frame{Items: []Item{{Card: &FaceInfo{}}}}
		b := Frame{Items: []Item{{Card: &c.card}}}
		if bytes.Equal(key(a), key(b)) {
			t.Errorf("a card's %s changed, the frame's key did not", c.name)
		}
	}
	// Texts that run together differently give different keys.
	a := Frame{Items: []Item{{Lines: []string{"ab", "c"}}}}
	b := Frame{Items: []Item{{Lines: []string{"a", "bc"}}}}
	if bytes.Equal(key(a), key(b)) {
		t.Error("lines ab|c and a|bc have the same key")
	}
}

// frameChanges is changes (facekey_test.go) that also follows pointers: a nil pointer
// made to point at a zero value, then each field of that value changed.
func frameChanges(t reflect.Type) []change {
	switch t.Kind() {
	case reflect.Pointer:
		none := func(reflect.Value) {}
		alloc := func(v reflect.Value) { v.Set(reflect.New(t.Elem())) }
		out := []change{{"", none, alloc}}
		for _, c := range frameChanges(t.Elem()) {
			out = append(out, change{"->" + c.path,
				func(v reflect.Value) { alloc(v); c.before(v.Elem()) },
				func(v reflect.Value) { alloc(v); c.after(v.Elem()) }})
		}
		return out
	case reflect.Struct:
		var out []change
		for i := 0; i < t.NumField(); i++ {
			if t == reflect.TypeFor[Widget]() && t.Field(i).Name == "Action" {
				continue // what pressing the widget does is not painted
			}
			for _, c := range frameChanges(t.Field(i).Type) {
				out = append(out, change{"." + t.Field(i).Name + c.path,
					func(v reflect.Value) { c.before(v.Field(i)) },
					func(v reflect.Value) { c.after(v.Field(i)) }})
			}
		}
		return out
	case reflect.Slice:
		none := func(reflect.Value) {}
		one := func(v reflect.Value) { v.Set(reflect.MakeSlice(t, 1, 1)) }
		out := []change{{"", none, one}}
		for _, c := range frameChanges(t.Elem()) {
			out = append(out, change{"[0]" + c.path,
				func(v reflect.Value) { one(v); c.before(v.Index(0)) },
				func(v reflect.Value) { one(v); c.after(v.Index(0)) }})
		}
		return out
	}
	return changes(t)
}

package layout

import (
	"bytes"
	"reflect"
	"testing"
)

// TestFaceKey changes every field of a face, one at a time (and every field of its
// badges and rectangles), and checks that the key changes with it: a field the key missed
// would leave a stale picture of the card on screen.
func TestFaceKey(t *testing.T) {
	notShown := map[string]bool{"ID": true, "Back": true, "FlipAt": true}
	var zero FaceInfo
	if !bytes.Equal(zero.AppendKey(nil), zero.AppendKey(nil)) {
		t.Fatal("the key of a face changes from call to call")
	}
	n := 0
	ft := reflect.TypeOf(zero)
	for i := 0; i < ft.NumField(); i++ {
		name := ft.Field(i).Name
		if notShown[name] {
			continue
		}
		for _, c := range changes(ft.Field(i).Type) {
			before, after := zero, zero
			c.before(reflect.ValueOf(&before).Elem().Field(i))
			c.after(reflect.ValueOf(&after).Elem().Field(i))
			n++
			if bytes.Equal(before.AppendKey(nil), after.AppendKey(nil)) {
				t.Errorf("FaceInfo.%s%s changed, its key did not: add it to AppendKey", name, c.path)
			}
		}
	}
	if n < ft.NumField() {
		t.Errorf("only %d changes for %d fields", n, ft.NumField())
	}
	// Texts that run together differently give different keys.
	a, b := FaceInfo{Title: []string{"ab", "c"}}, FaceInfo{Title: []string{"a", "bc"}}
	if bytes.Equal(a.AppendKey(nil), b.AppendKey(nil)) {
		t.Error("titles ab|c and a|bc have the same key")
	}
}

// change is a change of a zero value: from what before makes of it to what after does.
type change struct {
	path          string
	before, after func(reflect.Value)
}

// changes returns ways of changing a zero value of type t: one for a plain value, one for
// each field of a struct, and for a slice one element added, then each of that element's
// fields changed.
func changes(t reflect.Type) []change {
	none := func(reflect.Value) {}
	set := func(f func(reflect.Value)) []change { return []change{{"", none, f}} }
	switch t.Kind() {
	case reflect.Struct:
		var out []change
		for i := 0; i < t.NumField(); i++ {
			for _, c := range changes(t.Field(i).Type) {
				out = append(out, change{"." + t.Field(i).Name + c.path,
					func(v reflect.Value) { c.before(v.Field(i)) },
					func(v reflect.Value) { c.after(v.Field(i)) }})
			}
		}
		return out
	case reflect.Slice:
		one := func(v reflect.Value) { v.Set(reflect.MakeSlice(t, 1, 1)) }
		out := []change{{"", none, one}}
		for _, c := range changes(t.Elem()) {
			out = append(out, change{"[0]" + c.path,
				func(v reflect.Value) { one(v); c.before(v.Index(0)) },
				func(v reflect.Value) { one(v); c.after(v.Index(0)) }})
		}
		return out
	case reflect.String:
		return set(func(v reflect.Value) { v.SetString("x") })
	case reflect.Bool:
		return set(func(v reflect.Value) { v.SetBool(true) })
	case reflect.Float32, reflect.Float64:
		return set(func(v reflect.Value) { v.SetFloat(1.5) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return set(func(v reflect.Value) { v.SetInt(7) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return set(func(v reflect.Value) { v.SetUint(7) })
	}
	panic("changes: no way to change a " + t.String())
}

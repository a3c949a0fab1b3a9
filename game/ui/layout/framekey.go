package layout

// AppendKey appends to b a key of everything the frame paints: two frames with the same
// key, drawn with the same interaction state, look the same. The client compares the keys
// of successive frames to paint only when the picture changes. A field added to Frame,
// Item, Widget or FieldInfo must be added here too, or a change of it would stay off the
// screen; TestFrameKey checks that. It leaves out only what is not painted: Title, and a
// widget's Action.
func (f *Frame) AppendKey(b []byte) []byte {
	k := keyBytes(b).f(f.W, f.H, f.ContentH, f.Scroll)
	k = k.u(uint32(len(f.Items)))
	for i := range f.Items {
		k = f.Items[i].appendKey(k)
	}
	k = k.u(uint32(len(f.Widgets)))
	for i := range f.Widgets {
		k = f.Widgets[i].appendKey(k)
	}
	k = k.u(uint32(len(f.Bars)))
	for _, r := range f.Bars {
		k = k.f(r.X, r.Y, r.W, r.H)
	}
	return k
}

func (it *Item) appendKey(k keyBytes) keyBytes {
	k = k.u(uint32(it.Kind)).s(it.Key).f(it.Rect.X, it.Rect.Y, it.Rect.W, it.Rect.H)
	k = k.u(uint32(it.Color)).f(it.Alpha, it.Radius, it.Shadow).u(uint32(it.Border)).f(it.BorderW)
	k = k.ss(it.Lines).f(it.Size).t(it.Bold).u(uint32(it.Align)).u(uint32(it.Glyph))
	k = k.u(uint32(it.Widget)).t(it.Fixed).t(it.Elided)
	k = k.t(it.Card != nil)
	if c := it.Card; c != nil {
		k = keyBytes(c.AppendKey(k)).s(c.ID).t(c.Back).u(uint32(c.FlipAt)).u(uint32(c.FlipAt >> 32))
	}
	k = k.t(it.Edit != nil)
	if e := it.Edit; e != nil {
		k = k.s(e.Text).s(e.Placeholder).f(e.Size, e.ScrollX, e.CaretX, e.SelX0, e.SelX1, e.CompX0, e.CompX1)
		k = k.t(e.Focused).t(e.Secret)
	}
	return k
}

func (w *Widget) appendKey(k keyBytes) keyBytes {
	k = k.s(w.ID).s(string(w.Kind)).s(w.Label).f(w.Rect.X, w.Rect.Y, w.Rect.W, w.Rect.H)
	k = k.t(w.Enabled).t(w.Selected).s(w.Value).s(w.Group).t(w.Draggable).t(w.DropTarget)
	return k.t(w.Fixed).s(w.Submit)
}

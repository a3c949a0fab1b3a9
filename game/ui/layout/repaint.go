package layout

import (
	"bytes"
	"encoding/binary"
)

// RepaintEvery is how long (ms) a picture may stay on the screen unpainted: a safety net
// for anything outside a frame's key that could change what is shown.
const RepaintEvery = 1000

// CaretBlinkMillis is the text caret's half period: shown, then hidden, this long each.
const CaretBlinkMillis = 530

// RepaintGate decides whether a frame must be painted or the picture already on the
// screen is the same. A session's table is still most of the time: painting it sixty times
// a second anyway keeps a phone's or a laptop's processor busy for nothing (a browser
// without a GPU rasterises every frame on the CPU). The client keeps the screen between
// frames, so a frame not painted leaves the last one showing.
type RepaintGate struct {
	last, next []byte // the keys of the picture on the screen and of the frame asked about
	w, h       int    // the screen's size when it was painted
	at         int64  // when it was painted (ms)
	painted    bool
}

// Due reports whether frame f must be painted on a w×h screen at now (ms); state is the
// interaction state it is drawn with (focus, hover, press, drag), as bytes. When Due
// returns true the caller paints, and the gate takes f as the picture on the screen.
func (g *RepaintGate) Due(f *Frame, state []byte, now int64, w, h int) bool {
	k := f.AppendKey(g.next[:0])
	k = append(binary.LittleEndian.AppendUint32(k, uint32(len(state))), state...)
	k = binary.LittleEndian.AppendUint64(k, uint64(moment(f, now)))
	g.next = k
	if g.painted && w == g.w && h == g.h && now >= g.at && now-g.at < RepaintEvery && bytes.Equal(k, g.last) {
		return false
	}
	g.last, g.next = g.next, g.last
	g.w, g.h, g.at, g.painted = w, h, now, true
	return true
}

// moment returns what of the time shows in frame f at now: the moment itself while a card
// is turning over (every frame of the turn differs), the caret's blink phase while a text
// field has the focus, and otherwise nothing (0).
func moment(f *Frame, now int64) int64 {
	var m int64
	for i := range f.Items {
		it := &f.Items[i]
		if c := it.Card; c != nil && c.FlipAt > 0 && now >= c.FlipAt && now-c.FlipAt < FlipMillis {
			return now
		}
		if e := it.Edit; e != nil && e.Focused {
			m = 1 + (now/CaretBlinkMillis)%2
		}
	}
	return m
}

// Next returns when, in ms, the picture of frame f that the gate took at its last paint
// stops being right by the passage of time alone, for a client that draws frames only when
// asked: now while a card is turning over (every frame of the turn differs), the caret's
// next blink while a text field has the focus, and otherwise RepaintEvery after the paint.
func (g *RepaintGate) Next(f *Frame, now int64) int64 {
	next := g.at + RepaintEvery
	if !g.painted {
		return now
	}
	for i := range f.Items {
		it := &f.Items[i]
		if c := it.Card; c != nil && c.FlipAt > 0 && now < c.FlipAt+FlipMillis {
			return now
		}
		if e := it.Edit; e != nil && e.Focused {
			next = min(next, (now/CaretBlinkMillis+1)*CaretBlinkMillis)
		}
	}
	return next
}

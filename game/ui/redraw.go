package ui

import (
	"encoding/binary"
	"math"
)

// appendDrawState appends the interaction state the renderer draws a frame with, for the
// game's layout.RepaintGate; the time it draws with is the gate's own business.
func appendDrawState(k []byte, st drawState) []byte {
	for _, s := range []string{st.focus, st.hover, st.press, st.drag} {
		k = binary.LittleEndian.AppendUint32(k, uint32(len(s)))
		k = append(k, s...)
	}
	if st.ring {
		k = append(k, 1)
	} else {
		k = append(k, 0)
	}
	for _, v := range []float64{st.dragX, st.dragY, st.scroll} {
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(v))
	}
	return k
}

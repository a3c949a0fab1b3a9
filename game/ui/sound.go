package ui

import (
	"encoding/binary"
	"math"

	"github.com/hajimehoshi/ebiten/v2/audio"
)

// sampleRate of the generated sounds.
const sampleRate = 48000

// sound plays the timer's chime. The audio context is made on first use: a machine
// without sound (a CI runner) never touches its audio device unless a timer runs out.
type sound struct {
	ctx   *audio.Context
	chime []byte
}

func (s *sound) play(name string) {
	if name != "timer" {
		return
	}
	if s.ctx == nil {
		s.ctx = audio.CurrentContext()
		if s.ctx == nil {
			s.ctx = audio.NewContext(sampleRate)
		}
		s.chime = chime()
	}
	p := s.ctx.NewPlayerFromBytes(s.chime)
	p.SetVolume(0.6)
	p.Play()
}

// chime synthesises a soft two-note bell (E5 then A5) with a gentle decay: calm enough
// for a boardroom, clear enough to hear over a discussion.
func chime() []byte {
	const seconds = 1.6
	n := int(seconds * sampleRate)
	out := make([]byte, n*4)
	notes := []struct{ f, start float64 }{{659.25, 0}, {880, 0.28}}
	for i := 0; i < n; i++ {
		t := float64(i) / sampleRate
		v := 0.0
		for _, note := range notes {
			dt := t - note.start
			if dt < 0 {
				continue
			}
			env := math.Exp(-dt*3.2) * math.Min(1, dt*200)
			v += env * (math.Sin(2*math.Pi*note.f*dt) + 0.3*math.Sin(4*math.Pi*note.f*dt))
		}
		s := int16(math.Max(-1, math.Min(1, v*0.35)) * 32767)
		binary.LittleEndian.PutUint16(out[4*i:], uint16(s))
		binary.LittleEndian.PutUint16(out[4*i+2:], uint16(s))
	}
	return out
}

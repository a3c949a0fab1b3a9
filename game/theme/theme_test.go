package theme_test

import (
	"image/color"
	"math"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
)

func TestColorBasics(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"hex of aanbod", theme.Aanbod.Hex(), "#0072B2"},
		{"hex of paper", theme.Paper.Hex(), "#F7F4EC"},
		{"hex of a dark colour", theme.Color(0x00000A).Hex(), "#00000A"},
		{"mix halfway", theme.Color(0x000000).Mix(0xFFFFFF, 0.5).Hex(), "#808080"},
		{"mix clamps", theme.Aanbod.Mix(theme.White, 2).Hex(), "#FFFFFF"},
		{"text on table", theme.Table.TextOn().Hex(), theme.White.Hex()},
		{"text on paper", theme.Paper.TextOn().Hex(), theme.Ink.Hex()},
		{"text on yellow seat", theme.Seat(6).TextOn().Hex(), theme.Ink.Hex()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %s, want %s", tc.got, tc.want)
			}
		})
	}
	var c color.Color = theme.Impact // the client and image/draw take it as it is
	if got := color.NRGBAModel.Convert(c).(color.NRGBA); got != (color.NRGBA{0x00, 0x9E, 0x73, 0xff}) {
		t.Fatalf("Impact as NRGBA = %v", got)
	}
}

func TestPartsAndSeats(t *testing.T) {
	want := map[cards.Part]theme.Color{cards.Aanbod: 0x0072B2, cards.Bereik: 0xE69F00,
		cards.Impact: 0x009E73, cards.Inkomsten: 0xCC79A7}
	for _, p := range cards.Parts {
		t.Run(string(p), func(t *testing.T) {
			if got := theme.Part(p); got != want[p] {
				t.Fatalf("Part(%s) = %s, want %s", p, got.Hex(), want[p].Hex())
			}
		})
	}
	if theme.Part("elders") != theme.Muted {
		t.Fatal("an unknown part should be Muted")
	}
	if theme.SeatColors != game.Colors {
		t.Fatalf("theme has %d seat colours, the engine hands out %d", theme.SeatColors, game.Colors)
	}
	seen := map[theme.Color]int{}
	for i := 0; i < theme.SeatColors; i++ {
		c := theme.Seat(i)
		if j, dup := seen[c]; dup {
			t.Fatalf("seat colours %d and %d are both %s", j, i, c.Hex())
		}
		seen[c] = i
		if theme.Seat(i+theme.SeatColors) != c || theme.Seat(i-theme.SeatColors) != c {
			t.Fatalf("seat colour %d does not wrap around", i)
		}
	}
	for v := 1; v <= 5; v++ {
		if theme.Vote(v) == theme.Muted {
			t.Fatalf("vote %d has no colour", v)
		}
	}
}

// TestReadable checks the text pairs the client and the report use against WCAG AA.
func TestReadable(t *testing.T) {
	pairs := []struct {
		name   string
		fg, bg theme.Color
		min    float64
	}{
		{"ink on paper", theme.Ink, theme.Paper, 7},
		{"ink on card", theme.Ink, theme.White, 7},
		{"muted on paper", theme.Muted, theme.Paper, 4.5},
		{"muted on card", theme.Muted, theme.White, 4.5},
		{"paper on table", theme.Paper, theme.Table, 7},
		{"large text on aanbod", theme.Aanbod.TextOn(), theme.Aanbod, 3},
		{"large text on bereik", theme.Bereik.TextOn(), theme.Bereik, 3},
		{"large text on impact", theme.Impact.TextOn(), theme.Impact, 3},
		{"large text on inkomsten", theme.Inkomsten.TextOn(), theme.Inkomsten, 3},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			if c := p.fg.Contrast(p.bg); c < p.min {
				t.Fatalf("contrast %.2f, want at least %.1f", c, p.min)
			}
		})
	}
}

// TestPartsDistinguishableWhenColourBlind simulates the three dichromacies (Machado,
// Oliveira & Fernandes 2009, severity 1) and requires every pair of part colours to stay at
// least minDeltaE apart in CIELAB (ΔE*76: 2.3 is a just noticeable difference; above 10 two
// colours read as different colours at a glance). The Okabe–Ito parts measure 17.0 at
// worst (aanbod and impact under tritanopia), so 15 guards against a careless change.
func TestPartsDistinguishableWhenColourBlind(t *testing.T) {
	const minDeltaE = 15
	sims := []struct {
		name string
		m    [3][3]float64
	}{
		{"normal", [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
		{"protanopia", [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
		{"deuteranopia", [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
		{"tritanopia", [3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
	}
	parts := cards.Parts
	for _, sim := range sims {
		t.Run(sim.name, func(t *testing.T) {
			worst := math.Inf(1)
			for i := range parts {
				for j := i + 1; j < len(parts); j++ {
					a := lab(simulate(theme.Part(parts[i]), sim.m))
					b := lab(simulate(theme.Part(parts[j]), sim.m))
					d := math.Sqrt(sq(a[0]-b[0]) + sq(a[1]-b[1]) + sq(a[2]-b[2]))
					worst = min(worst, d)
					if d < minDeltaE {
						t.Errorf("%s and %s are only ΔE %.1f apart", parts[i], parts[j], d)
					}
				}
			}
			t.Logf("closest pair of parts: ΔE %.1f", worst)
		})
	}
}

func sq(x float64) float64 { return x * x }

func linear(v uint8) float64 {
	x := float64(v) / 255
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}

// simulate returns the linear RGB a dichromat perceives for c.
func simulate(c theme.Color, m [3][3]float64) [3]float64 {
	r8, g8, b8 := c.RGB()
	in := [3]float64{linear(r8), linear(g8), linear(b8)}
	var out [3]float64
	for i := range out {
		out[i] = min(1, max(0, m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2]))
	}
	return out
}

// lab converts linear sRGB to CIELAB (D65).
func lab(rgb [3]float64) [3]float64 {
	x := 0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := 0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

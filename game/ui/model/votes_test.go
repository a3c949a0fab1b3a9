package model

import (
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// TestAnonymousDots checks that with anonymous votes this seat's dots come from its own list
// in the view, since the canvas names nobody's.
func TestAnonymousDots(t *testing.T) {
	tests := []struct {
		name      string
		anon      bool
		dots      []game.SeatID
		mine      []string
		onA, left int
	}{
		{name: "named dots", dots: []game.SeatID{2, 3, 2}, onA: 2, left: 1},
		{name: "anonymous dots", anon: true, dots: []game.SeatID{0, 0, 0}, mine: []string{"a", "a"}, onA: 2, left: 1},
		{name: "anonymous, none mine", anon: true, dots: []game.SeatID{0}, onA: 0, left: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(cards.NL, "Eva")
			m.Seat = 2
			used := 0
			for _, d := range tt.dots {
				if d == 2 {
					used++
				}
			}
			m.View = &game.PlayerView{
				TableView: game.TableView{Settings: game.Settings{Dots: 3, AnonymousVotes: tt.anon},
					Seats:  []game.SeatView{{ID: 1, Name: "Fenna"}, {ID: 2, Name: "Eva", DotsUsed: used}},
					Canvas: []game.Placed{{Card: "a", Dots: tt.dots}}},
				OwnView: game.OwnView{Me: 2, MyDots: tt.mine},
			}
			if got := m.MyDots("a"); got != tt.onA {
				t.Errorf("MyDots = %d, want %d", got, tt.onA)
			}
			if got := m.DotsLeft(); got != tt.left {
				t.Errorf("DotsLeft = %d, want %d", got, tt.left)
			}
		})
	}
}

// TestRevealLeft checks the countdown by the room's clock.
func TestRevealLeft(t *testing.T) {
	m := New(cards.NL, "Eva")
	m.Skew = 500 // the room's clock is half a second ahead
	m.View = &game.PlayerView{TableView: game.TableView{Current: 0},
		OwnView: game.OwnView{Rounds: []game.RoundView{{Card: "s", RevealAt: 10_000}}}}
	if left, ok := m.RevealLeft(7_000); !ok || left != 2_500 {
		t.Fatalf("RevealLeft = %d %v, want 2500 true", left, ok)
	}
	m.View.Rounds[0].Revealed = true
	if _, ok := m.RevealLeft(7_000); ok {
		t.Fatal("a countdown after the reveal")
	}
}

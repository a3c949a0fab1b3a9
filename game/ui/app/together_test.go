package app

import (
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// TestCanvasTogether: the lobby switches the canvas to everyone at once with the number of
// cards each; in the canvas this player plays without waiting for a turn, and the heading
// counts down the cards left, following the engine.
func TestCanvasTogether(t *testing.T) {
	d := NewDriver(1280, 900, 1, cards.EN, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 3))
	must(t, d.Click("lobby-together-inc"))
	if st := d.View().Settings; !st.CanvasTogether || st.CanvasCards != 1 {
		t.Fatalf("after +: together %v with %d cards", st.CanvasTogether, st.CanvasCards)
	}
	must(t, d.Click("lobby-together-inc"))
	if text := pageText(d.C.Frame()); !strings.Contains(text, "2 each") {
		t.Errorf("the lobby does not say 2 each")
	}
	st := d.View().Settings
	st.Phases = []game.Phase{game.Canvas, game.Dots}
	d.C.sendCmd(game.Command{Type: game.CmdSettings, Args: game.Args{Settings: &st}})
	d.Settle()
	must(t, d.Click("lobby-start"))
	if d.View().Phase != game.Canvas || d.View().Turn != 0 {
		t.Fatalf("phase %s, turn %d", d.View().Phase, d.View().Turn)
	}
	if !d.C.canPlay() {
		t.Fatal("this player may not play in a round together")
	}
	if text := pageText(d.C.Frame()); !strings.Contains(text, "you may place 2 more cards") {
		t.Errorf("the heading does not count the cards left: %s", text)
	}
	for i := 0; i < 2; i++ {
		card := d.View().Hand[0]
		a := game.Args{Card: card, Part: cards.Impact, Text: "Samen"}
		if c := d.C.M.Card(card); c != nil && c.Kind == cards.Blank {
			a.Title = "Eigen idee"
		}
		d.C.sendCmd(game.Command{Type: game.CmdPlay, Args: a})
		d.Settle()
	}
	if d.C.canPlay() {
		t.Error("this player may still play after placing both cards")
	}
	if text := pageText(d.C.Frame()); !strings.Contains(text, "Your cards are down") {
		t.Errorf("the heading does not say the cards are down")
	}
}

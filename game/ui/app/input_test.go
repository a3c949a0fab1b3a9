package app

import (
	"fmt"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestKeyboardOnly starts a practice session with the keyboard alone: Tab to the name,
// type it, Tab on to the practice button, Enter.
func TestKeyboardOnly(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	d.C.field("start-name", game.MaxName).SetText("")
	d.Keys(false, input.KeyTab)
	if id, ring := d.C.Focus(); id != "start-name" || !ring {
		t.Fatalf("first Tab focuses %q (ring %v), want start-name with a ring", id, ring)
	}
	d.Type("Bas")
	d.Keys(false, input.KeyBackspace)
	d.Type("ş")
	if got := d.C.text("start-name"); got != "Baş" {
		t.Fatalf("name = %q", got)
	}
	order := []string{}
	for i := 0; i < 12; i++ {
		d.Keys(false, input.KeyTab)
		id, _ := d.C.Focus()
		order = append(order, id)
		if id == "start-solo" {
			break
		}
	}
	// start-join is disabled until a code is typed, so Tab passes it by.
	want := "start-lang-nl start-lang-en start-observer start-create start-code start-solo"
	if strings.Join(order, " ") != want {
		t.Errorf("Tab order %v, want %s", order, want)
	}
	d.Keys(true, input.KeyTab)
	if id, _ := d.C.Focus(); id != "start-code" {
		t.Errorf("Shift-Tab went to %q, want start-code", id)
	}
	d.Keys(false, input.KeyTab)
	d.Keys(false, input.KeyEnter)
	effects := d.C.Effects()
	found := false
	for _, e := range effects {
		if s, ok := e.(StartSolo); ok && s.Name == "Baş" {
			found = true
		}
	}
	if !found {
		t.Errorf("Enter on start-solo gave %v, want StartSolo for Baş", effects)
	}
}

// TestTextEditingKeys checks the field keys through the controller: selection with
// Shift, select-all, cut and paste, and Enter pressing the field's button.
func TestTextEditingKeys(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.EN, measure)
	defer d.Close()
	must(t, d.Click("start-code"))
	d.Tick(input.Snapshot{X: -1, Y: -1, Text: "k7p2"})
	d.Tick(input.Snapshot{X: -1, Y: -1, Keys: []input.Key{input.KeyLeft, input.KeyLeft}, Shift: true})
	d.Tick(input.Snapshot{X: -1, Y: -1, Keys: []input.Key{input.KeyX}, Ctrl: true})
	cut := d.C.Effects()
	if len(cut) != 1 || cut[0] != (Copy{Text: "p2"}) {
		t.Fatalf("cut gave %v", cut)
	}
	d.Tick(input.Snapshot{X: -1, Y: -1, Paste: "P-2QX"})
	if got := d.C.text("start-code"); got != "k7P-2QX" {
		t.Fatalf("code = %q", got)
	}
	d.Tick(input.Snapshot{X: -1, Y: -1, Keys: []input.Key{input.KeyA}, Ctrl: true})
	d.Type("K7P2QX")
	if got := d.C.text("start-code"); got != "K7P2QX" {
		t.Fatalf("select-all and type: %q", got)
	}
	// While an IME composes, keys belong to it.
	d.Tick(input.Snapshot{X: -1, Y: -1, Composition: "に", Keys: []input.Key{input.KeyBackspace}})
	if got := d.C.text("start-code"); got != "K7P2QX" {
		t.Fatalf("a key during composition edited the text: %q", got)
	}
	d.Keys(false, input.KeyEnter)
	var join *JoinRoom
	for _, e := range d.C.Effects() {
		if j, ok := e.(JoinRoom); ok {
			join = &j
		}
	}
	if join == nil || join.Code != "K7P2QX" {
		t.Errorf("Enter in the code field gave %v, want a join of K7P2QX", join)
	}
}

// canvasDriver returns a driver on the canvas with this player's turn.
func canvasDriver(t *testing.T) *Driver {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	t.Cleanup(d.Close)
	must(t, d.StartSolo(nil, 2))
	must(t, d.Click("lobby-phase-statements"))
	must(t, d.Click("lobby-start"))
	if !d.C.M.MyTurn() {
		t.Fatal("not my turn on the canvas")
	}
	return d
}

// TestDragCardOntoColumn drags a hand card onto a column: the play dialog opens for that
// column; Escape cancels it; the card can then be played by picking it and a column.
func TestDragCardOntoColumn(t *testing.T) {
	d := canvasDriver(t)
	card := d.View().Hand[1]
	from := d.C.Frame().Screen(d.C.Frame().Widget("hand-" + card))
	to := d.C.Frame().Screen(d.C.Frame().Widget("col-inkomsten"))
	steps := 8
	d.Tick(input.Snapshot{X: from.CX(), Y: from.CY(), Down: true})
	for i := 1; i <= steps; i++ {
		f := float64(i) / float64(steps)
		d.Tick(input.Snapshot{X: from.CX() + (to.CX()-from.CX())*f, Y: from.CY() + (to.Y+80-from.CY())*f, Down: true})
		if i == 2 {
			if id, _, _, ok := d.C.Drag(); !ok || id != "hand-"+card {
				t.Fatalf("dragging %q %v", id, ok)
			}
		}
	}
	d.Tick(input.Snapshot{X: to.CX(), Y: to.Y + 80})
	if d.C.play == nil || d.C.play.card != card || d.C.play.part != cards.Inkomsten {
		t.Fatalf("after the drop: play %+v", d.C.play)
	}
	if id, _ := d.C.Focus(); id != "play-reason" && id != "play-title" {
		t.Errorf("focus after the drop = %q, want the reason", id)
	}
	d.Keys(false, input.KeyEscape)
	if d.C.play != nil || d.C.selected != card {
		t.Fatal("Escape did not close the play dialog, keeping the card picked up")
	}
	d.Keys(false, input.KeyEscape)
	if d.C.selected != "" {
		t.Fatal("a second Escape did not put the card back")
	}
	// Arrow keys move between the cards of the hand.
	d.C.focus = "hand-" + d.View().Hand[0]
	d.Keys(false, input.KeyRight)
	if id, _ := d.C.Focus(); id != "hand-"+d.View().Hand[1] {
		t.Errorf("Right moved the focus to %q", id)
	}
	d.Keys(false, input.KeySpace) // pick it up
	if d.C.selected != d.View().Hand[1] {
		t.Fatalf("Space did not pick the card up")
	}
	must(t, d.Click("col-aanbod"))
	if d.C.play == nil || d.C.play.part != cards.Aanbod {
		t.Fatalf("click on a column after picking: %+v", d.C.play)
	}
	if w, _ := d.Widget("play-confirm"); w.Enabled {
		t.Error("play is enabled without a reason")
	}
	if c := d.C.M.Card(d.C.play.card); c.Kind == cards.Blank {
		must(t, d.Click("play-title"))
		d.Type("Eigen idee")
		must(t, d.Click("play-reason"))
	}
	d.Type("Zo werkt het bij ons.")
	must(t, d.Click("play-confirm"))
	if len(d.View().Canvas) != 1 || d.View().Canvas[0].Part != cards.Aanbod || d.View().Canvas[0].Reason != "Zo werkt het bij ons." {
		t.Errorf("canvas after playing: %+v", d.View().Canvas)
	}
}

// TestRuleErrorToast shows a rule error from the room as a toast with the translated
// code and the engine's message, and lists it in the state summary.
func TestRuleErrorToast(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.EN, measure)
	defer d.Close()
	d.C.M.Mode = model.ModeRelay
	d.C.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TError, ID: "c1",
		Code: "not_your_turn", Message: "it is not your turn"}}, d.Now)
	d.Settle()
	st := d.C.State()
	if len(st.Toasts) != 1 || st.Toasts[0] != "It is not your turn — it is not your turn" {
		t.Errorf("toasts = %q", st.Toasts)
	}
}

// TestTimerSound sounds once when a running timer reaches zero, and not when muted.
func TestTimerSound(t *testing.T) {
	for _, muted := range []bool{false, true} {
		d := NewDriver(1280, 720, 1, cards.NL, measure)
		must(t, d.StartSolo(nil, 1))
		must(t, d.Click("lobby-start"))
		d.C.muted = muted
		must(t, d.Click("fac-timer"))
		if _, running, _ := d.C.M.Timer(d.Now); !running {
			t.Fatal("timer not running")
		}
		d.C.Effects()
		d.Now += 181_000
		d.Idle(100)
		sounds := 0
		for _, e := range d.C.Effects() {
			if _, ok := e.(Sound); ok {
				sounds++
			}
		}
		want := 1
		if muted {
			want = 0
		}
		if sounds != want {
			t.Errorf("muted %v: %d sounds at zero, want %d", muted, sounds, want)
		}
		d.Close()
	}
}

// TestTimerPausedAtZero: a timer paused after it ran out stays on the table at 0:00, the
// timer's button starts a new one (resuming would change nothing), and time can be added.
func TestTimerPausedAtZero(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	must(t, d.Click("fac-timer")) // start
	d.Now += 181_000
	d.Idle(100)
	must(t, d.Click("fac-timer")) // pause, with nothing left
	if left, running, set := d.C.M.Timer(d.Now); !set || running || left != 0 {
		t.Fatalf("timer paused after its end: left %d, running %v, set %v; want set at 0, paused", left, running, set)
	}
	if _, kind := d.C.timerButton(); kind != game.TimerStart {
		t.Errorf("the timer's button is %q, want %q", kind, game.TimerStart)
	}
	must(t, d.Click("fac-extend"))
	if left, running, set := d.C.M.Timer(d.Now); !set || running || left != 60_000 {
		t.Fatalf("after +1 min: left %d, running %v, set %v; want 60 s left, paused", left, running, set)
	}
	if _, kind := d.C.timerButton(); kind != game.TimerResume {
		t.Errorf("the timer's button is %q, want %q", kind, game.TimerResume)
	}
}

// TestTimerOnEveryScreen: a running timer is on the screen at every size the client
// serves, inside it (a phone's top bar has no room for it beside its controls: it is in
// the strip under the bar, with the session's title).
func TestTimerOnEveryScreen(t *testing.T) {
	for _, size := range []struct{ w, h float64 }{{1920, 1080}, {1280, 720}, {390, 844}, {360, 640}} {
		t.Run(fmt.Sprintf("%vx%v", size.w, size.h), func(t *testing.T) {
			d := NewDriver(size.w, size.h, 1, cards.NL, measure)
			defer d.Close()
			must(t, d.StartSolo(nil, 1))
			must(t, d.Click("lobby-start"))
			must(t, d.Click("fac-timer"))
			d.Now += 60_000
			d.Idle(100)
			left, running, _ := d.C.M.Timer(d.Now)
			if !running {
				t.Fatal("the timer does not run")
			}
			want := clock(left)
			f := d.C.Frame()
			found := false
			for i, it := range f.Items {
				if len(it.Lines) != 1 || it.Lines[0] != want {
					continue
				}
				found = true
				r := it.Rect
				if r.X < 0 || r.Y < 0 || r.X+r.W > f.W || r.Y+r.H > f.H {
					t.Errorf("the timer %q is painted at %+v, outside the %vx%v screen", want, r, f.W, f.H)
				}
				// Nothing painted after it covers it.
				for _, o := range f.Items[i+1:] {
					q := o.Rect
					if q.X < r.X+r.W && r.X < q.X+q.W && q.Y < r.Y+r.H && r.Y < q.Y+q.H {
						t.Errorf("the timer %q at %+v is covered by an item painted after it at %+v (%q)", want, r, q, o.Lines)
						break
					}
				}
			}
			if !found {
				t.Errorf("the timer (%s left) is not on the screen:\n%s", want, frameText(d))
			}
		})
	}
}

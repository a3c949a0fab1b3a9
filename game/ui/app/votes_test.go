package app

import (
	"strconv"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// frameText joins every line of text the frame paints.
func frameText(d *Driver) string {
	var b strings.Builder
	for _, it := range d.C.Frame().Items {
		if len(it.Lines) > 0 {
			b.WriteString(strings.Join(it.Lines, " "))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestVoteCountdownAndResult plays a statement in practice: the screen counts down from the
// room's clock, then speaks of the votes there are.
func TestVoteCountdownAndResult(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	must(t, d.Click("vote-4"))
	d.Step() // the practice player votes: everyone has voted
	text := frameText(d)
	if !strings.Contains(text, "3\n") || !strings.Contains(text, "De stemmen gaan om") {
		t.Fatalf("no countdown from 3 on the screen:\n%s", text)
	}
	if w := d.C.Frame().Widget("fac-reveal"); w == nil || w.Enabled {
		t.Fatal("the reveal can be pressed during the countdown")
	}
	// With the statement in the spotlight, the spotlight counts down too.
	must(t, d.Click("fac-spotlight"))
	if text := frameText(d); strings.Count(text, "De stemmen gaan om") != 2 {
		t.Fatalf("the spotlight does not count down:\n%s", text)
	}
	d.Now += 1500
	d.Settle()
	if text := frameText(d); !strings.Contains(text, "2\n") {
		t.Fatalf("the countdown does not go on by the clock:\n%s", text)
	}
	d.Now += game.RevealCountdown
	d.Step()
	r := d.C.M.Round()
	if !r.Revealed {
		t.Fatal("not revealed after the countdown")
	}
	text = frameText(d)
	if !strings.Contains(text, "2 van 2 gestemd") || strings.Contains(text, "De stemmen gaan om") {
		t.Fatalf("the result does not say how many voted:\n%s", text)
	}
	if r.Result.Min == r.Result.Max && !strings.Contains(text, "Alle 2 stemmers zijn het eens.") {
		t.Fatalf("agreement of two not said:\n%s", text)
	}
}

// TestLeavingAPhaseAsks checks that leaving the statements with statements left asks first,
// naming what is left and where the session goes, with a button that names that step.
func TestLeavingAPhaseAsks(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	must(t, d.Click("fac-next-phase"))
	if d.C.confirm == nil {
		t.Fatal("no question before leaving the statements")
	}
	text := frameText(d)
	if !strings.Contains(text, "Nog 4 stellingen niet besproken — toch naar het verdienmodel?") {
		t.Fatalf("the question does not name what is left:\n%s", text)
	}
	yes := d.C.Frame().Widget("confirm-yes")
	if yes == nil || yes.Label != "Naar verdienmodel" {
		t.Fatalf("the confirming button is %+v, want one that names the step", yes)
	}
	must(t, d.Click("confirm-no"))
	if d.View().Phase != game.Statements {
		t.Fatal("cancel left the phase")
	}
	must(t, d.Click("fac-next-phase"))
	must(t, d.Click("confirm-yes"))
	if d.View().Phase != game.Canvas {
		t.Fatalf("phase %s after confirming", d.View().Phase)
	}
}

// TestNoConfirmationSaysYes checks that no confirming button anywhere reads "Ja" or "Yes".
func TestNoConfirmationSaysYes(t *testing.T) {
	for _, l := range []cards.Lang{cards.NL, cards.EN} {
		d := NewDriver(1280, 720, 1, l, measure)
		must(t, d.StartSolo(nil, 1))
		must(t, d.Click("lobby-start"))
		for _, open := range []func(){
			func() { must(t, d.Click("bar-leave")) },
			func() { must(t, d.Click("fac-end")) },
		} {
			open()
			w := d.C.Frame().Widget("confirm-yes")
			if w == nil || w.Label == "" || w.Label == "Ja" || w.Label == "Yes" || strings.HasPrefix(w.Label, "⟦") {
				t.Fatalf("%s: the confirming button is %+v", l, w)
			}
			must(t, d.Click("confirm-no"))
		}
		d.Close()
	}
}

// TestRevealComesIntoView checks that on a phone the page scrolls to the vote when its
// reveal begins (the statement fills the screen above it), once a round and never up, and
// that a laptop, which shows both side by side, does not scroll.
func TestRevealComesIntoView(t *testing.T) {
	for _, sz := range []int{0, 2, 4} {
		t.Run(sizes[sz].name, func(t *testing.T) {
			d := statementsAt(t, sz)
			_, compact := metrics(d.C.w, d.C.h, d.C.dpr, false)
			d.C.scroll = 0
			d.Step()
			if d.C.scroll != 0 {
				t.Fatalf("scrolled to %v before the vote", d.C.scroll)
			}
			must(t, d.Click("vote-4")) // the last vote: the countdown to the reveal begins
			d.Step()
			if _, counting := d.C.M.RevealLeft(d.Now); !counting {
				t.Fatal("no countdown after the last vote")
			}
			card := d.C.Frame().Widget("st-card")
			// The vote's panel at the top of the page's view, or the page at its end.
			inView := func() bool {
				f := d.C.Frame()
				return card.Rect.MaxY()-d.C.scroll <= d.C.contentTop()+d.C.dpr*10 || d.C.scroll >= f.ContentH-f.H-0.5
			}
			if compact && !inView() {
				t.Errorf("the countdown began with the statement's card ending at %v, scroll %v: the vote is out of view", card.Rect.MaxY(), d.C.scroll)
			}
			if !compact && d.C.scroll != 0 {
				t.Errorf("a laptop scrolled to %v", d.C.scroll)
			}
			// A player who scrolls back to the statement keeps that place through the reveal.
			d.C.scroll = 0
			d.Now += game.RevealCountdown
			d.Step()
			if r := d.C.M.Round(); r == nil || !r.Revealed {
				t.Fatal("not revealed")
			}
			if d.C.scroll != 0 {
				t.Errorf("scrolled again to %v in the same round", d.C.scroll)
			}
		})
	}
}

// statementsAt starts a practice room with one practice player on the screen sizes[sz]
// and takes it to its first statement.
func statementsAt(t *testing.T, sz int) *Driver {
	t.Helper()
	size := sizes[sz]
	d := NewDriver(size.w, size.h, size.dpr, cards.NL, measure)
	t.Cleanup(d.Close)
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	return d
}

// TestScreenCountsDown checks that the meeting-room screen counts down to a reveal as the
// phones do, large, and that the countdown gives way to the outcome.
func TestScreenCountsDown(t *testing.T) {
	d := statementsAt(t, 1) // 1920×1080
	shown := func() string {
		label := ""
		d.AsScreen(func() {
			if w := d.C.Frame().Widget("scr-countdown"); w != nil {
				label = w.Label
			}
		})
		return label
	}
	if l := shown(); l != "" {
		t.Fatalf("a countdown before the last vote: %q", l)
	}
	must(t, d.Click("vote-4"))
	d.Step()
	secs, ok := d.C.revealSeconds()
	if !ok {
		t.Fatal("no countdown after the last vote")
	}
	if l, want := shown(), strconv.Itoa(secs)+" — De stemmen gaan om…"; l != want {
		t.Errorf("the screen shows %q, want %q", l, want)
	}
	d.Now += game.RevealCountdown
	d.Step()
	if l := shown(); l != "" {
		t.Errorf("the countdown %q stays after the reveal", l)
	}
}

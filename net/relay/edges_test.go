package relay_test

import (
	"context"
	"fmt"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// TestResendAfterSnapshot: a command committed before a snapshot is still known by its id
// to a relay that loads the room from that snapshot (as after a crash: the log records the
// snapshot replaces are not read again). A second relay on the same store stands in for
// the restarted one. A snapshot is due once the events since the last are as large as it
// (host.SnapshotDue): Ada renames herself until one is stored.
func TestResendAfterSnapshot(t *testing.T) {
	st := store.NewMemory()
	cfg := relay.Config{Store: st, SnapshotEvery: 1}
	e := newEnv(t, cfg)
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	ada.sendCmd("vote-once", vote(4))
	first := ada.reply("vote-once")
	if first.T != protocol.TAck {
		t.Fatalf("vote: got %s %s, want ack", first.T, first.Code)
	}
	tab.syncAll(first.N)
	snapshotted := func() bool {
		l, err := st.Load(context.Background(), normal(tab.code))
		return err == nil && l.Snapshot.N >= first.N
	}
	for i := 0; !snapshotted(); i++ {
		if i == 1000 {
			t.Fatal("no snapshot after the vote and 1,000 renames")
		}
		ada.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("Ada %d", i)}})
	}

	e2 := newEnv(t, cfg)
	back := e2.dial(t, "ada-back")
	back.n = ada.n
	back.resume(tab.code, ada.token, ada.n)
	back.sendCmd("vote-once", vote(4))
	if m := back.reply("vote-once"); m.T != protocol.TAck || m.N != first.N {
		t.Fatalf("resent after the snapshot: got %s n=%d (%s), want ack n=%d", m.T, m.N, m.Code, first.N)
	}
}

// TestUndoRetention: undoing a change of the retention also restores the retention the
// store deletes the room by.
func TestUndoRetention(t *testing.T) {
	st := store.NewMemory()
	e := newEnv(t, relay.Config{Store: st, RetentionDays: 30})
	tab := e.newTable(t)
	fac := tab.fac
	retention := func() int {
		t.Helper()
		l, err := st.Load(context.Background(), normal(tab.code))
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		return l.Meta.RetentionDays
	}
	settings := fac.view.Settings
	settings.RetentionDays = 7
	fac.do(game.Command{Type: game.CmdSettings, Args: game.Args{Settings: &settings}})
	if got := retention(); got != 7 {
		t.Fatalf("after the change: stored retention %d, want 7", got)
	}
	fac.do(cmdOf(game.CmdUndo))
	if fac.view.Settings.RetentionDays != 30 {
		t.Fatalf("after undo: view shows retention %d, want 30", fac.view.Settings.RetentionDays)
	}
	if got := retention(); got != 30 {
		t.Fatalf("after undo: stored retention %d, want 30", got)
	}
}

// TestLeaveCommand: leave sent as a command is acknowledged and then ends the connection
// as the leave message does, instead of leaving it open for a seat that is gone.
func TestLeaveCommand(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	ada := tab.players[0]
	id := ada.cmd(cmdOf(game.CmdLeave))
	if m := ada.reply(id); m.T != protocol.TAck {
		t.Fatalf("leave command: got %s %s, want ack", m.T, m.Code)
	}
	ada.expectClose(protocol.CloseLeft)
	tab.fac.until("Ada's left event", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvLeft
	})
}

//go:build !js

package client

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"impactkaarten/cards"

	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// TestFilenameFrom: the relay's file name is kept; anything that could name another place,
// or is not the relay's plain kind of name, falls back to the default.
func TestFilenameFrom(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`attachment; filename="impactkaarten-K7P-2QX-2026-11-25.md"`, "impactkaarten-K7P-2QX-2026-11-25.md"},
		{`attachment; filename=report.csv`, "report.csv"},
		{`attachment; filename="../../.bashrc"`, "def"},
		{`attachment; filename="/etc/passwd"`, "def"},
		{`attachment; filename="a\\b.md"`, "def"},
		{`attachment; filename=".hidden"`, "def"},
		{`attachment; filename=""`, "def"},
		{`attachment`, "def"},
		{``, "def"},
	} {
		if got := filenameFrom(tc.in, "def"); got != tc.want {
			t.Errorf("filenameFrom(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReportAndDelete: a facilitator fetches the report from a real relay with the room's
// facilitator token, a wrong token gets the relay's message, and a deleted room is gone.
func TestReportAndDelete(t *testing.T) {
	st := store.NewMemory()
	rl, err := relay.New(relay.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rl.Handler())
	defer func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		_ = rl.Shutdown(ctx)
	}()
	ctx := context.Background()
	room, err := CreateRoom(ctx, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := FetchReport(ctx, srv.URL, room.Code, room.FacilitatorToken, "md", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d.Name, ".md") || !strings.Contains(d.Name, room.Code) || !strings.HasPrefix(d.Type, "text/markdown") || !strings.HasPrefix(string(d.Data), "# ") {
		t.Errorf("report: got %q %q %.80q", d.Name, d.Type, d.Data)
	}
	var ae *APIError
	if _, err := FetchReport(ctx, srv.URL, room.Code, "wrong", "md", ""); !errors.As(err, &ae) || ae.Status != 403 || ae.Code != "forbidden" ||
		!strings.Contains(err.Error(), "403") {
		t.Errorf("report with a wrong token: got %v, want the relay's 403 forbidden", err)
	}
	if _, err := FetchReport(ctx, srv.URL, room.Code, room.FacilitatorToken, "docx", ""); err == nil || !strings.Contains(err.Error(), "docx") {
		t.Errorf("report in an unknown format: got %v, want the relay's message", err)
	}
	if err := DeleteRoom(ctx, srv.URL, room.Code, "wrong"); err == nil {
		t.Error("delete with a wrong token succeeded")
	}
	// A bad deck's problems come back in the language asked for.
	bad, err := os.ReadFile("../../cards/testdata/bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	err = UploadDeck(ctx, srv.URL, room.Code, room.FacilitatorToken, "bad.csv", cards.NL, bad)
	if !errors.As(err, &ae) || ae.Code != "bad_deck" || len(ae.Problems) != 13 || !strings.HasPrefix(ae.Problems[0], "regel 1, notes: onbekende kolom") {
		t.Errorf("a bad deck: got %v %+v, want 400 bad_deck with 13 problems in Dutch", err, ae)
	}
	if err := DeleteRoom(ctx, srv.URL, room.Code, room.FacilitatorToken); err != nil {
		t.Fatal(err)
	}
	if _, err := FetchReport(ctx, srv.URL, room.Code, room.FacilitatorToken, "md", ""); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("report of a deleted room: got %v, want 404", err)
	}
}

// TestNoAnswer: a relay that is not there is told apart from one that answered no.
func TestNoAnswer(t *testing.T) {
	srv := httptest.NewServer(nil)
	url := srv.URL
	srv.Close() // nothing listens there now
	ctx := context.Background()
	if _, err := CreateRoom(ctx, url, nil); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("create room: got %v, want ErrNoAnswer", err)
	}
	if err := UploadDeck(ctx, url, "K7P2QX", "token", "x.csv", cards.NL, []byte("x")); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("load deck: got %v, want ErrNoAnswer", err)
	}
	if err := DeleteRoom(ctx, url, "K7P2QX", "token"); !errors.Is(err, ErrNoAnswer) || errors.As(err, new(*APIError)) {
		t.Errorf("delete room: got %v, want ErrNoAnswer", err)
	}
}

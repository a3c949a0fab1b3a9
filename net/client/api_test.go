//go:build !js

package client

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

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
	if _, err := FetchReport(ctx, srv.URL, room.Code, "wrong", "md", ""); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("report with a wrong token: got %v, want the relay's 403", err)
	}
	if _, err := FetchReport(ctx, srv.URL, room.Code, room.FacilitatorToken, "docx", ""); err == nil || !strings.Contains(err.Error(), "docx") {
		t.Errorf("report in an unknown format: got %v, want the relay's message", err)
	}
	if err := DeleteRoom(ctx, srv.URL, room.Code, "wrong"); err == nil {
		t.Error("delete with a wrong token succeeded")
	}
	if err := DeleteRoom(ctx, srv.URL, room.Code, room.FacilitatorToken); err != nil {
		t.Fatal(err)
	}
	if _, err := FetchReport(ctx, srv.URL, room.Code, room.FacilitatorToken, "md", ""); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("report of a deleted room: got %v, want 404", err)
	}
}

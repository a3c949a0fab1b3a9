package relay_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"impactkaarten/net/relay"
)

// get fetches path from the relay with an optional token.
func (e *env) get(t *testing.T, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, b.Bytes()
}

// TestGuideAndPrint: the facilitator's guide as a page in both languages, the built-in deck
// printed for anyone, and a room's deck printed for its facilitator only.
func TestGuideAndPrint(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	for _, tc := range []struct {
		path, token string
		status      int
		ctype, want string
	}{
		{"/guide", "", http.StatusOK, "text/html", "Draaiboek voor 60 minuten"},
		{"/guide?lang=en", "", http.StatusOK, "text/html", "Script for 90 minutes"},
		{"/guide?lang=de", "", http.StatusBadRequest, "application/json", "bad_lang"},
		{"/api/decks/print?lang=nl", "", http.StatusOK, "application/pdf", "%PDF-1."},
		{"/api/decks/print?lang=en", "", http.StatusOK, "application/pdf", "%PDF-1."},
		{"/api/decks/print?lang=fr", "", http.StatusBadRequest, "application/json", "bad_lang"},
		{"/api/rooms/" + tab.code + "/deck/print?lang=en", tab.token, http.StatusOK, "application/pdf", "%PDF-1."},
		{"/api/rooms/" + tab.code + "/deck/print", "", http.StatusUnauthorized, "application/json", "unauthorized"},
		{"/api/rooms/" + tab.code + "/deck/print", "not-the-token", http.StatusForbidden, "application/json", "forbidden"},
		{"/api/rooms/Z9Z-9Z9/deck/print", tab.token, http.StatusNotFound, "application/json", "unknown_room"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := e.get(t, tc.path, tc.token)
			if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !bytes.Contains(body, []byte(tc.want)) {
				t.Fatalf("got %d %s %.100q, want %d %s containing %q", resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status, tc.ctype, tc.want)
			}
			if tc.ctype == "application/pdf" && !strings.Contains(resp.Header.Get("Content-Disposition"), "impactkaarten-digitaal-dna-") {
				t.Errorf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
			}
		})
	}
}

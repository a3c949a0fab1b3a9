package app

import (
	"errors"
	"fmt"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/net/client"
)

// TestWhy: a failed call to the relay is said in the interface's language where the
// relay's answer has a code the interface knows, or there was no answer; other errors as
// they are.
func TestWhy(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"a known code", &client.APIError{What: "load deck", Status: 403, Code: "forbidden", Message: "not the facilitator's token"},
			"Alleen de facilitator van deze sessie kan dat"},
		{"no answer", fmt.Errorf("client: create room: %w: %w", client.ErrNoAnswer, errors.New("connection refused")),
			"De server geeft geen antwoord; controleer de verbinding en probeer het opnieuw"},
		{"an unknown code", &client.APIError{What: "report", Status: 418, Code: "teapot", Message: "short and stout"},
			"client: report: short and stout (418 teapot)"},
		{"not the relay's", errors.New("disk full"), "disk full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := d.C.Why(tc.err); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

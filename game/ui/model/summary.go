package model

import (
	"impactkaarten/cards"
	"impactkaarten/game"
)

// Summary is the JSON summary of the model that the client publishes for tests and
// assistive tools (window.impactkaarten.state() in the browser, -widgets on the desktop).
// docs/accessibility.md describes every field; renaming one breaks their readers.
type Summary struct {
	Scene       Scene           `json:"scene"`
	Lang        cards.Lang      `json:"lang"`
	Mode        Mode            `json:"mode,omitempty"`
	Room        string          `json:"room,omitempty"`
	JoinURL     string          `json:"joinUrl,omitempty"`
	Conn        string          `json:"conn"`
	Phase       game.Phase      `json:"phase,omitempty"`
	Version     uint64          `json:"version"`
	Seat        game.SeatID     `json:"seat,omitempty"`
	Name        string          `json:"name,omitempty"`
	Facilitator bool            `json:"facilitator"`
	Observer    bool            `json:"observer"`
	Players     []PlayerSummary `json:"players"`
	// Card is the statement face up, with its round's state.
	Card      string                  `json:"card,omitempty"`
	CardTitle string                  `json:"cardTitle,omitempty"`
	Round     int                     `json:"round,omitempty"` // 1-based number of the statement
	Voted     bool                    `json:"voted"`
	MyVote    int                     `json:"myVote,omitempty"`
	Revealed  bool                    `json:"revealed"`
	Votes     map[string]int          `json:"votes,omitempty"` // seat name → value, once revealed
	Insight   string                  `json:"insight,omitempty"`
	HandSize  int                     `json:"handSize"`
	Hand      []string                `json:"hand,omitempty"`
	Turn      game.SeatID             `json:"turn,omitempty"`
	TurnName  string                  `json:"turnName,omitempty"`
	Canvas    map[string][]CanvasCard `json:"canvas"`
	DotsLeft  int                     `json:"dotsLeft,omitempty"`
	Actions   int                     `json:"actions,omitempty"`
	Timer     *TimerSummary           `json:"timer,omitempty"`
	Toasts    []string                `json:"toasts,omitempty"`
	// Animating is set while something on screen still moves (a card sliding or turning,
	// vote bars growing), so a screenshot can wait for the picture to be still.
	Animating bool `json:"animating,omitempty"`
	// Spotlight is what this client shows in the spotlight (the controller sets it).
	Spotlight *game.Spot `json:"spotlight,omitempty"`
	// Screen is the meeting-room screen's view.
	Screen bool `json:"screen,omitempty"`
}

// PlayerSummary is one seat.
type PlayerSummary struct {
	Seat        game.SeatID `json:"seat"`
	Name        string      `json:"name"`
	Online      bool        `json:"online"`
	Facilitator bool        `json:"facilitator,omitempty"`
	Observer    bool        `json:"observer,omitempty"`
	Gone        bool        `json:"gone,omitempty"`
	Voted       bool        `json:"voted,omitempty"`
	Played      int         `json:"played,omitempty"`
	Color       int         `json:"color"`
}

// CanvasCard is one card on the canvas.
type CanvasCard struct {
	Card      string `json:"card"`
	Title     string `json:"title"`
	Owner     string `json:"owner"`
	Reason    string `json:"reason,omitempty"`
	Reactions int    `json:"reactions,omitempty"`
	Dots      int    `json:"dots,omitempty"`
}

// TimerSummary is the room's timer.
type TimerSummary struct {
	Running bool  `json:"running"`
	LeftMs  int64 `json:"leftMs"`
}

// Summarize returns the summary at local time now (Unix ms). toast renders a toast's
// text in the client's language.
func (m *Model) Summarize(now int64, toast func(Toast) string) Summary {
	s := Summary{Scene: m.Scene(), Lang: m.Lang, Mode: m.Mode, Room: m.Room, JoinURL: m.JoinURL,
		Conn: m.Conn.String(), Seat: m.Seat, Name: m.Name, Players: []PlayerSummary{},
		Canvas: map[string][]CanvasCard{}}
	for _, p := range cards.Parts {
		s.Canvas[string(p)] = []CanvasCard{}
	}
	if m.Mode == ModeNone {
		s.Conn = "none"
	}
	for _, t := range m.Toasts {
		s.Toasts = append(s.Toasts, toast(t))
	}
	v := m.View
	if v == nil {
		return s
	}
	s.Phase, s.Version = v.Phase, v.Version
	s.Facilitator = m.Facilitator()
	s.Observer = m.ReadOnly()
	if me := m.Me(); me != nil {
		s.Name = me.Name
	}
	for _, st := range v.Seats {
		s.Players = append(s.Players, PlayerSummary{Seat: st.ID, Name: st.Name, Online: st.Connected,
			Facilitator: st.Facilitator, Observer: st.Observer, Gone: st.Gone, Voted: st.Voted,
			Played: st.Played, Color: st.Color})
	}
	if r := m.Round(); r != nil {
		s.Card, s.CardTitle, s.Round = r.Card, m.CardTitle(r.Card), v.Current+1
		s.MyVote, s.Voted, s.Revealed, s.Insight = r.MyVote, r.MyVote != 0, r.Revealed, r.Insight
		if r.Revealed {
			s.Votes = map[string]int{}
			for _, vote := range r.Votes {
				s.Votes[m.SeatName(vote.Seat)] = vote.Value
			}
		}
	}
	s.HandSize, s.Hand = len(v.Hand), v.Hand
	s.Turn, s.TurnName = v.Turn, m.SeatName(v.Turn)
	for _, p := range v.Canvas {
		s.Canvas[string(p.Part)] = append(s.Canvas[string(p.Part)], CanvasCard{Card: p.Card,
			Title: m.CardTitle(p.Card), Owner: m.SeatName(p.Owner), Reason: p.Reason,
			Reactions: len(p.Reactions), Dots: len(p.Dots)})
	}
	if v.Phase == game.Dots {
		s.DotsLeft = m.DotsLeft()
	}
	s.Actions = len(v.Actions)
	if left, running, set := m.Timer(now); set {
		s.Timer = &TimerSummary{Running: running, LeftMs: left}
	}
	return s
}

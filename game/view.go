package game

import (
	"slices"

	"impactkaarten/cards"
)

// PlayerView is what one seat may see of a room: everything public, plus its own hand and vote.
// Other seats' hands, the order of the face-down piles and the values of unrevealed votes
// are never in it.
//
// It is made of two parts so that a relay can encode what every seat sees alike once per
// broadcast rather than once per seat: TableView holds everything that does not depend on
// who looks, OwnView the rest. encoding/json flattens embedded structs, so a PlayerView
// encodes as one object with TableView's fields first, and that object is exactly the two
// parts' encodings joined (AppendJoined).
type PlayerView struct {
	TableView
	OwnView
}

// TableView is the part of a view that is the same for every seat.
type TableView struct {
	Version     uint64 `json:"version"`
	Facilitator SeatID `json:"facilitator"`
	// CoFacilitator leads play beside the facilitator; Away is the facilitator whose role
	// a stand-in (Facilitator) holds until they are back. 0: none.
	CoFacilitator SeatID     `json:"coFacilitator,omitempty"`
	Away          SeatID     `json:"away,omitempty"`
	DeckID        string     `json:"deckId"`
	Settings      Settings   `json:"settings"`
	Phase         Phase      `json:"phase"`
	Ended         bool       `json:"ended,omitempty"`
	StartAt       int64      `json:"startAt,omitempty"`
	EndAt         int64      `json:"endAt,omitempty"`
	Seats         []SeatView `json:"seats"`
	Piles         Piles      `json:"piles"`
	Prompt        string     `json:"prompt,omitempty"`
	Spotlight     *Spot      `json:"spotlight,omitempty"`
	// Shown lists the question and advice cards turned up so far, in that order.
	Shown []string `json:"shown,omitempty"`
	// Answers are the group's answers to the question cards, as the facilitator wrote them.
	Answers []Answer `json:"answers,omitempty"`
	// Current is the index in Rounds of the statement face up, or -1.
	Current int      `json:"current"`
	Canvas  []Placed `json:"canvas,omitempty"`
	Ranking []Rank   `json:"ranking,omitempty"`
	Turn    SeatID   `json:"turn,omitempty"`
	Actions []Action `json:"actions,omitempty"`
	Timer   Timer    `json:"timer"`
	// The lines written in the opening and closing rounds, in the order first written.
	OpeningLines []Line `json:"openingLines,omitempty"`
	ClosingLines []Line `json:"closingLines,omitempty"`
}

// OwnView is the part of a view that depends on the seat looking.
type OwnView struct {
	Me   SeatID   `json:"me"`
	Hand []string `json:"hand,omitempty"`
	// Rounds are here rather than in TableView because each carries the seat's own vote.
	Rounds []RoundView `json:"rounds,omitempty"`
	// CanUndo tells the facilitator that their last command can be undone.
	CanUndo bool `json:"canUndo,omitempty"`
	// MyDots are the canvas cards this seat put its dots on, one entry per dot, sorted, when
	// votes are anonymous: the canvas then names nobody's dots (see Settings.AnonymousVotes).
	MyDots []string `json:"myDots,omitempty"`
}

// AppendJoined appends to dst the encoding of a PlayerView made of the parts whose JSON
// encodings are table and own (each an object, as json.Marshal writes them): the same
// bytes json.Marshal gives for the whole view.
func AppendJoined(dst, table, own []byte) []byte {
	dst = append(dst, table[:len(table)-1]...)
	if len(own) > 2 { // "{}" adds nothing
		if len(table) > 2 {
			dst = append(dst, ',')
		}
		dst = append(dst, own[1:len(own)-1]...)
	}
	return append(dst, '}')
}

// SeatView is the public face of a seat.
type SeatView struct {
	ID          SeatID `json:"id"`
	Name        string `json:"name"`
	Lang        string `json:"lang"`
	Color       int    `json:"color"`
	Observer    bool   `json:"observer,omitempty"`
	Facilitator bool   `json:"facilitator,omitempty"`
	Connected   bool   `json:"connected,omitempty"`
	Gone        bool   `json:"gone,omitempty"`
	Kicked      bool   `json:"kicked,omitempty"`
	HandSize    int    `json:"handSize,omitempty"`
	Played      int    `json:"played,omitempty"`
	DotsUsed    int    `json:"dotsUsed,omitempty"`
	// RoundPlayed counts the cards it placed since the canvas phase was last entered.
	RoundPlayed int `json:"roundPlayed,omitempty"`
	// Voted says whether the seat has voted on the statement face up (not what).
	Voted bool `json:"voted,omitempty"`
}

// Piles counts the cards in each pile; their order stays secret.
type Piles struct {
	Statements int `json:"statements"`
	Draw       int `json:"draw"`
	Questions  int `json:"questions"`
	Advice     int `json:"advice"`
	Discard    int `json:"discard"`
}

// RoundView is a statement as a seat may see it: who voted always; the values only once
// revealed (and the seat's own vote before that).
type RoundView struct {
	Card     string      `json:"card"`
	Voted    []SeatID    `json:"voted,omitempty"`
	MyVote   int         `json:"myVote,omitempty"`
	Revealed bool        `json:"revealed,omitempty"`
	Votes    []Vote      `json:"votes,omitempty"`
	Result   *VoteResult `json:"result,omitempty"`
	Insight  string      `json:"insight,omitempty"`
	// RevealAt is when the votes show (host ms), once the countdown to the reveal started.
	RevealAt int64 `json:"revealAt,omitempty"`
}

// View returns what seat may see of s. System (0), observers and unknown seats get the
// public view, which is what a big screen shows.
func View(s *State, seat SeatID) PlayerView {
	return PlayerView{TableView: Table(s), OwnView: Own(s, seat)}
}

// Table returns the part of every seat's view that is the same for all of them.
func Table(s *State) TableView { return tableView(s, true) }

// tableView returns s's table view; with own false its list of actions is s's own, for a view
// that is encoded at once and dropped (StateTableHash): the list that grows longest in a
// session is then not copied for every hash.
func tableView(s *State, own bool) TableView {
	v := TableView{
		Version:     s.Version,
		Facilitator: s.Facilitator,
		Settings:    s.Settings,
		Phase:       s.Phase,
		Ended:       s.Ended,
		StartAt:     s.StartAt,
		EndAt:       s.EndAt,
		Prompt:      s.Prompt,
		Spotlight:   s.Spotlight,
		Shown:       slices.Clone(s.Shown),
		Answers:     slices.Clone(s.Answers),
		Current:     -1,
		Turn:        s.Turn,
		Timer:       s.Timer,
	}
	v.Settings = s.Settings.clone()
	v.OpeningLines = slices.Clone(s.OpeningLines)
	v.ClosingLines = slices.Clone(s.ClosingLines)
	v.CoFacilitator, v.Away = s.CoFacilitator, s.Away
	if s.Deck != nil {
		v.DeckID = s.Deck.ID
	}
	cur := s.round()
	// Screens are left out: they are no participants (a seat's place in Seats is then no
	// longer its ID-1).
	v.Seats = make([]SeatView, 0, len(s.Seats))
	for i := range s.Seats {
		st := &s.Seats[i]
		if st.Screen {
			continue
		}
		sv := SeatView{ID: st.ID, Name: st.Name, Lang: string(st.Lang), Color: st.Color,
			Observer: st.Observer, Facilitator: st.ID == s.Facilitator, Connected: st.Connected,
			Gone: st.Gone, Kicked: st.Kicked, HandSize: len(st.Hand), Played: st.Played,
			DotsUsed: s.dotsUsed(st.ID), RoundPlayed: st.RoundPlayed}
		if s.Settings.AnonymousVotes {
			sv.DotsUsed = 0 // with the dot events, a count that grows would say whose dot it is
		}
		if cur != nil {
			_, sv.Voted = cur.vote(st.ID)
		}
		v.Seats = append(v.Seats, sv)
	}
	v.Piles = piles(s)
	if cur != nil {
		v.Current = len(s.Rounds) - 1
	}
	if len(s.Canvas) > 0 {
		v.Canvas = make([]Placed, len(s.Canvas))
		for i, p := range s.Canvas {
			p.Reactions = slices.Clone(p.Reactions)
			p.Dots = slices.Clone(p.Dots)
			if s.Settings.AnonymousVotes {
				clear(p.Dots) // one 0 per dot: how many, not whose
			}
			v.Canvas[i] = p
		}
		v.Ranking = Ranking(s)
	}
	v.Actions = s.Actions
	if own {
		v.Actions = slices.Clone(s.Actions)
	}
	return v
}

// piles counts the cards in each pile.
func piles(s *State) Piles {
	p := Piles{Statements: len(s.StatementPile), Draw: len(s.DrawPile), Discard: len(s.Discard)}
	for _, id := range s.PromptPile {
		if c, ok := s.Deck.Card(id); ok && c.Kind == cards.Advice {
			p.Advice++
		} else {
			p.Questions++
		}
	}
	return p
}

// Own returns the part of seat's view that depends on the seat: its hand, its votes in
// the rounds, and whether it may undo.
func Own(s *State, seat SeatID) OwnView {
	v := OwnView{Me: seat, CanUndo: s.Undo != nil && seat != System && seat == s.Facilitator}
	if s.Settings.AnonymousVotes && seat != System {
		v.MyDots = myDots(s.Canvas, seat)
	}
	for i := range s.Seats {
		if st := &s.Seats[i]; st.ID == seat {
			v.Hand = slices.Clone(st.Hand)
		}
	}
	if len(s.Rounds) > 0 {
		v.Rounds = make([]RoundView, len(s.Rounds))
		for i := range s.Rounds {
			r := &s.Rounds[i]
			rv := RoundView{Card: r.Card, Revealed: r.Revealed, Insight: r.Insight, RevealAt: r.RevealAt}
			for _, vote := range r.Votes {
				rv.Voted = append(rv.Voted, vote.Seat)
				if vote.Seat == seat && seat != System {
					rv.MyVote = vote.Value
				}
			}
			slices.Sort(rv.Voted)
			if r.Revealed {
				rv.Votes = shownVotes(r.Votes, s.Settings.AnonymousVotes)
				if r.Result != nil {
					res := *r.Result
					rv.Result = &res
				}
			}
			v.Rounds[i] = rv
		}
	}
	return v
}

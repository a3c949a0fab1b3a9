// Package report turns a session into its report: the summary everyone sees at the end,
// the files the facilitator sends to their director the next morning, and the agenda of the
// follow-up meeting.
//
// Build makes the Report from a session's state, finished or still running; Render writes it
// as Markdown, a standalone HTML page, CSV, a PNG of the canvas, or JSON. The package is pure
// Go: no Ebiten, no network, no clock (the caller passes the time in Info), so the relay can
// render reports and the client can show one.
//
// Nothing secret reaches a report: Build works from the public view of the session
// (game.View for the host), which holds no hands and no values of unrevealed votes.
package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
)

// Info is what the state does not know: the room's join code and id, the session's title
// and the time of the export. The times in the report are shown in Generated's location, so
// the caller picks the time zone of the session (the relay: Europe/Amsterdam).
type Info struct {
	Room   string // the join code, e.g. "K7P-2QX": metadata, never the heading
	RoomID string // the room's UUID: unlike its join code, never used for another room
	// Title is the session's own title ("Digitale strategie 2027 — directie en MT"); empty
	// gives a heading with the date, "Sessieverslag — woensdag 25 november 2026".
	Title     string
	Generated time.Time // when the report is made
}

// Status says whether the session is over.
type Status string

// The statuses of a session.
const (
	NotStarted Status = "not_started"
	Running    Status = "running"
	Finished   Status = "finished"
)

// Report is a session's report. Texts are in Lang: card titles from the deck, the report's
// own words from its string table, players' words as they typed them. It is also the JSON
// export, so its fields are exported and tagged.
type Report struct {
	Lang cards.Lang `json:"lang"`
	// Title is the heading of page 1: the session's title, or "Sessieverslag — <date>".
	Title     string     `json:"title"`
	Room      string     `json:"room,omitempty"`
	RoomID    string     `json:"roomId,omitempty"`
	Generated time.Time  `json:"generated"`
	Status    Status     `json:"status"`
	Phase     game.Phase `json:"phase"`
	// Date is the day of the session (of the export if it has not started), YYYY-MM-DD.
	Date  string     `json:"date"`
	Start *time.Time `json:"start,omitempty"`
	// End is when the session ended; nil while it runs, then Minutes runs up to Generated.
	End     *time.Time `json:"end,omitempty"`
	Minutes int        `json:"minutes"`
	Deck    Deck       `json:"deck"`

	Participants []Participant `json:"participants"`
	Statements   []Statement   `json:"statements"`
	// Questions are the question cards turned up in the session, with the group's answers.
	Questions []QuestionAnswer `json:"questions,omitempty"`
	Canvas    []Column         `json:"canvas"`
	Ranking   []Ranked         `json:"ranking"`
	Actions   []ActionItem     `json:"actions"`
	Agenda    Agenda           `json:"agenda"`
	// Sources are the sources of the facts on the cards that were played or shown, for the
	// appendix.
	Sources []SourceRef `json:"sources"`
	// VotesAnonymous says that no vote and no dot is linked to a name (see hideVoters).
	VotesAnonymous bool `json:"votesAnonymous,omitempty"`
	// Opening and Closing are the opening and closing rounds, when anyone wrote a line.
	Opening *Round `json:"opening,omitempty"`
	Closing *Round `json:"closing,omitempty"`
}

// SourceRef is the source of a card's fact, listed in the report's appendix.
type SourceRef struct {
	Card  string `json:"card"`
	Title string `json:"title"`
	Name  string `json:"name"`
	Year  int    `json:"year"`
	URL   string `json:"url,omitempty"`
}

// Deck names the deck the session played.
type Deck struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Name    string `json:"name"`
}

// Role is what a participant did in the session.
type Role string

// The roles.
const (
	RoleFacilitator Role = "facilitator" // leads the session; may also play
	RolePlayer      Role = "player"
	RoleObserver    Role = "observer" // watches, for example the big screen
)

// Participant is a seat that took part in the session. Seats that left are still listed:
// the report names everyone who took part. Observers (the big screen) only watch and are
// not participants.
type Participant struct {
	Seat   game.SeatID `json:"seat"`
	Name   string      `json:"name"`
	Color  int         `json:"color"`
	Role   Role        `json:"role"`
	Left   bool        `json:"left,omitempty"`
	Played int         `json:"played,omitempty"` // cards placed on the canvas
}

// SeatRef names a seat where the report mentions one.
type SeatRef struct {
	Seat  game.SeatID `json:"seat"`
	Name  string      `json:"name"`
	Color int         `json:"color"`
}

// Statement is a statement the group voted on.
type Statement struct {
	Number int    `json:"number"`
	Card   string `json:"card"`
	Title  string `json:"title"`
	Icon   string `json:"icon,omitempty"`
	// Voters is how many seats voted; who voted is public, the values only once revealed.
	Voters   int  `json:"voters"`
	Revealed bool `json:"revealed"`
	// Votes and Result are there only when the votes were revealed.
	Votes   []VoteEntry `json:"votes,omitempty"`
	Result  *Result     `json:"result,omitempty"`
	Insight string      `json:"insight,omitempty"`
}

// VoteEntry is one revealed vote.
type VoteEntry struct {
	SeatRef
	Value int `json:"value"`
}

// Result is the outcome of a revealed statement.
type Result struct {
	Count        int     `json:"count"`
	Distribution [5]int  `json:"distribution"` // Distribution[v-1] votes of value v
	Mean         float64 `json:"mean"`
	Spread       float64 `json:"spread"` // population standard deviation
	// Apart are the two players furthest apart, lowest vote first; empty when all agreed.
	Apart []VoteEntry `json:"apart,omitempty"`
	// Of is how many could vote (those who voted and the players present who did not):
	// "3 of 4 voted". 0 when not known (a session stored before it was kept).
	Of int `json:"of,omitempty"`
}

// Column is one part of the earning model with the cards placed in it.
type Column struct {
	Part     cards.Part `json:"part"`
	Name     string     `json:"name"`
	Question string     `json:"question"`
	Color    string     `json:"color"` // "#0072B2"
	Cards    []Card     `json:"cards"`
}

// Card is a card on the canvas, with what the group said and did with it.
type Card struct {
	Card    string     `json:"card"`
	Title   string     `json:"title"`
	OwnIdea bool       `json:"ownIdea,omitempty"` // a blank card the player titled
	Icon    string     `json:"icon,omitempty"`
	Part    cards.Part `json:"part"`
	Reason  string     `json:"reason,omitempty"`
	Owner   SeatRef    `json:"owner"`
	// Reactions in the order they were given.
	Reactions []Reaction `json:"reactions,omitempty"`
	Plus      int        `json:"plus"`
	Questions int        `json:"questions"`
	Concerns  int        `json:"concerns"`
	Dots      int        `json:"dots"`
	Place     int        `json:"place"` // in the ranking, 1-based
	// DotsBy lists one entry per dot, for the CSV export.
	DotsBy []SeatRef `json:"dotsBy,omitempty"`
}

// Reaction is a +1, question or concern of another player.
type Reaction struct {
	Kind string  `json:"kind"` // game.ReactPlus, ReactQuestion, ReactConcern
	By   SeatRef `json:"by"`
	Text string  `json:"text,omitempty"`
}

// Ranked is a line of the dot ranking.
type Ranked struct {
	Place    int        `json:"place"`
	Card     string     `json:"card"`
	Title    string     `json:"title"`
	Part     cards.Part `json:"part"`
	PartName string     `json:"partName"`
	Owner    string     `json:"owner"`
	Dots     int        `json:"dots"`
	Plus     int        `json:"plus"`
}

// ActionItem is an action of the session.
type ActionItem struct {
	ID        int         `json:"id"`
	Text      string      `json:"text"`
	Card      string      `json:"card,omitempty"`
	CardTitle string      `json:"cardTitle,omitempty"`
	OwnerSeat game.SeatID `json:"ownerSeat,omitempty"`
	// Owner is who does it: the seat's name, the free-text owner, or both.
	Owner string `json:"owner,omitempty"`
	// NoOwner flags an action that nobody has taken on yet.
	NoOwner bool   `json:"noOwner,omitempty"`
	Due     string `json:"due,omitempty"`     // YYYY-MM-DD
	DueText string `json:"dueText,omitempty"` // "9 december 2026"
}

// Agenda is the follow-up meeting, prepared from the results: what it is for, its items
// with their minutes, the decisions it is asked to take, whom to invite and a date.
type Agenda struct {
	Purpose string       `json:"purpose"`
	Minutes int          `json:"minutes"` // the length of the meeting; the items add up to it
	Items   []AgendaItem `json:"items"`
	// Decisions are what the meeting, and so the director or board, is asked to decide.
	Decisions []string  `json:"decisions"`
	Invite    []Invitee `json:"invite"`
	// Partners are the partners the group named during the session; none when nobody did.
	Partners []Partner `json:"partners,omitempty"`
	Date     string    `json:"date"`     // the proposed day, YYYY-MM-DD: a working day
	DateText string    `json:"dateText"` // "vrijdag 18 december 2026"
	// FollowUp is the closing line with the proposed date.
	FollowUp string `json:"followUp"`
}

// AgendaItem is one numbered point of the agenda.
type AgendaItem struct {
	Kind    string `json:"kind"` // open, review, progress, owners, discuss, partners, decide, close
	Text    string `json:"text"`
	Minutes int    `json:"minutes"`
}

// Invitee is someone to invite to the follow-up, and what they bring to it.
type Invitee struct {
	Who    string `json:"who"`
	Brings string `json:"brings"`
}

// Build makes the report of the session s in language lang ("" means the session's
// language). It works at any moment of a session: in the lobby, while it runs and after it
// ended. Only what every seat may see goes in: revealed votes, the canvas, the actions;
// never a hand or an unrevealed vote.
func Build(s *game.State, info Info, lang cards.Lang) (*Report, error) {
	if s == nil {
		return nil, errors.New("report: no session state")
	}
	return FromView(game.View(s, game.System), s.Deck, info, lang)
}

// FromView makes the report from a view of the session, so that a client, which holds a
// view and not the state, shows on screen exactly what the exports hold. deck is the
// session's deck. Only the public parts of the view are read: never its hand or its own
// unrevealed vote.
func FromView(v game.PlayerView, deck *cards.Deck, info Info, lang cards.Lang) (*Report, error) {
	if deck == nil {
		return nil, errors.New("report: the session has no deck")
	}
	if lang == "" {
		lang = v.Settings.Lang
	}
	if !lang.Valid() {
		return nil, fmt.Errorf("report: unknown language %q (nl or en)", lang)
	}
	if info.Generated.IsZero() {
		return nil, errors.New("report: Info.Generated is zero; pass the time of the export")
	}
	b := builder{v: &v, deck: deck, lang: lang, lb: labelsFor(lang), loc: info.Generated.Location(),
		seats: map[game.SeatID]*game.SeatView{}}
	for i := range v.Seats {
		b.seats[v.Seats[i].ID] = &v.Seats[i]
	}
	r := &Report{Lang: lang, Room: info.Room, RoomID: info.RoomID, Generated: info.Generated, Phase: v.Phase,
		Deck: Deck{ID: deck.ID, Version: deck.Version, Name: deck.Name.In(lang)}}
	b.times(r, info.Generated)
	r.Title = info.Title
	if r.Title == "" {
		r.Title = v.Settings.Title
	}
	if r.Title == "" {
		day, _ := time.ParseInLocation(time.DateOnly, r.Date, b.loc)
		r.Title = b.lb.Title + " — " + b.lb.longDate(day)
	}
	b.participants(r)
	b.rounds(r)
	b.statements(r)
	b.questions(r)
	b.canvas(r)
	b.actions(r)
	r.Agenda = b.agenda(r, b.shownAdvice())
	b.sources(r)
	// The engine's views carry no link between a vote and a seat when votes are anonymous;
	// the report takes the names off the rest (the dots) before anything is rendered.
	if v.Settings.AnonymousVotes {
		r.hideVoters()
	}
	return r, nil
}

// sources lists the sources of the cards that were played or shown: the statements voted
// on, the cards on the canvas and the question and advice cards turned up, each once.
func (b *builder) sources(r *Report) {
	r.Sources = []SourceRef{}
	seen := map[string]bool{}
	add := func(id string) {
		c, ok := b.deck.Card(id)
		if !ok || c.Source == nil || seen[id] {
			return
		}
		seen[id] = true
		r.Sources = append(r.Sources, SourceRef{Card: id, Title: c.Title.In(b.lang), Name: c.Source.Name,
			Year: c.Source.Year, URL: c.Source.URL})
	}
	for _, st := range r.Statements {
		add(st.Card)
	}
	for _, p := range b.v.Canvas {
		add(p.Card)
	}
	for _, id := range b.v.Shown {
		add(id)
	}
}

// hideVoters takes the names off every vote and every dot, so no export links a vote to a
// person: the distribution, the mean and the spread stay. Reactions, reasons and actions
// keep their names; they were said aloud, not voted.
func (r *Report) hideVoters() {
	r.VotesAnonymous = true
	for i := range r.Statements {
		st := &r.Statements[i]
		for j := range st.Votes {
			st.Votes[j].SeatRef = SeatRef{}
		}
		// The order of the votes is the order of the seats; sorting by value breaks that link.
		slices.SortStableFunc(st.Votes, func(a, b VoteEntry) int { return cmp.Compare(a.Value, b.Value) })
		if st.Result != nil {
			st.Result.Apart = nil
		}
	}
	for i := range r.Canvas {
		for j := range r.Canvas[i].Cards {
			r.Canvas[i].Cards[j].DotsBy = nil
		}
	}
}

// shownAdvice lists the advice cards turned up during the session, which shape the agenda.
func (b *builder) shownAdvice() []string {
	var out []string
	for _, id := range b.v.Shown {
		if c, ok := b.deck.Card(id); ok && c.Kind == cards.Advice {
			out = append(out, id)
		}
	}
	return out
}

type builder struct {
	v     *game.PlayerView
	deck  *cards.Deck
	lang  cards.Lang
	lb    labels
	loc   *time.Location
	seats map[game.SeatID]*game.SeatView
}

func (b *builder) ref(id game.SeatID) SeatRef {
	if st, ok := b.seats[id]; ok {
		return SeatRef{Seat: id, Name: st.Name, Color: st.Color}
	}
	return SeatRef{Seat: id, Name: fmt.Sprintf("#%d", id)}
}

// card returns a deck card, or a stand-in named by its id for a card the deck lacks (a
// state from another deck version): the report still shows everything.
func (b *builder) card(id string) *cards.Card {
	if c, ok := b.deck.Card(id); ok {
		return c
	}
	if c, ok := b.v.Settings.WrittenCard(id); ok {
		return c // a statement the facilitator wrote on the spot
	}
	return &cards.Card{ID: id, Title: cards.Text{NL: id, EN: id}}
}

func (b *builder) times(r *Report, now time.Time) {
	day := now.In(b.loc)
	r.Status = NotStarted
	if b.v.StartAt > 0 {
		start := time.UnixMilli(b.v.StartAt).In(b.loc)
		r.Start, day = &start, start
		end := now.In(b.loc)
		r.Status = Running
		if b.v.Ended && b.v.EndAt >= b.v.StartAt {
			end = time.UnixMilli(b.v.EndAt).In(b.loc)
			r.End, r.Status = &end, Finished
		}
		r.Minutes = int(max(0, end.Sub(start)+30*time.Second) / time.Minute)
	}
	r.Date = day.Format(time.DateOnly)
}

func (b *builder) participants(r *Report) {
	r.Participants = make([]Participant, 0, len(b.v.Seats))
	for _, st := range b.v.Seats {
		if st.Observer && !st.Facilitator {
			continue // the big screen watches; it does not take part
		}
		p := Participant{Seat: st.ID, Name: st.Name, Color: st.Color, Role: RolePlayer,
			Left: st.Gone, Played: st.Played}
		if st.Facilitator {
			p.Role = RoleFacilitator
		}
		r.Participants = append(r.Participants, p)
	}
}

func (b *builder) statements(r *Report) {
	r.Statements = []Statement{}
	for i, rv := range b.v.Rounds {
		c := b.card(rv.Card)
		st := Statement{Number: i + 1, Card: rv.Card, Title: c.Title.In(b.lang), Icon: c.Icon,
			Voters: len(rv.Voted), Revealed: rv.Revealed, Insight: rv.Insight}
		if rv.Revealed {
			for _, v := range rv.Votes {
				st.Votes = append(st.Votes, VoteEntry{SeatRef: b.ref(v.Seat), Value: v.Value})
			}
			res := rv.Result
			if res == nil {
				t := game.Tally(rv.Votes)
				res = &t
			}
			st.Result = &Result{Count: res.Count, Distribution: res.Distribution, Mean: res.Mean,
				Spread: res.Spread, Of: res.Of}
			if res.Apart[0] != 0 {
				for _, id := range res.Apart {
					for _, v := range st.Votes {
						if v.Seat == id {
							st.Result.Apart = append(st.Result.Apart, v)
						}
					}
				}
			}
		}
		r.Statements = append(r.Statements, st)
	}
}

func (b *builder) canvas(r *Report) {
	ranks := b.v.Ranking
	if ranks == nil && len(b.v.Canvas) > 0 {
		// A view built by hand may lack the ranking; the engine's rule is the only rule.
		ranks = game.Ranking(&game.State{Canvas: b.v.Canvas})
	}
	place := map[string]int{}
	for _, rk := range ranks {
		place[rk.Card] = rk.Place
	}
	byCard := map[string]*Card{}
	r.Canvas = make([]Column, len(cards.Parts))
	for i, p := range cards.Parts {
		r.Canvas[i] = Column{Part: p, Name: b.lb.PartName[i], Question: b.lb.PartQuestion[i],
			Color: theme.Part(p).Hex(), Cards: []Card{}}
	}
	// Within a column the cards stand in ranking order, so the priorities are on top; the
	// ranking breaks ties by play order, as the table showed them.
	ordered := slices.Clone(b.v.Canvas)
	slices.SortStableFunc(ordered, func(a, c game.Placed) int { return cmp.Compare(place[a.Card], place[c.Card]) })
	for _, p := range ordered {
		col := p.Part.Index()
		if col < 0 {
			continue
		}
		dc := b.card(p.Card)
		c := Card{Card: p.Card, Title: dc.Title.In(b.lang), Icon: dc.Icon, Part: p.Part,
			Reason: p.Reason, Owner: b.ref(p.Owner), Dots: len(p.Dots), Place: place[p.Card]}
		if dc.Kind == cards.Blank {
			c.OwnIdea = true
			if p.Title != "" {
				c.Title = p.Title
			}
		}
		for _, re := range p.Reactions {
			c.Reactions = append(c.Reactions, Reaction{Kind: re.Kind, By: b.ref(re.Seat), Text: re.Text})
			switch re.Kind {
			case game.ReactPlus:
				c.Plus++
			case game.ReactQuestion:
				c.Questions++
			case game.ReactConcern:
				c.Concerns++
			}
		}
		for _, d := range p.Dots {
			c.DotsBy = append(c.DotsBy, b.ref(d))
		}
		r.Canvas[col].Cards = append(r.Canvas[col].Cards, c)
	}
	for i := range r.Canvas {
		for j := range r.Canvas[i].Cards {
			byCard[r.Canvas[i].Cards[j].Card] = &r.Canvas[i].Cards[j]
		}
	}
	r.Ranking = []Ranked{}
	for _, rk := range ranks {
		c, ok := byCard[rk.Card]
		if !ok {
			continue
		}
		r.Ranking = append(r.Ranking, Ranked{Place: rk.Place, Card: rk.Card, Title: c.Title,
			Part: c.Part, PartName: b.lb.PartName[c.Part.Index()], Owner: c.Owner.Name,
			Dots: rk.Dots, Plus: rk.Plus})
	}
}

func (b *builder) actions(r *Report) {
	r.Actions = []ActionItem{}
	titles := map[string]string{}
	for _, col := range r.Canvas {
		for _, c := range col.Cards {
			titles[c.Card] = c.Title
		}
	}
	for _, a := range b.v.Actions {
		it := ActionItem{ID: a.ID, Text: a.Text, Card: a.Card, CardTitle: titles[a.Card],
			OwnerSeat: a.OwnerSeat, Due: a.Due}
		var owners []string
		if a.OwnerSeat != 0 {
			owners = append(owners, b.ref(a.OwnerSeat).Name)
		}
		if a.Owner != "" {
			owners = append(owners, a.Owner)
		}
		it.Owner = b.lb.list(owners)
		it.NoOwner = len(owners) == 0
		if a.Due != "" {
			it.DueText = b.lb.dueDate(a.Due)
		}
		r.Actions = append(r.Actions, it)
	}
}

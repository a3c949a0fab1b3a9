package client

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
)

// SoloConfig sets up a practice room. Zero values have the meanings given per field.
type SoloConfig struct {
	// Deck is the deck to play; nil means the default deck.
	Deck *cards.Deck
	// Seed fixes every shuffle; 0 means one from the clock.
	Seed uint64
	// Now is the host's clock; nil means time.Now.
	Now func() time.Time
	// BotDelay is how long a practice player thinks before each move; 0 means 1.2 s, and
	// a negative value means practice players only move when Step is called (for tests).
	BotDelay time.Duration
	// Manual starts no goroutine: messages wait in the queue until Drain takes them, and
	// practice players move only when Step is called. Tests and tools that drive the room
	// tick by tick use it, so that "every answer has arrived" is a fact, not a guess.
	Manual bool
}

// SoloRoom is the code a practice room reports: it never reaches a server.
const SoloRoom = "SOLO22"

// Solo is an in-process host for practice without a server: it runs the rules engine
// for the local player (always the facilitator) and for practice players that move by
// themselves, and answers with welcome, ack, error and event messages exactly as a relay
// would, so the client cannot tell the difference.
type Solo struct {
	cfg  SoloConfig
	rng  *rand.Rand
	in   chan Message
	quit chan struct{}
	done chan struct{}

	mu     sync.Mutex
	h      *host.Host // the session, hosted as a relay's room hosts it
	me     game.SeatID
	bots   map[game.SeatID]time.Time // practice seat → when it may move next
	queue  []Message
	wake   chan struct{}
	closed bool
}

var _ Transport = (*Solo)(nil)

// NewSolo returns a practice room in the lobby. Send a join message to take the
// facilitator's seat.
func NewSolo(cfg SoloConfig) (*Solo, error) {
	if cfg.Deck == nil {
		d, err := cards.Default()
		if err != nil {
			return nil, fmt.Errorf("client: solo: %w", err)
		}
		cfg.Deck = d
	}
	cfg.Deck.Index()
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Seed == 0 {
		cfg.Seed = uint64(cfg.Now().UnixNano())
	}
	if cfg.BotDelay == 0 {
		cfg.BotDelay = 1200 * time.Millisecond
	}
	s := &Solo{
		cfg:  cfg,
		rng:  rand.New(rand.NewPCG(cfg.Seed, cfg.Seed>>1|1)),
		in:   make(chan Message, incomingBuffer),
		quit: make(chan struct{}),
		done: make(chan struct{}),
		h:    host.New(game.New(cfg.Deck, cfg.Seed, game.DefaultSettings())),
		bots: map[game.SeatID]time.Time{},
		wake: make(chan struct{}, 1),
	}
	s.queue = append(s.queue, Message{Status: Connecting})
	if cfg.Manual {
		close(s.done) // no pump to wait for
		return s, nil
	}
	go s.pump()
	return s, nil
}

// Drain takes every message the room has queued, in order, for a Manual room; the room
// answers within Send, AddPracticePlayer and Step, so after those return, Drain has it all.
func (s *Solo) Drain() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.cfg.Manual {
		return nil // the pump owns the queue
	}
	q := s.queue
	s.queue = nil
	return q
}

// Incoming returns the channel of server messages and status changes.
func (s *Solo) Incoming() <-chan Message { return s.in }

// Close stops the room.
func (s *Solo) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.done
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	if s.cfg.Manual {
		close(s.in) // as the pump would
	}
	<-s.done
	return nil
}

// pump hands queued messages to the channel and lets practice players move. The queue is
// unbounded so that Send, called from the game loop, never waits for that same loop.
func (s *Solo) pump() {
	defer close(s.done)
	defer close(s.in)
	var tick <-chan time.Time
	if s.cfg.BotDelay > 0 {
		t := time.NewTicker(s.cfg.BotDelay / 4)
		defer t.Stop()
		tick = t.C
	}
	// The alarm for the countdown to a reveal, as a relay's room keeps it.
	reveal := time.NewTimer(time.Hour)
	reveal.Stop()
	defer reveal.Stop()
	var revealAt int64
	for {
		s.mu.Lock()
		var next *Message
		if len(s.queue) > 0 {
			m := s.queue[0]
			next = &m
		}
		if at, ok := game.RevealDue(s.h.State()); !ok {
			reveal.Stop()
			revealAt = 0
		} else if at != revealAt {
			revealAt = at
			reveal.Reset(time.Duration(max(0, at-s.now())) * time.Millisecond)
		}
		s.mu.Unlock()
		if next != nil {
			select {
			case s.in <- *next:
				s.mu.Lock()
				s.queue = s.queue[1:]
				s.mu.Unlock()
				continue
			case <-s.quit:
				return
			}
		}
		select {
		case <-s.wake:
		case <-reveal.C:
			revealAt = 0
			s.mu.Lock()
			s.revealDue()
			s.mu.Unlock()
		case <-tick:
			s.mu.Lock()
			s.botsMove(false)
			s.mu.Unlock()
		case <-s.quit:
			return
		}
	}
}

// post queues a message; the caller holds mu.
func (s *Solo) post(m Message) {
	s.queue = append(s.queue, m)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Solo) now() int64 { return s.cfg.Now().UnixMilli() }

// Send handles one client message as a relay would.
func (s *Solo) Send(m protocol.Client) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	switch m.T {
	case protocol.TJoin, protocol.TResume:
		if s.me == 0 {
			name := m.Name
			if name == "" {
				name = "Facilitator"
			}
			if err := s.system(game.Command{Type: game.CmdJoin, Args: game.Args{Name: name, Lang: m.Lang, Facilitator: true}}); err != nil {
				s.post(Message{Server: &protocol.Server{V: protocol.Version, T: protocol.TError, Code: protocol.ErrBadMessage, Message: err.Error()}, Status: Connecting})
				return nil
			}
			s.me = game.SeatID(len(s.h.State().Seats))
		}
		s.welcome("solo")
	case protocol.TSync:
		if s.me != 0 {
			s.welcome("")
		}
	case protocol.TCommand:
		if s.me == 0 {
			s.post(Message{Status: Connecting, Server: &protocol.Server{V: protocol.Version, T: protocol.TError, ID: m.ID,
				Code: protocol.ErrNotJoined, Message: "join first"}})
			return nil
		}
		if m.Cmd == nil || m.Cmd.Type == "" {
			s.post(Message{Status: Online, Server: &protocol.Server{V: protocol.Version, T: protocol.TError, ID: m.ID,
				Code: protocol.ErrBadMessage, Message: "cmd is missing, or has no type"}})
			return nil
		}
		c := *m.Cmd
		c.Version = 0 // one host, no concurrent writers: a version check could only fail wrongly
		a := s.do(host.Request{Seat: s.me, ID: m.ID, Cmd: c})
		if a.Code != "" {
			s.post(Message{Status: Online, Server: &protocol.Server{V: protocol.Version, T: protocol.TError, ID: m.ID, Code: a.Code, Message: a.Err}})
			return nil
		}
		s.post(Message{Status: Online, Server: &protocol.Server{V: protocol.Version, T: protocol.TAck, ID: m.ID, N: a.N}})
	case protocol.TLeave:
		s.post(Message{Status: Closed, Close: protocol.CloseLeft, Reason: "left",
			Server: &protocol.Server{V: protocol.Version, T: protocol.TBye, Close: protocol.CloseLeft, Reason: "left"}})
	case protocol.TPong:
	default:
		s.post(Message{Status: Online, Server: &protocol.Server{V: protocol.Version, T: protocol.TError, ID: m.ID,
			Code: protocol.ErrUnknownType, Message: fmt.Sprintf("unknown message type %q", m.T)}})
	}
	return nil
}

// welcome sends the local player its whole view, with the deck; the caller holds mu.
func (s *Solo) welcome(token string) {
	msg := s.h.Welcome(s.me)
	msg.Room, msg.Token, msg.Now = SoloRoom, token, s.now()
	s.post(Message{Status: Online, Server: msg, Deck: s.h.State().Deck})
}

// system runs a command of the host itself (joins of practice players); the caller holds mu.
func (s *Solo) system(c game.Command) error {
	b, err := s.h.System(s.now(), c)
	if err != nil {
		return err
	}
	s.commit(b)
	return nil
}

// do decides a seat's command and applies it, as the relay's room does (with nothing to
// store); the caller holds mu.
func (s *Solo) do(r host.Request) host.Answer {
	b := s.h.Decide(s.now(), []host.Request{r})
	s.commit(b)
	return b.Answers[0]
}

// commit applies a batch and sends its events to the local player, redacted for its seat
// as a relay sends them.
func (s *Solo) commit(b *host.Batch) {
	if s.me == 0 {
		s.h.Commit(b, nil) // the first join: the welcome carries the view
		return
	}
	for _, d := range s.h.Commit(b, []game.SeatID{s.me}) {
		ev, hash := d.For(s.me)
		e := *ev
		m := Message{Status: Online, Server: &protocol.Server{V: protocol.Version, T: protocol.TEvent, N: d.N, Event: &e, Hash: hash}}
		if e.Type == game.EvDeckSet {
			m.Deck = s.h.State().Deck
		}
		s.post(m)
	}
}

// State returns a copy of the practice room's whole state, for what a relay would
// compute from its own copy: the report exports.
func (s *Solo) State() *game.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.h.State().Clone()
}

// AddPracticePlayer seats a practice player who votes, plays and places dots by itself,
// so that one person can try every phase. It returns the new seat.
func (s *Solo) AddPracticePlayer(name string, lang cards.Lang) (game.SeatID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	if err := s.system(game.Command{Type: game.CmdJoin, Args: game.Args{Name: name, Lang: lang}}); err != nil {
		return 0, fmt.Errorf("client: practice player: %w", err)
	}
	id := game.SeatID(len(s.h.State().Seats))
	s.bots[id] = s.cfg.Now().Add(s.cfg.BotDelay)
	return id, nil
}

// Step shows the votes whose countdown has run out and lets every practice player that has
// something to do make one move now, whatever BotDelay says. Tests use it with a negative
// BotDelay.
func (s *Solo) Step() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revealDue()
	s.botsMove(true)
}

// revealDue shows the votes whose countdown has run out by the room's clock, as a relay's
// room does when its alarm rings; the caller holds mu.
func (s *Solo) revealDue() {
	if at, ok := game.RevealDue(s.h.State()); ok && s.now() >= at {
		_ = s.system(game.Command{Type: game.CmdRevealDue})
	}
}

// botsMove lets the practice players move; the caller holds mu.
func (s *Solo) botsMove(now bool) {
	t := s.cfg.Now()
	for id := game.SeatID(1); int(id) <= len(s.h.State().Seats); id++ {
		due, ok := s.bots[id]
		if !ok || (!now && t.Before(due)) {
			continue
		}
		if c, ok := s.botMove(id); ok {
			if a := s.do(host.Request{Seat: id, Cmd: c}); a.Code == "" {
				s.bots[id] = t.Add(s.cfg.BotDelay)
				if !now {
					return // one move per tick reads as people taking turns
				}
			}
		}
	}
}

// botMove picks a practice player's next move, if it has one.
func (s *Solo) botMove(id game.SeatID) (game.Command, bool) {
	st := s.h.State()
	v := game.View(st, id)
	var seat *game.SeatView
	for i := range v.Seats {
		if v.Seats[i].ID == id {
			seat = &v.Seats[i]
		}
	}
	if seat == nil || seat.Gone || seat.Observer || st.Ended {
		return game.Command{}, false
	}
	lang := cards.Lang(seat.Lang)
	switch v.Phase {
	case game.Statements:
		if v.Current >= 0 && !v.Rounds[v.Current].Revealed && v.Rounds[v.Current].MyVote == 0 {
			return game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + s.rng.IntN(5)}}, true
		}
	case game.Canvas:
		if v.Turn == id && len(v.Hand) > 0 {
			card := v.Hand[s.rng.IntN(len(v.Hand))]
			part := cards.Parts[s.rng.IntN(len(cards.Parts))]
			title := ""
			if c, ok := st.Deck.Card(card); ok {
				if len(c.Parts) > 0 {
					part = c.Parts[s.rng.IntN(len(c.Parts))]
				}
				if c.Kind == cards.Blank {
					title = pick(lang, "Eigen idee", "Your own idea")
				}
			}
			return game.Command{Type: game.CmdPlay, Args: game.Args{Card: card, Part: part, Title: title,
				Text: pick(lang, "Zo zou dit bij ons kunnen werken.", "This is how it could work for us.")}}, true
		}
	case game.Dots:
		used := seat.DotsUsed
		if v.Settings.AnonymousVotes {
			used = len(v.MyDots)
		}
		if used < v.Settings.Dots && len(v.Canvas) > 0 {
			return game.Command{Type: game.CmdDot, Args: game.Args{Card: v.Canvas[s.rng.IntN(len(v.Canvas))].Card}}, true
		}
	case game.Opening, game.Closing:
		return practiceLine(v, id, lang)
	}
	return game.Command{}, false
}

func pick(l cards.Lang, nl, en string) string {
	if l == cards.EN {
		return en
	}
	return nl
}

// PracticeName returns a practice player's name: "Oefenspeler 2" or "Practice player 2".
func PracticeName(l cards.Lang, n int) string {
	return pick(l, "Oefenspeler ", "Practice player ") + strconv.Itoa(n)
}

// practiceLine is a practice player's line in the opening or closing round, once.
func practiceLine(v game.PlayerView, id game.SeatID, lang cards.Lang) (game.Command, bool) {
	lines := v.OpeningLines
	text := pick(lang, "Ideeën die we morgen kunnen uitproberen.", "Ideas we can try out tomorrow.")
	if v.Phase == game.Closing {
		lines = v.ClosingLines
		text = pick(lang, "Ik bespreek de prioriteiten met mijn team.", "I will discuss the priorities with my team.")
	}
	for _, l := range lines {
		if l.Seat == id {
			return game.Command{}, false
		}
	}
	return game.Command{Type: game.CmdAnswer, Args: game.Args{Text: text}}, true
}

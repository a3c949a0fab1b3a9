// Package client holds the client side of the wire protocol: one small Transport interface
// and its three implementations. Dial connects to a relay over a WebSocket (gorilla on the
// desktop, the browser's WebSocket in WebAssembly: the same signature, chosen by build tag)
// and keeps the link up: it reconnects with jittered backoff and resumes the seat by its
// token and the last event number seen. Solo runs the rules engine in-process, for practice
// without a server, and answers exactly as a relay would.
//
// A transport delivers everything on one channel, server messages and changes of the link's
// status alike, so a game loop can drain it in its Update with select/default and never
// block: the network never touches the UI's state from another goroutine.
package client

import (
	"errors"
	"fmt"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
)

// Status is the state of the link to the room.
type Status int

// The link states. A transport starts Connecting, is Online once the room welcomed it,
// Reconnecting while it tries again after losing the link, and Closed when it gave up
// (a close code that forbids reconnecting, or Close).
const (
	Connecting Status = iota
	Online
	Reconnecting
	Closed
)

func (s Status) String() string {
	switch s {
	case Connecting:
		return "connecting"
	case Online:
		return "online"
	case Reconnecting:
		return "reconnecting"
	case Closed:
		return "closed"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Message is one thing a transport delivers: a server message, or (when Server is nil) a
// change of the link's status.
type Message struct {
	Server *protocol.Server
	// Status is the link's status after this message.
	Status Status
	// Close and Reason say why the link closed, for Reconnecting and Closed.
	Close  protocol.CloseCode
	Reason string
	// Deck is the room's deck, with a welcome or a deckset event that names one the
	// client did not have yet: the transport fetched it (by its hash) before delivering.
	Deck *cards.Deck
}

// Transport is a link to one room.
//
// Send queues a client message and returns without waiting for an answer; answers arrive on
// Incoming. Send fails with ErrOffline while the link is down: commands are never queued
// silently, so a player always learns that a move did not go through. Send and Close may be
// called from any goroutine. Incoming is closed after Close.
type Transport interface {
	Send(protocol.Client) error
	Incoming() <-chan Message
	Close() error
}

// Errors callers test with errors.Is.
var (
	// ErrOffline means the link is down; the transport is reconnecting, or has given up.
	ErrOffline = errors.New("client: not connected")
	// ErrClosed means Close was called.
	ErrClosed = errors.New("client: transport closed")
)

// incomingBuffer is how many messages wait for the game loop. A loop drains them every tick
// (1/60 s); when it cannot (a hidden browser tab) the reader waits, and the relay may drop
// the connection as slow, after which the transport resumes where it left off.
const incomingBuffer = 1024

//go:build !linux

package relay

import "errors"

// poller is Linux's epoll in poller_linux.go. Elsewhere there is none: every connection
// keeps a reader goroutine for its lifetime (conn.read), which costs an idle connection
// its stack but behaves the same.
type poller struct{}

var errNotPollable = errors.New("relay: connection cannot be polled")

func newPoller() (*poller, error) { return nil, errors.New("relay: no poller on this platform") }

func (p *poller) add(*conn) error { return errNotPollable }
func (p *poller) arm(*conn) error { return errNotPollable }
func (p *poller) remove(*conn)    {}
func (p *poller) close()          {}
func (p *poller) read(*conn)      {}

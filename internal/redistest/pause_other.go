//go:build !unix

package redistest

// Pause would stop the server with SIGSTOP, which only Unix has: the test is skipped.
func (s *Server) Pause() {
	s.t.Helper()
	s.t.Skip("pausing redis-server needs Unix signals")
}

// Resume continues a paused server; see Pause.
func (s *Server) Resume() {}

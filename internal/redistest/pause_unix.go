//go:build unix

package redistest

import "syscall"

// Pause stops the server with SIGSTOP: it keeps its connections but answers nothing, as a
// Redis stalled by its machine would. Resume continues it.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume continues a paused server (SIGCONT).
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

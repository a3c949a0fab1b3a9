//go:build !unix

package store

// runFenceChild: the fenced child needs SIGSTOP, which only Unix has, so no process is
// ever started as one here.
func runFenceChild() bool { return false }

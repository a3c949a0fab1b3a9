package store

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a commit or a check
// left running after Close would show up here.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

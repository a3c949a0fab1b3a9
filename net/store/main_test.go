package store

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a commit or a check
// left running after Close would show up here. Started by TestBoltDurabilityKill or
// TestRedisSIGSTOPFencing as their child, it runs the child instead of the tests.
func TestMain(m *testing.M) {
	if path := os.Getenv("STORE_KILL_CHILD_DB"); path != "" {
		durabilityChild(path)
		return
	}
	if runFenceChild() {
		return
	}
	goleak.VerifyTestMain(m)
}

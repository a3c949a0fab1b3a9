//go:build !linux

package store

import "time"

func newGroupPause(d time.Duration) groupPause { return newTimerPause(d) }

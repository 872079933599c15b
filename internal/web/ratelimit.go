package web

import (
	"sync"
	"time"

	"github.com/chamber-org/chamber"
)

// tokenLimiter allows each API token rate requests per second, with a burst
// of the same size (a token bucket per token). It lives in each instance's
// memory: behind several instances the limit applies per instance.
type tokenLimiter struct {
	mu      sync.Mutex
	rate    float64
	clock   chamber.Clock
	buckets map[chamber.ID]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newTokenLimiter(rate int, clock chamber.Clock) *tokenLimiter {
	return &tokenLimiter{rate: float64(rate), clock: clock, buckets: map[chamber.ID]*bucket{}}
}

func (l *tokenLimiter) allow(id chamber.ID) bool {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[id]
	if !ok {
		if len(l.buckets) > 100000 { // forget idle tokens rather than grow without bound
			for k, v := range l.buckets {
				if now.Sub(v.last) > time.Minute {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{tokens: l.rate, last: now}
		l.buckets[id] = b
	}
	b.tokens = min(l.rate, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

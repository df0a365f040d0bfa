package fetch

import (
	"math/rand/v2"
	"time"
)

// maxRetryAfter caps how far in the future a Retry-After is honoured.
const maxRetryAfter = 7 * 24 * time.Hour

// Backoff computes when to try a failing source again: Base·2^(n−1) after n
// consecutive failures, capped at Max, with "equal jitter" (a random point in
// the upper half of that delay) so that sources failing together do not retry
// together. A Retry-After later than that wins (up to seven days).
// The zero value uses a one-minute base, a six-hour cap and the math/rand/v2
// global source; a Backoff is safe for concurrent use when Rand is.
type Backoff struct {
	Base time.Duration  // delay after the first failure before jitter; default 1 min
	Max  time.Duration  // largest delay before Retry-After; default 6 h
	Rand func() float64 // in [0, 1); nil means math/rand/v2's Float64. Tests pass a seeded source.
}

// Next returns the time of the next attempt after failures consecutive
// failures (now when failures ≤ 0), honouring retryAfter (zero when the
// server sent none).
func (b Backoff) Next(now time.Time, failures int, retryAfter time.Time) time.Time {
	if failures <= 0 {
		if retryAfter.After(now) {
			return minTime(retryAfter, now.Add(maxRetryAfter))
		}
		return now
	}
	base, ceiling := b.Base, b.Max
	if base <= 0 {
		base = time.Minute
	}
	if ceiling <= 0 {
		ceiling = 6 * time.Hour
	}
	d := ceiling
	if failures < 63 { // beyond, the shift overflows; the cap applies anyway
		if e := base << (failures - 1); e > 0 && e < ceiling && e>>(failures-1) == base {
			d = e
		}
	}
	rnd := b.Rand
	if rnd == nil {
		rnd = rand.Float64
	}
	r := rnd()
	if r < 0 || r >= 1 {
		r = 0
	}
	d = d/2 + time.Duration(float64(d/2)*r)
	next := now.Add(d)
	if retryAfter.After(next) {
		next = minTime(retryAfter, now.Add(maxRetryAfter))
	}
	return next
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

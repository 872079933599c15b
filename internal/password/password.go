// Package password hashes and checks passwords with argon2id, in a bounded
// pool of workers so that a storm of logins cannot exhaust memory: at most
// Workers hashes run at once (each needs Params.Memory KiB), and at most
// Queue callers wait for a turn; the rest are refused at once with ErrBusy.
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen int
}

// OWASP is the OWASP Password Storage Cheat Sheet's first argon2id
// configuration: m=19 MiB, t=2, p=1.
var OWASP = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// Fast is for tests only: it keeps the format but costs almost nothing.
var Fast = Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// ErrBusy is returned when too many callers already wait for a worker.
var ErrBusy = errors.New("password hasher busy")

// ErrMismatch is returned by Check for a wrong password.
var ErrMismatch = errors.New("password mismatch")

// Hasher hashes with Params using at most Workers concurrent computations.
type Hasher struct {
	params    Params
	slots     chan struct{}
	queue     chan struct{}
	dummyOnce sync.Once
	dummy     string
	// running counts hashes being computed; peak is the most at once (what
	// the pool bounds, and what tests check).
	running, peak atomic.Int32
}

// New returns a hasher with workers slots (0: the number of CPUs) and a
// waiting line of 64 per worker.
func New(p Params, workers int) *Hasher {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	return &Hasher{params: p, slots: make(chan struct{}, workers), queue: make(chan struct{}, workers*64)}
}

// Workers returns the number of concurrent hashes allowed.
func (h *Hasher) Workers() int { return cap(h.slots) }

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.queue <- struct{}{}:
	default:
		return ErrBusy
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		<-h.queue
		return ctx.Err()
	}
}

func (h *Hasher) release() {
	<-h.slots
	<-h.queue
}

// Hash returns the PHC-format hash of pw.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.hash([]byte(pw))
}

func (h *Hasher) hash(pw []byte) (string, error) {
	n := h.running.Add(1)
	defer h.running.Add(-1)
	for {
		if old := h.peak.Load(); n <= old || h.peak.CompareAndSwap(old, n) {
			break
		}
	}
	p := h.params
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Check compares pw with encoded in constant time. An empty encoded (unknown
// user) still costs one hash, so timing does not tell the two apart.
func (h *Hasher) Check(ctx context.Context, encoded, pw string) error {
	if err := h.acquire(ctx); err != nil {
		return err
	}
	defer h.release()
	if encoded == "" {
		// Made on first need, so opening a database costs no hash.
		h.dummyOnce.Do(func() { h.dummy, _ = h.hash([]byte("chamber-dummy-password")) })
		_ = check(h.dummy, []byte(pw))
		return ErrMismatch
	}
	return check(encoded, []byte(pw))
}

func check(encoded string, pw []byte) error {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return fmt.Errorf("password: unknown hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return fmt.Errorf("password: unsupported argon2 version")
	}
	var m, t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil {
		return fmt.Errorf("password: bad parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return fmt.Errorf("password: bad salt: %w", err)
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return fmt.Errorf("password: bad key: %w", err)
	}
	got := argon2.IDKey(pw, salt, t, m, th, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// NeedsRehash reports whether encoded was made with other parameters.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p := h.params
	return !strings.Contains(encoded, fmt.Sprintf("$m=%d,t=%d,p=%d$", p.Memory, p.Time, p.Threads))
}

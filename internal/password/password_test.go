package password

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestHashCheck(t *testing.T) {
	h := New(Fast, 2)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "correct horse 电池")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("format: %s", enc)
	}
	if err := h.Check(ctx, enc, "correct horse 电池"); err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if err := h.Check(ctx, enc, "correct horse 电"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := h.Check(ctx, "", "x"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("unknown user: %v", err)
	}
	if err := h.Check(ctx, "$argon2id$garbage", "x"); err == nil || errors.Is(err, ErrMismatch) {
		t.Fatalf("garbage hash must be an error of its own: %v", err)
	}
	if h.NeedsRehash(enc) {
		t.Fatal("same params need no rehash")
	}
	if !New(OWASP, 1).NeedsRehash(enc) {
		t.Fatal("other params need a rehash")
	}
}

func TestOWASPParams(t *testing.T) {
	if OWASP.Memory != 19456 || OWASP.Time != 2 || OWASP.Threads != 1 {
		t.Fatalf("OWASP params changed: %+v", OWASP)
	}
}

// The pool never runs more hashes at once than it has workers, and refuses
// callers beyond its waiting line instead of piling them up.
func TestPoolBounds(t *testing.T) {
	h := New(Fast, 1)
	// Fill the only slot and the whole queue by hand.
	for i := 0; i < cap(h.queue); i++ {
		h.queue <- struct{}{}
	}
	if _, err := h.Hash(context.Background(), "password1"); !errors.Is(err, ErrBusy) {
		t.Fatalf("full queue: got %v, want ErrBusy", err)
	}
	for i := 0; i < cap(h.queue); i++ {
		<-h.queue
	}
	// 40 callers at once on 3 workers: never more than 3 hashes computed
	// at the same moment (counted inside the hash itself, not by the slots).
	h = New(Params{Time: 1, Memory: 8 << 10, Threads: 1, SaltLen: 16, KeyLen: 32}, 3)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Hash(context.Background(), "password1"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := h.peak.Load(); p > 3 || p < 1 {
		t.Fatalf("%d hashes at once with 3 workers", p)
	}
}

func BenchmarkCheckOWASP(b *testing.B) {
	h := New(OWASP, 0)
	ctx := context.Background()
	enc, _ := h.Hash(ctx, "benchmark-password")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := h.Check(ctx, enc, "benchmark-password"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

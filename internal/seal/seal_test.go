package seal_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/chamber-org/chamber/internal/seal"
)

func TestKeyFileCreatedOnceWithMode0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "chamber.key")
	k1, created, err := seal.LoadOrCreate(path)
	if err != nil || !created || len(k1) != seal.KeySize {
		t.Fatalf("create: %v %v %d", err, created, len(k1))
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	k2, created, err := seal.LoadOrCreate(path)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("second start made another key: %v %v", created, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := seal.Load(path); err == nil {
		t.Fatal("a key file others may read was accepted")
	}
	os.WriteFile(filepath.Join(filepath.Dir(path), "bad.key"), []byte("hello"), 0o600)
	if _, err := seal.Load(filepath.Join(filepath.Dir(path), "bad.key")); err == nil {
		t.Fatal("a file that is no key was accepted")
	}
}

func TestSealOpens(t *testing.T) {
	key := seal.NewKey()
	s, _ := seal.Derive(key, "votes")
	v := s.Seal([]byte("yes"), []byte("motion:1"))
	if len(v) != 3+seal.Overhead {
		t.Fatalf("sealed %d bytes", len(v))
	}
	if p, err := s.Open(v, []byte("motion:1")); err != nil || string(p) != "yes" {
		t.Fatalf("open: %q %v", p, err)
	}
	if _, err := s.Open(v, []byte("motion:2")); !errors.Is(err, seal.ErrOpen) {
		t.Fatal("opened for another motion")
	}
	other, _ := seal.Derive(key, "settings")
	if _, err := other.Open(v, []byte("motion:1")); !errors.Is(err, seal.ErrOpen) {
		t.Fatal("opened with the key of another purpose")
	}
	again, _ := seal.Derive(seal.NewKey(), "votes")
	if _, err := again.Open(v, []byte("motion:1")); !errors.Is(err, seal.ErrOpen) {
		t.Fatal("opened with another installation key")
	}
	if bytes.Equal(s.Seal([]byte("yes"), nil), s.Seal([]byte("yes"), nil)) {
		t.Fatal("sealing is deterministic")
	}
}

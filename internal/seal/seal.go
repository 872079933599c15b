// Package seal keeps chamber's installation key, a file outside the
// database, and seals small values with it: the per-vote keys of secret
// ballots and stored secrets such as the SMTP password. Sealing is
// AES-256-GCM from the standard library with a random nonce; a sealed value
// is nonce ‖ ciphertext ‖ tag, Overhead bytes longer than the plain text.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeySize is the length of an installation key and of a vote key.
const KeySize = 32

// Overhead is what sealing adds to a value: a 12-byte nonce and a 16-byte tag.
const Overhead = 12 + 16

// ErrOpen is returned when a sealed value does not open: another key, or
// bytes that were changed.
var ErrOpen = errors.New("seal: the value does not open with this key")

const filePrefix = "chamber-installation-key-v1 "

// NewKey returns a random key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return k
}

// LoadOrCreate reads the key file at path, or creates it (mode 0600) with a
// new random key when there is none. created tells which happened.
func LoadOrCreate(path string) (key []byte, created bool, err error) {
	key, err = Load(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, false, fmt.Errorf("key file: %w", err)
		}
	}
	key = NewKey()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process made it first: use that one
		key, err = Load(path)
		return key, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("key file: %w", err)
	}
	_, werr := f.WriteString(filePrefix + base64.StdEncoding.EncodeToString(key) + "\n")
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("key file: %w", werr)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return key, true, nil
}

// Load reads an existing key file. A file that others may read is refused,
// as ssh refuses such a private key.
func Load(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key file %s: mode %04o lets others read it; run chmod 600 %s", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(b)), strings.TrimSpace(filePrefix))
	key, derr := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if !ok || derr != nil || len(key) != KeySize {
		return nil, fmt.Errorf("key file %s: not a chamber installation key", path)
	}
	return key, nil
}

// Sealer seals and opens values with one key.
type Sealer struct {
	aead cipher.AEAD
}

// New returns a sealer for a key of KeySize bytes.
func New(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key of %d bytes, want %d", len(key), KeySize)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: g}, nil
}

// Derive returns the sealer of a sub-key of key for one purpose, so that
// values sealed for one use never open for another.
func Derive(key []byte, purpose string) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key of %d bytes, want %d", len(key), KeySize)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("chamber/" + purpose))
	return New(m.Sum(nil))
}

// Seal returns nonce ‖ ciphertext ‖ tag of plain, bound to ad (which must
// be given again to open it).
func (s *Sealer) Seal(plain, ad []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return s.aead.Seal(nonce, nonce, plain, ad)
}

// Open returns the plain text of a sealed value, or ErrOpen.
func (s *Sealer) Open(sealed, ad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, ErrOpen
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// Fingerprint names a key without revealing it (for messages and checks).
func Fingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("chamber/fingerprint"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:9])
}

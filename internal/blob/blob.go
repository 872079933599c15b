// Package blob keeps files outside the database in a folder, addressed by
// the SHA-256 of their content: a file with hash abcdef… lives at
// ROOT/ab/cdef…. Files are written once (temp file, fsync, rename) and never
// change, so a copy of the folder taken at any time is consistent.
package blob

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/chamber-org/chamber"
)

// DefaultMaxSize is the largest file Put accepts unless told otherwise.
const DefaultMaxSize = 20 << 20

// DefaultDir is the blob folder of a PostgreSQL installation without --blobs.
const DefaultDir = "./chamber-blobs"

// Store is a blob folder.
type Store struct {
	root    string
	maxSize int64
}

// New opens (and creates) the blob folder root. maxSize <= 0 means DefaultMaxSize.
func New(root string, maxSize int64) (*Store, error) {
	if root == "" {
		return nil, errors.New("blob: no folder given")
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Store{root: root, maxSize: maxSize}, nil
}

// DirFor is the blob folder of a database: PATH.blobs beside a SQLite file
// (sqlite:PATH), else flag (--blobs / CHAMBER_BLOBS), else DefaultDir.
func DirFor(dsn, flag string) string {
	if flag != "" {
		return flag
	}
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		return strings.TrimPrefix(p, "//") + ".blobs"
	}
	if strings.HasSuffix(dsn, ".db") && !strings.Contains(dsn, "://") {
		return dsn + ".blobs"
	}
	return DefaultDir
}

// Root is the folder.
func (s *Store) Root() string { return s.root }

// MaxSize is the largest file accepted, in bytes.
func (s *Store) MaxSize() int64 { return s.maxSize }

// Info describes a stored file.
type Info struct {
	Hash        string
	Size        int64
	ContentType string
}

// Put stores what r yields and returns its hash, size and sniffed type.
// name (the client's file name) only refines the type within an allowed
// family (a .docx is a zip, a .csv is text); it never becomes a path.
// Too large: a "too_large" error; a type not on the list: a field error.
func (s *Store) Put(r io.Reader, name string) (*Info, error) {
	tmp, err := os.CreateTemp(s.root, ".put-*")
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // a no-op once renamed
	h := sha256.New()
	head := &headBuffer{max: 512}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, s.maxSize+1))
	if err != nil {
		tmp.Close()
		return nil, err
	}
	if n > s.maxSize {
		tmp.Close()
		return nil, &chamber.Error{Code: "too_large", Reason: "file_too_large", Key: "att.err.too_large", Args: []any{s.maxSize >> 20}}
	}
	if n == 0 {
		tmp.Close()
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields",
			Fields: []chamber.FieldError{{Field: "file", Key: "att.err.empty"}}}
	}
	ct, ok := Sniff(head.Bytes(), name)
	if !ok {
		tmp.Close()
		return nil, &chamber.Error{Code: chamber.EINVALID, Reason: "file_type", Key: "att.err.type",
			Fields: []chamber.FieldError{{Field: "file", Key: "att.err.type"}}}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := s.path(sum)
	if _, err := os.Stat(dst); err == nil {
		return &Info{Hash: sum, Size: n, ContentType: ct}, nil // the same bytes are stored already
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.Chmod(tmpName, 0o640); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.Rename(tmpName, dst); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return &Info{Hash: sum, Size: n, ContentType: ct}, nil
}

// Open opens the file with hash h; a missing or malformed hash is fs.ErrNotExist.
func (s *Store) Open(h string) (*os.File, error) {
	if !chamber.ValidBlobHash(h) {
		return nil, fs.ErrNotExist
	}
	return os.Open(s.path(h))
}

// Has reports whether the file with hash h is stored.
func (s *Store) Has(h string) bool {
	if !chamber.ValidBlobHash(h) {
		return false
	}
	fi, err := os.Stat(s.path(h))
	return err == nil && fi.Mode().IsRegular()
}

func (s *Store) path(h string) string { return filepath.Join(s.root, h[:2], h[2:]) }

// CopyTree copies every blob of folder src into folder dst (created if
// missing), skipping those dst holds already and checking each copy's hash.
// Used by backup and restore; temp files of a running Put are skipped.
func CopyTree(src, dst string) (int, error) {
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return 0, os.MkdirAll(dst, 0o750)
	}
	to, err := New(dst, 1<<62)
	if err != nil {
		return 0, err
	}
	n := 0
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		h := strings.ReplaceAll(filepath.ToSlash(rel), "/", "")
		if !chamber.ValidBlobHash(h) || to.Has(h) {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		got, err := to.putRaw(f)
		if err != nil {
			return err
		}
		if got != h {
			return fmt.Errorf("blob: %s does not match its content (hash %s)", p, got)
		}
		n++
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, syncDir(dst)
}

// putRaw stores r without size or type checks (a copy of stored blobs).
func (s *Store) putRaw(r io.Reader) (string, error) {
	tmp, err := os.CreateTemp(s.root, ".put-*")
	if err != nil {
		return "", err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), r); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := s.path(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", err
	}
	if err := os.Rename(tmpName, dst); err != nil {
		return "", err
	}
	return sum, syncDir(filepath.Dir(dst))
}

// Sniff names the content type of a file from its first bytes, and whether
// it is one chamber accepts: PDF, PNG, JPEG, GIF, WebP, office documents
// (OOXML and the older OLE files), plain text, CSV and zip.
func Sniff(head []byte, name string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	if bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		switch ext {
		case ".doc":
			return "application/msword", true
		case ".xls":
			return "application/vnd.ms-excel", true
		case ".ppt":
			return "application/vnd.ms-powerpoint", true
		}
		return "application/vnd.ms-office", true
	}
	ct := http.DetectContentType(head)
	base, _, _ := strings.Cut(ct, ";")
	switch base {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp":
		return base, true
	case "application/zip":
		switch ext {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
		}
		return "application/zip", true
	case "text/plain":
		if ext == ".csv" {
			return "text/csv; charset=utf-8", true
		}
		return ct, true
	}
	return base, false
}

type headBuffer struct {
	bytes.Buffer
	max int
}

func (b *headBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// The installation key: made on first start beside the SQLite file with
// mode 0600, it seals an SMTP password an earlier version stored in clear,
// and it is in neither the database nor its backup, which says where it is.
func TestKeyFileSealsSecretsAndStaysOutOfBackups(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live.db")
	env := map[string]string{"CHAMBER_DB": "sqlite:" + dbPath}
	if code, _, stderr := cli(t, env, "", "migrate"); code != 0 || !strings.Contains(stderr, "created the installation key "+dbPath+".key") {
		t.Fatalf("first start: %d %q", code, stderr)
	}
	ctx := chamber.WithActor(context.Background(), chamber.SystemActor)
	// What an earlier version left: the password in clear.
	db, err := sqlstore.Open(ctx, "sqlite:"+dbPath, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().Exec(`INSERT INTO settings(key, value) VALUES ('mail.password', 'hunter2-smtp')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if code, _, stderr := cli(t, env, "", "migrate"); code != 0 || stderr != "" {
		t.Fatalf("second start: %d %q", code, stderr)
	}
	keyFile := dbPath + ".key"
	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	key, err := seal.Load(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	db, err = sqlstore.Open(ctx, "sqlite:"+dbPath, sqlstore.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := db.Reader().QueryRow(`SELECT value FROM settings WHERE key = 'mail.password'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "hunter2") || !strings.HasPrefix(stored, "sealed:") {
		t.Fatalf("the password is still in clear: %q", stored)
	}
	ms, err := db.MailSettings(ctx)
	if err != nil || ms.Password != "hunter2-smtp" {
		t.Fatalf("sealed password does not open: %+v %v", ms, err)
	}
	db.Close()

	// Another key (the file lost and made anew) opens nothing: a clear error.
	other := filepath.Join(dir, "other.key")
	if code, _, stderr := cli(t, map[string]string{"CHAMBER_DB": env["CHAMBER_DB"], "CHAMBER_KEY_FILE": other}, "", "migrate"); code != 0 {
		t.Fatal(stderr)
	}
	okey, _ := seal.Load(other)
	db, _ = sqlstore.Open(ctx, "sqlite:"+dbPath, sqlstore.Options{Key: okey})
	_, err = db.MailSettings(ctx)
	var ce *chamber.Error
	if !errors.As(err, &ce) || ce.Reason != "installation_key" {
		t.Fatalf("another key: %v", err)
	}
	db.Close()

	out := filepath.Join(dir, "backup.db")
	code, stdout, stderr := cli(t, env, "", "backup", "--out", out)
	if code != 0 || !strings.Contains(stdout, keyFile) || !strings.Contains(stdout, "NOT in the backup") {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	for _, f := range []string{dbPath, out} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, key) || bytes.Contains(b, []byte(base64.StdEncoding.EncodeToString(key))) || bytes.Contains(b, []byte("hunter2")) {
			t.Fatalf("%s holds the key or the password", f)
		}
	}
}

package sqlstore

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/seal"
)

// The installation key (a file outside the database, given in
// Options.Key) seals the stored secrets and the keys of secret votes. Sub-keys keep the uses apart (settings, vote keys, voting credentials).

// sealedPrefix marks a sealed setting; a value without it is from before
// sealing and is sealed on the next start.
const sealedPrefix = "sealed:v1:"

// secretSettings are the settings kept sealed.
var secretSettings = []string{"mail.password", "webhook.secret"}

// errNoKey: a sealed value is needed but the installation key is missing
// or is not the one that sealed it.
func errNoKey() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "installation_key", Key: "err.installation_key"}
}

func (db *DB) setKey(key []byte) error {
	if key == nil {
		return nil
	}
	var err error
	if db.secrets, err = seal.Derive(key, "settings"); err != nil {
		return err
	}
	if db.voteKeys, err = seal.Derive(key, "vote-keys"); err != nil {
		return err
	}
	db.credentials, err = seal.Derive(key, "credentials")
	return err
}

// sealSetting seals a secret setting's value for storage ("" stays "").
func (db *DB) sealSetting(name, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	if db.secrets == nil {
		return "", errNoKey()
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(db.secrets.Seal([]byte(value), []byte("setting:"+name))), nil
}

// openSetting returns a stored secret setting in clear.
func (db *DB) openSetting(name, stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, nil // not sealed yet: sealed at the next start with a key
	}
	if db.secrets == nil {
		return "", errNoKey()
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "", errNoKey()
	}
	plain, err := db.secrets.Open(raw, []byte("setting:"+name))
	if err != nil {
		return "", errNoKey()
	}
	return string(plain), nil
}

// sealClearSecrets seals the secret settings stored in clear by earlier
// versions. It runs at start (Migrate) when a key is given.
func (db *DB) sealClearSecrets(ctx context.Context) error {
	if db.secrets == nil {
		return nil
	}
	return db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
		for _, name := range secretSettings {
			v, ok, err := tx.setting(name)
			if err != nil {
				return err
			}
			if !ok || v == "" || strings.HasPrefix(v, sealedPrefix) {
				continue
			}
			sealed, err := db.sealSetting(name, v)
			if err != nil {
				return err
			}
			if err := tx.setSetting(name, sealed); err != nil {
				return err
			}
			if err := tx.Audit("settings.seal", "settings", 0, nil, map[string]string{"setting": name}); err != nil {
				return err
			}
		}
		return nil
	})
}

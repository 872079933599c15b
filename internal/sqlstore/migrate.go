package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrationsFS embed.FS

// MigrationNames lists the migration files of a dialect in order.
func MigrationNames(d Dialect) ([]string, error) {
	entries, err := fs.ReadDir(migrationsFS, "migrations/"+string(d))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies every migration not applied yet, each in its own
// transaction, forward only. It then seeds what a new database holds. On
// PostgreSQL several instances may start at once: a session advisory lock
// held for the whole run makes them take turns.
func (db *DB) Migrate(ctx context.Context) error {
	if db.Dialect == Postgres {
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727272)`); err != nil {
			return fmt.Errorf("migrate lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(727272)`)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := MigrationNames(db.Dialect)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := db.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if err := db.seed(ctx); err != nil {
		return err
	}
	return db.sealClearSecrets(ctx)
}

func (db *DB) applyMigration(ctx context.Context, name string) error {
	body, err := migrationsFS.ReadFile("migrations/" + string(db.Dialect) + "/" + name)
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(name, applied_at) VALUES ($1, $2)`, name, micros(db.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// PendingMigrations returns the names not applied yet.
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	names, err := MigrationNames(db.Dialect)
	if err != nil {
		return nil, err
	}
	applied := map[string]bool{}
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return nil, err
			}
			applied[n] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var pending []string
	for _, n := range names {
		if !applied[n] {
			pending = append(pending, n)
		}
	}
	return pending, nil
}

// MigrationFile returns one migration's SQL (for tests that fingerprint them).
func MigrationFile(d Dialect, name string) ([]byte, error) {
	return migrationsFS.ReadFile("migrations/" + string(d) + "/" + name)
}

// SeedVersion changes whenever seed() changes what a new database holds, so
// test templates built from an older seed are not reused.
const SeedVersion = "2026-12-02.verify"

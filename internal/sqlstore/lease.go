package sqlstore

import (
	"context"
	"time"
)

// AcquireLease takes (or renews) the cluster-wide lease name for owner
// until ttl from now. It reports false while another owner holds an
// unexpired one. One statement, so two instances racing for a free lease
// cannot both win: the upsert's WHERE is checked under the row's lock.
func (db *DB) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	now := db.Now()
	res, err := db.write.ExecContext(ctx, `INSERT INTO leases(name, owner, until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
		WHERE leases.owner = excluded.owner OR leases.until < $4`, name, owner, micros(now.Add(ttl)), micros(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease gives the lease up if owner holds it, so another instance
// takes it at once (graceful drain).
func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, owner)
	return err
}

// LeaseHolder is the owner of an unexpired lease ("" when none).
func (db *DB) LeaseHolder(ctx context.Context, name string) (string, error) {
	var owner string
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE((SELECT owner FROM leases WHERE name = $1 AND until >= $2), '')`,
		name, micros(db.Now())).Scan(&owner)
	return owner, err
}

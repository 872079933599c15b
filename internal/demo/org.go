package demo

import (
	"context"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedOrg fills the org domain of the demo chamber.
func seedOrg(ctx context.Context, db *sqlstore.DB) error {
	return nil
}

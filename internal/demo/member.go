package demo

import (
	"context"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedMembers fills the member domain of the demo chamber.
func seedMembers(ctx context.Context, db *sqlstore.DB) error {
	return nil
}

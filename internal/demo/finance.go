package demo

import (
	"context"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedFinance fills the finance domain of the demo chamber.
func seedFinance(ctx context.Context, db *sqlstore.DB) error {
	return nil
}

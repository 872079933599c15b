package demo

import (
	"context"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedAnnouncements fills the announcement domain of the demo chamber.
func seedAnnouncements(ctx context.Context, db *sqlstore.DB) error {
	return nil
}

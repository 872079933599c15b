package demo

import (
	"context"

	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedMeetings fills the meeting domain of the demo chamber.
func seedMeetings(ctx context.Context, db *sqlstore.DB) error {
	return nil
}

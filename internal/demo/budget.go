package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedBudgetAdoption records that the council's budget motion adopted this
// year's budget, once every line of it is in (purchases add one).
func seedBudgetAdoption(ctx context.Context, db *sqlstore.DB) error {
	year := chamberNow(ctx, db).Year()
	res, _, err := db.Resolutions(ctx, chamber.Page{Limit: 50})
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Kind == chamber.KindBudget {
			_, err := db.AdoptBudget(ctx, chamber.AdoptBudget, chamber.NewBudgetAdoption{Year: year, MotionID: r.MotionID})
			return err
		}
	}
	return fmt.Errorf("demo: no passed budget motion")
}

package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedOrg appoints the demo logins to the standard structure and opens the
// current terms of the governing bodies.
func seedOrg(ctx context.Context, db *sqlstore.DB) error {
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return err
	}
	posByCode := map[string]*chamber.Position{}
	for _, p := range positions {
		posByCode[p.Code] = p
	}
	user := func(username string) (*chamber.User, error) { return db.FindUserByUsername(ctx, username) }
	for _, code := range []string{"general_assembly", "council", "standing_council", "supervisory_board"} {
		b, err := db.FindBodyByCode(ctx, code)
		if err != nil {
			return err
		}
		if _, err := db.CreateTerm(ctx, chamber.Term{BodyID: b.ID, Number: 2, StartsOn: "2021-06-18", EndsOn: "2026-06-17"}); err != nil {
			return err
		}
		if _, err := db.CreateTerm(ctx, chamber.Term{BodyID: b.ID, Number: 3, StartsOn: "2026-06-18", EndsOn: "2031-06-17"}); err != nil {
			return err
		}
	}
	appointments := []struct{ username, position, from string }{
		{"huizhang", chamber.PosPresident, "2026-06-18"},
		{"mishuzhang", chamber.PosSecretaryGeneral, "2023-03-01"},
		{"bangong", "office_director", "2024-01-08"},
		{"huiyuan", "member_development_director", "2024-05-20"},
		{"caiwu", "finance_director", "2022-09-01"},
		{"kuaiji", "finance_staff", "2025-02-17"},
		{"fawu", "legal_rights_director", "2023-07-03"},
		{"houqin", "logistics_director", "2022-03-01"},
	}
	for _, a := range appointments {
		u, err := user(a.username)
		if err != nil {
			return err
		}
		pos := posByCode[a.position]
		if pos == nil {
			return fmt.Errorf("no position %s", a.position)
		}
		if _, err := db.Appoint(ctx, chamber.Post{PositionID: pos.ID, UserID: u.ID, StartsOn: a.from}); err != nil {
			return fmt.Errorf("appoint %s: %w", a.username, err)
		}
	}
	// The previous secretary general, for the chart of a past date.
	if _, err := db.Appoint(ctx, chamber.Post{PositionID: posByCode[chamber.PosSecretaryGeneral].ID, Name: "郑国栋", StartsOn: "2018-03-01", EndsOn: "2023-02-28"}); err != nil {
		return err
	}
	// Vice presidents and supervisors without logins, and one supervisor with one.
	for i, name := range []string{"林海峰", "黄振华", "徐伟民", "何秀英"} {
		if _, err := db.Appoint(ctx, chamber.Post{PositionID: posByCode[chamber.PosVicePresident].ID, Name: name, StartsOn: "2026-06-18",
			Note: fmt.Sprintf("第三届副会长（%d）", i+1)}); err != nil {
			return err
		}
	}
	if _, err := db.Appoint(ctx, chamber.Post{PositionID: posByCode[chamber.PosChiefSupervisor].ID, Name: "高文涛", StartsOn: "2026-06-18"}); err != nil {
		return err
	}
	sb, err := db.FindBodyByCode(ctx, "supervisory_board")
	if err != nil {
		return err
	}
	js, err := user("jianshi")
	if err != nil {
		return err
	}
	if _, err := db.Appoint(ctx, chamber.Post{BodyID: sb.ID, UserID: js.ID, StartsOn: "2026-06-18", EndsOn: "2031-06-17"}); err != nil {
		return err
	}
	return nil
}

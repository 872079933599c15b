package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

const disposalColumns = `p.id, p.status, p.proposed_by, COALESCE(u.name, ''), p.note, p.decided_by, p.comment, p.decided_at, p.created_at`

func scanDisposal(sc interface{ Scan(...any) error }) (*chamber.ArchiveDisposal, error) {
	var d chamber.ArchiveDisposal
	var decided sql.NullInt64
	var created int64
	err := sc.Scan(&d.ID, &d.Status, &d.ProposedBy, &d.Proposer, &d.Note, &d.DecidedBy, &d.Comment, &decided, &created)
	d.DecidedAt, d.CreatedAt = nullMicros(decided), fromMicros(created)
	return &d, err
}

// ProposeDisposal draws up a destruction list of every record whose
// retention has ended and that no open or approved list holds (409 when
// there is none).
func (db *DB) ProposeDisposal(ctx context.Context, note string) (*chamber.ArchiveDisposal, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, fieldErr("note", "archive.err.comment")
	}
	today := db.today(ctx)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		due, err := expiredUnlisted(ctx, tx, today)
		if err != nil {
			return err
		}
		if len(due) == 0 {
			return chamber.Errorf(chamber.ECONFLICT, "archive.err.nothing_expired")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO archive_disposals(status, proposed_by, note, created_at) VALUES ('proposed', $1, $2, $3) RETURNING id`,
			actor.UserID, note, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		nos := make([]string, 0, len(due))
		for _, a := range due {
			if _, err := tx.ExecContext(ctx, `INSERT INTO archive_disposal_items(disposal_id, archive_id) VALUES ($1, $2)`, id, a.ID); err != nil {
				return err
			}
			nos = append(nos, a.ArchiveNo)
		}
		approvers, err := disposalApprovers(ctx, tx, today)
		if err != nil {
			return err
		}
		if len(approvers) > 0 {
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("archive-disposal:%d", id),
				Title: fmt.Sprintf("档案销毁清册待审批（%d 件）", len(due)), Body: fmt.Sprintf("/archive/disposals/%d", id), Users: approvers}); err != nil {
				return err
			}
		}
		return tx.Audit("archive.disposal.propose", "archive_disposal", id, nil, map[string]any{"note": note, "archive_nos": nos})
	})
	if err != nil {
		return nil, err
	}
	return db.FindDisposal(ctx, id)
}

// expiredUnlisted are the records past retention on no open or approved list.
func expiredUnlisted(ctx context.Context, q querier, today string) ([]*chamber.ArchiveRecord, error) {
	all, err := queryAll(ctx, q, scanArchiveState(today), `SELECT `+archiveStateColumns+` FROM archive_records a WHERE a.retention <> 'permanent'
		AND NOT EXISTS (SELECT 1 FROM archive_disposal_items i JOIN archive_disposals p ON p.id = i.disposal_id
			WHERE i.archive_id = a.id AND p.status IN ('proposed', 'approved')) ORDER BY a.year, a.id LIMIT 5000`)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, a := range all {
		if a.Expired {
			out = append(out, a)
		}
	}
	return out, nil
}

// ExpiredArchiveCount is how many records await a destruction list, for the archive page.
func (db *DB) ExpiredArchiveCount(ctx context.Context) (int, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermDocumentWrite); err != nil {
		return 0, err
	}
	due, err := expiredUnlisted(ctx, db.read, db.today(ctx))
	return len(due), err
}

// disposalApprovers hold the 秘书长 post on the day (acting holders included).
func disposalApprovers(ctx context.Context, q querier, date string) ([]chamber.ID, error) {
	var pos chamber.ID
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM positions WHERE code = $1`, chamber.PosSecretaryGeneral).Scan(&pos); err != nil || pos == 0 {
		return nil, err
	}
	return positionHolders(ctx, q, pos, date)
}

// DecideDisposal approves (the records count as destroyed from now) or
// refuses a proposed list, by the 秘书长 other than its proposer.
func (db *DB) DecideDisposal(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.ArchiveDisposal, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > 1000 {
		return nil, fieldErr("comment", "archive.err.comment")
	}
	if !approve && comment == "" {
		return nil, fieldErr("comment", "doc.err.reject_comment")
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := scanDisposal(tx.QueryRowContext(ctx, `SELECT `+disposalColumns+` FROM archive_disposals p LEFT JOIN users u ON u.id = p.proposed_by WHERE p.id = $1`, id))
		if err != nil {
			return notFound(err, "archive.err.disposal")
		}
		approvers, err := disposalApprovers(ctx, tx, db.today(ctx))
		if err != nil {
			return err
		}
		may := false
		for _, u := range approvers {
			may = may || u == actor.UserID
		}
		if !may || d.ProposedBy == actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "archive.err.not_approver")
		}
		if d.Status != chamber.DisposalProposed {
			return chamber.Errorf(chamber.ECONFLICT, "archive.err.disposal_state")
		}
		status := map[bool]string{true: chamber.DisposalApproved, false: chamber.DisposalRejected}[approve]
		if _, err := tx.ExecContext(ctx, `UPDATE archive_disposals SET status = $1, decided_by = $2, comment = $3, decided_at = $4 WHERE id = $5 AND status = 'proposed'`,
			status, actor.UserID, comment, micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("archive-disposal:%d:%s", id, status),
			Title: map[bool]string{true: "档案销毁清册已批准", false: "档案销毁清册未获批准"}[approve], Body: fmt.Sprintf("/archive/disposals/%d", id),
			Users: []chamber.ID{d.ProposedBy}}); err != nil {
			return err
		}
		return tx.Audit("archive.disposal."+status, "archive_disposal", id, map[string]string{"status": d.Status}, map[string]string{"status": status, "comment": comment})
	})
	if err != nil {
		return nil, err
	}
	return db.FindDisposal(ctx, id)
}

// FindDisposal is one destruction list with its records, for keepers and approvers.
func (db *DB) FindDisposal(ctx context.Context, id chamber.ID) (*chamber.ArchiveDisposal, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	d, err := scanDisposal(db.read.QueryRowContext(ctx, `SELECT `+disposalColumns+` FROM archive_disposals p LEFT JOIN users u ON u.id = p.proposed_by WHERE p.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "archive.err.disposal")
	}
	if d.Items, err = queryAll(ctx, db.read, scanArchiveState(db.today(ctx)), `SELECT `+archiveStateColumns+` FROM archive_records a
		JOIN archive_disposal_items i ON i.archive_id = a.id WHERE i.disposal_id = $1 ORDER BY a.year, a.id`, id); err != nil {
		return nil, err
	}
	// A listed document the caller may not read shows by its number only.
	for _, a := range d.Items {
		if ok, err := db.mayReadArchived(ctx, actor, a); err != nil {
			return nil, err
		} else if !ok {
			a.Title = ""
		}
	}
	return d, nil
}

// ListDisposals lists destruction lists, newest first, without their items.
func (db *DB) ListDisposals(ctx context.Context) ([]*chamber.ArchiveDisposal, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, db.read, scanDisposal, `SELECT `+disposalColumns+` FROM archive_disposals p LEFT JOIN users u ON u.id = p.proposed_by ORDER BY p.id DESC LIMIT 200`)
	if list == nil {
		list = []*chamber.ArchiveDisposal{}
	}
	return list, err
}

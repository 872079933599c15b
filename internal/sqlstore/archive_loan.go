package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// Borrowing (借阅): any staff login who may read a record asks to borrow
// it until a date; a keeper of the archive (document.write) other than the
// borrower approves or refuses; the keeper records the return. One record
// is out to one borrower at a time. A loan past its date is overdue and
// reminded of once (RemindDocuments). Staff see all loans if they keep the
// archive, else their own.
//
// Destruction (销毁): a keeper draws up a list of every record whose
// retention has ended and that no open or approved list holds; the
// 秘书长 (or the acting holder) other than the proposer approves it, and
// only then do its records count as destroyed; a refused list frees them.

const loanColumns = `l.id, l.archive_id, a.archive_no, a.title, l.borrower_id, COALESCE(u.name, ''), l.purpose, l.due_on, l.status,
	l.approver_id, l.comment, l.decided_at, l.returned_at, l.created_at`

const loanFrom = ` FROM archive_loans l JOIN archive_records a ON a.id = l.archive_id LEFT JOIN users u ON u.id = l.borrower_id`

func scanLoan(today string) func(sc interface{ Scan(...any) error }) (*chamber.ArchiveLoan, error) {
	return func(sc interface{ Scan(...any) error }) (*chamber.ArchiveLoan, error) {
		var l chamber.ArchiveLoan
		var decided, returned sql.NullInt64
		var created int64
		err := sc.Scan(&l.ID, &l.ArchiveID, &l.ArchiveNo, &l.Title, &l.BorrowerID, &l.Borrower, &l.Purpose, &l.DueOn, &l.Status,
			&l.ApproverID, &l.Comment, &decided, &returned, &created)
		l.DecidedAt, l.ReturnedAt, l.CreatedAt = nullMicros(decided), nullMicros(returned), fromMicros(created)
		l.Overdue = l.Status == chamber.LoanApproved && l.DueOn < today
		return &l, err
	}
}

func (db *DB) loan(ctx context.Context, q querier, id chamber.ID) (*chamber.ArchiveLoan, error) {
	l, err := scanLoan(db.today(ctx))(q.QueryRowContext(ctx, `SELECT `+loanColumns+loanFrom+` WHERE l.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "archive.err.loan")
	}
	a := chamber.ActorFrom(ctx)
	if !a.System && a.UserID != l.BorrowerID && !a.Can(chamber.PermDocumentWrite) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "archive.err.loan")
	}
	return l, nil
}

// RequestLoan asks to borrow a record the caller may read.
func (db *DB) RequestLoan(ctx context.Context, n chamber.NewArchiveLoan) (*chamber.ArchiveLoan, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := n.Validate(db.today(ctx)); err != nil {
		return nil, err
	}
	if actor.MemberID != 0 { // a member portal sees no archive
		return nil, fieldErr("archive_id", "archive.err.record")
	}
	if n.ArchiveID == 0 {
		if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM archive_records WHERE archive_no = $1`, strings.TrimSpace(n.ArchiveNo)).Scan(&n.ArchiveID); err != nil {
			return nil, err
		}
	}
	rec, err := db.archiveRecord(ctx, db.read, n.ArchiveID)
	if err != nil {
		return nil, fieldErr("archive_id", "archive.err.record")
	}
	if rec.DisposalID != 0 {
		return nil, chamber.Errorf(chamber.ECONFLICT, "archive.err.destroyed")
	}
	var id chamber.ID
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO archive_loans(archive_id, borrower_id, purpose, due_on, status, created_at)
			VALUES ($1, $2, $3, $4, 'requested', $5) RETURNING id`, n.ArchiveID, actor.UserID, n.Purpose, n.DueOn, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		keepers, err := permissionHolders(ctx, tx, chamber.PermDocumentWrite, db.today(ctx))
		if err != nil {
			return err
		}
		var to []chamber.ID
		for _, k := range keepers {
			if k != actor.UserID {
				to = append(to, k)
			}
		}
		if len(to) > 0 {
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("archive-loan:%d:requested", id),
				Title: "档案借阅申请：" + rec.ArchiveNo + " " + rec.Title, Body: "/archive#loans", Users: to}); err != nil {
				return err
			}
		}
		return tx.Audit("archive.loan.request", "archive_loan", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.loan(ctx, db.read, id)
}

// permissionHolders are the staff logins holding a permission through a post on the day.
func permissionHolders(ctx context.Context, q querier, perm chamber.Permission, date string) ([]chamber.ID, error) {
	return queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var u chamber.ID
		return u, sc.Scan(&u)
	}, `SELECT DISTINCT p.user_id FROM posts p JOIN grants g ON g.subject_kind = 'position' AND p.position_id IS NOT NULL
		AND g.subject = CAST(p.position_id AS TEXT)
		WHERE g.permission = $1 AND p.user_id IS NOT NULL AND p.user_id <> 0 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY p.user_id LIMIT 50`, string(perm), date)
}

// DecideLoan approves or refuses a request; the approver is a keeper other
// than the borrower, and a record already out cannot be lent again.
func (db *DB) DecideLoan(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.ArchiveLoan, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > 500 {
		return nil, fieldErr("comment", "archive.err.comment")
	}
	if !approve && comment == "" {
		return nil, fieldErr("comment", "doc.err.reject_comment")
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		l, err := db.loan(ctx, tx, id)
		if err != nil {
			return err
		}
		if l.Status != chamber.LoanRequested {
			return chamber.Errorf(chamber.ECONFLICT, "archive.err.loan_state")
		}
		if l.BorrowerID == actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "archive.err.own_loan")
		}
		status := chamber.LoanRejected
		if approve {
			status = chamber.LoanApproved
			var out int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM archive_loans WHERE archive_id = $1 AND status = 'approved'`, l.ArchiveID).Scan(&out); err != nil {
				return err
			}
			if out > 0 {
				return chamber.Errorf(chamber.ECONFLICT, "archive.err.on_loan")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE archive_loans SET status = $1, approver_id = $2, comment = $3, decided_at = $4 WHERE id = $5 AND status = 'requested'`,
			status, actor.UserID, comment, micros(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("archive-loan:%d:%s", id, status),
			Title: map[bool]string{true: "档案借阅已批准：", false: "档案借阅未获批准："}[approve] + l.ArchiveNo + " " + l.Title,
			Body:  "/archive#loans", Users: []chamber.ID{l.BorrowerID}}); err != nil {
			return err
		}
		return tx.Audit("archive.loan."+status, "archive_loan", id, map[string]string{"status": l.Status}, map[string]string{"status": status, "comment": comment})
	})
	if err != nil {
		return nil, err
	}
	return db.loan(ctx, db.read, id)
}

// ReturnLoan records that a keeper got the record back.
func (db *DB) ReturnLoan(ctx context.Context, id chamber.ID) (*chamber.ArchiveLoan, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		l, err := db.loan(ctx, tx, id)
		if err != nil {
			return err
		}
		if l.Status != chamber.LoanApproved {
			return chamber.Errorf(chamber.ECONFLICT, "archive.err.loan_state")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE archive_loans SET status = 'returned', returned_at = $1 WHERE id = $2 AND status = 'approved'`, micros(tx.now), id); err != nil {
			return err
		}
		return tx.Audit("archive.loan.returned", "archive_loan", id, map[string]string{"status": l.Status}, map[string]any{"status": "returned", "overdue": l.Overdue})
	})
	if err != nil {
		return nil, err
	}
	return db.loan(ctx, db.read, id)
}

// ListLoans lists loans, newest first: all for keepers, one's own for others.
func (db *DB) ListLoans(ctx context.Context, overdueOnly bool) ([]*chamber.ArchiveLoan, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	today := db.today(ctx)
	where, args := []string{"TRUE"}, []any{}
	if !actor.System && !actor.Can(chamber.PermDocumentWrite) {
		args = append(args, actor.UserID)
		where = append(where, "l.borrower_id = $"+strconv.Itoa(len(args)))
	}
	if overdueOnly {
		args = append(args, today)
		where = append(where, "l.status = 'approved' AND l.due_on < $"+strconv.Itoa(len(args)))
	}
	list, err := queryAll(ctx, db.read, scanLoan(today), `SELECT `+loanColumns+loanFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY l.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	// A keeper outside a confidential document's need-to-know sees the loan by its 档号 only.
	for _, l := range list {
		if _, err := db.archiveRecord(ctx, db.read, l.ArchiveID); chamber.ErrorCode(err) == chamber.ENOTFOUND {
			l.Title = ""
		} else if err != nil {
			return nil, err
		}
	}
	if list == nil {
		list = []*chamber.ArchiveLoan{}
	}
	return list, nil
}

// remindLoans tells each borrower of a loan past its date, once.
func remindLoans(tx *Tx, today string) (int, error) {
	ctx := tx.ctx
	late, err := queryAll(ctx, tx, scanLoan(today), `SELECT `+loanColumns+loanFrom+` WHERE l.status = 'approved' AND l.due_on < $1 AND l.reminded = FALSE
		ORDER BY l.id LIMIT 500`, today)
	if err != nil {
		return 0, err
	}
	for _, l := range late {
		if _, err := tx.ExecContext(ctx, `UPDATE archive_loans SET reminded = TRUE WHERE id = $1`, l.ID); err != nil {
			return 0, err
		}
		if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("archive-loan:%d:overdue", l.ID),
			Title: "借阅档案已逾期，请归还：" + l.ArchiveNo + " " + l.Title + "（应还日期 " + l.DueOn + "）", Body: "/archive#loans",
			Users: []chamber.ID{l.BorrowerID}}); err != nil {
			return 0, err
		}
		if err := tx.Audit("archive.loan.remind", "archive_loan", l.ID, nil, map[string]string{"due_on": l.DueOn}); err != nil {
			return 0, err
		}
	}
	return len(late), nil
}

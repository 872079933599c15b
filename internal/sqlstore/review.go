package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Annual reviews (述职考核): HR (staff.manage) opens one per subject per
// year with the facts compiled from the records; the subject's login
// writes its report; the reviewers score; HR concludes with the grade.

const reviewColumns = `id, year, subject_kind, subject_id, subject_name, writer_user_id, department_id, department, facts, weights,
	report, reported_at, total_centi, grade, status, created_at, concluded_at`

func scanReview(sc interface{ Scan(...any) error }) (*chamber.AnnualReview, error) {
	var r chamber.AnnualReview
	var facts, weights string
	var reported, concluded sql.NullInt64
	var created, centi int64
	if err := sc.Scan(&r.ID, &r.Year, &r.SubjectKind, &r.SubjectID, &r.SubjectName, &r.WriterID, &r.DepartmentID, &r.Department, &facts, &weights,
		&r.Report, &reported, &centi, &r.Grade, &r.Status, &created, &concluded); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(facts), &r.Facts); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(weights), &r.Weights); err != nil {
		return nil, err
	}
	r.ReportedAt, r.ConcludedAt, r.CreatedAt = nullMicros(reported), nullMicros(concluded), fromMicros(created)
	r.Total = float64(centi) / 100
	return &r, nil
}

func (tx *Tx) reviewers(id chamber.ID) ([]chamber.ReviewReviewer, error) {
	return queryAll(tx.ctx, tx, scanReviewer, `SELECT user_id, name, role, score, comment, scored_at FROM review_reviewers WHERE review_id = $1 ORDER BY role, user_id`, id)
}

func scanReviewer(sc interface{ Scan(...any) error }) (chamber.ReviewReviewer, error) {
	var r chamber.ReviewReviewer
	var score, at sql.NullInt64
	err := sc.Scan(&r.UserID, &r.Name, &r.Role, &score, &r.Comment, &at)
	if score.Valid {
		v := int(score.Int64)
		r.Score = &v
	}
	r.ScoredAt = nullMicros(at)
	return r, err
}

// loadReview reads a review with its reviewers, the current weighted total
// and the grade it suggests.
func (tx *Tx) loadReview(id chamber.ID) (*chamber.AnnualReview, error) {
	r, err := scanReview(tx.QueryRowContext(tx.ctx, `SELECT `+reviewColumns+` FROM reviews WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "review.err.not_found")
	}
	if r.Reviewers, err = tx.reviewers(id); err != nil {
		return nil, err
	}
	r.Total = chamber.ReviewTotal(r.Weights, r.Reviewers)
	r.Suggested = chamber.GradeFor(r.Total)
	return r, nil
}

// mayRead: HR, the subject's writer and the reviewers see a review.
func mayReadReview(a *chamber.Actor, r *chamber.AnnualReview) bool {
	if a == nil {
		return false
	}
	if a.System || a.Can(chamber.PermStaffManage) || (r.WriterID != 0 && a.UserID == r.WriterID) {
		return true
	}
	for _, x := range r.Reviewers {
		if x.UserID == a.UserID {
			return true
		}
	}
	return false
}

// CreateAnnualReview opens a subject's review of a year (staff.manage).
func (db *DB) CreateAnnualReview(ctx context.Context, n chamber.NewReview) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	span, err := db.yearSpanOf(ctx, n.Year)
	if err != nil {
		return nil, err
	}
	subj, err := db.resolveReviewSubject(ctx, n.SubjectKind, n.SubjectID, span)
	if err != nil {
		return nil, err
	}
	reviewers := n.Reviewers
	if len(reviewers) == 0 {
		if reviewers, err = db.defaultReviewers(ctx, n.SubjectKind, n.SubjectID, subj, span); err != nil {
			return nil, err
		}
	}
	weights := n.Weights
	if weights == nil {
		weights = chamber.DefaultReviewWeights(n.SubjectKind)
	}
	for _, role := range chamber.ReviewRoles {
		weights[role] += 0 // every role present
	}
	wj, err := json.Marshal(weights)
	if err != nil {
		return nil, err
	}
	var out *chamber.AnnualReview
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE year = $1 AND subject_kind = $2 AND subject_id = $3`,
			n.Year, n.SubjectKind, n.SubjectID).Scan(&c); err != nil {
			return err
		}
		if c > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "review_exists", Key: "review.err.exists"}
		}
		facts, err := tx.reviewFacts(n.SubjectKind, n.SubjectID, subj, span)
		if err != nil {
			return err
		}
		fj, err := json.Marshal(facts)
		if err != nil {
			return err
		}
		var id chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO reviews(year, subject_kind, subject_id, subject_name, writer_user_id, department_id, department,
			facts, weights, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11) RETURNING id`,
			n.Year, n.SubjectKind, n.SubjectID, subj.name, subj.writer, subj.deptID, subj.dept, string(fj), string(wj), actor.UserID, micros(tx.now)).Scan(&id); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "review_exists", Key: "review.err.exists"}
			}
			return err
		}
		for _, r := range reviewers {
			if err := tx.addReviewer(id, subj.writer, r); err != nil {
				return err
			}
		}
		if out, err = tx.loadReview(id); err != nil {
			return err
		}
		return tx.Audit("review.create", "review", id, nil, out)
	})
	return out, err
}

func (tx *Tx) addReviewer(id, writer chamber.ID, r chamber.ReviewReviewer) error {
	if r.UserID == writer && writer != 0 {
		return fieldErr("reviewers", "review.err.self")
	}
	var name string
	if err := tx.QueryRowContext(tx.ctx, `SELECT name FROM users WHERE id = $1`, r.UserID).Scan(&name); err != nil {
		return fieldErr("reviewers", "err.user_not_found")
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO review_reviewers(review_id, user_id, role, name) VALUES ($1, $2, $3, $4)
		ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role`, id, r.UserID, r.Role, name); err != nil {
		return err
	}
	return nil
}

// AddAnnualReviewer adds a reviewer (a peer, a member of the panel) while the review is open.
func (db *DB) AddAnnualReviewer(ctx context.Context, id chamber.ID, r chamber.ReviewReviewer) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if r.UserID <= 0 {
		return nil, fieldErr("user_id", "err.required")
	}
	if !containsStr(chamber.ReviewRoles, r.Role) {
		return nil, fieldErr("role", "err.invalid_value")
	}
	return db.changeReview(ctx, actor, id, "review.reviewer", func(tx *Tx, rv *chamber.AnnualReview) error {
		return tx.addReviewer(id, rv.WriterID, r)
	})
}

// changeReview runs fn on an open review the actor may see.
func (db *DB) changeReview(ctx context.Context, actor *chamber.Actor, id chamber.ID, action string, fn func(tx *Tx, r *chamber.AnnualReview) error) (*chamber.AnnualReview, error) {
	var out *chamber.AnnualReview
	err := db.Write(ctx, actor, func(tx *Tx) error {
		r, err := tx.loadReview(id)
		if err != nil {
			return err
		}
		if !mayReadReview(actor, r) {
			return chamber.Errorf(chamber.ENOTFOUND, "review.err.not_found")
		}
		if r.Status != chamber.ReviewOpen {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "review_concluded", Key: "review.err.concluded"}
		}
		if err := fn(tx, r); err != nil {
			return err
		}
		if out, err = tx.loadReview(id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reviews SET total_centi = $1 WHERE id = $2`, int64(out.Total*100+0.5), id); err != nil {
			return err
		}
		return tx.Audit(action, "review", id, r, out)
	})
	return out, err
}

// WriteAnnualReport saves the 述职报告: by the subject's own login only.
func (db *DB) WriteAnnualReport(ctx context.Context, id chamber.ID, text string) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	text, err := chamber.ValidReport(text)
	if err != nil {
		return nil, err
	}
	return db.changeReview(ctx, actor, id, "review.report", func(tx *Tx, r *chamber.AnnualReview) error {
		if r.WriterID == 0 || actor.UserID != r.WriterID {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_subject", Key: "review.err.not_subject"}
		}
		_, err := tx.ExecContext(ctx, `UPDATE reviews SET report = $1, reported_at = $2 WHERE id = $3`, text, micros(tx.now), id)
		return err
	})
}

// ScoreAnnualReview records the caller's score, 0–100: reviewers only.
func (db *DB) ScoreAnnualReview(ctx context.Context, id chamber.ID, score int, comment string) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment = strings.TrimSpace(comment)
	var f chamber.Fields
	if score < 0 || score > 100 {
		f.Add("score", "review.err.score")
	}
	if len([]rune(comment)) > 2000 {
		f.Add("comment", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return db.changeReview(ctx, actor, id, "review.score", func(tx *Tx, r *chamber.AnnualReview) error {
		res, err := tx.ExecContext(ctx, `UPDATE review_reviewers SET score = $1, comment = $2, scored_at = $3 WHERE review_id = $4 AND user_id = $5`,
			score, comment, micros(tx.now), id, actor.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_reviewer", Key: "review.err.not_reviewer"}
		}
		return nil
	})
}

// ConcludeAnnualReview fixes the grade (staff.manage); "" takes the one
// the weighted total suggests. The facts are compiled once more and kept.
func (db *DB) ConcludeAnnualReview(ctx context.Context, id chamber.ID, grade string) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if grade != "" && !containsStr(chamber.ReviewGrades, grade) {
		return nil, fieldErr("grade", "err.invalid_value")
	}
	var subj *reviewSubject
	var span yearSpan
	if r, err := db.FindAnnualReview(ctx, id); err != nil {
		return nil, err
	} else {
		if span, err = db.yearSpanOf(ctx, r.Year); err != nil {
			return nil, err
		}
		if subj, err = db.resolveReviewSubject(ctx, r.SubjectKind, r.SubjectID, span); err != nil {
			return nil, err
		}
	}
	return db.changeReview(ctx, actor, id, "review.conclude", func(tx *Tx, r *chamber.AnnualReview) error {
		g := grade
		if g == "" {
			g = r.Suggested
		}
		facts, err := tx.reviewFacts(r.SubjectKind, r.SubjectID, subj, span)
		if err != nil {
			return err
		}
		fj, err := json.Marshal(facts)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE reviews SET grade = $1, status = 'concluded', concluded_at = $2, facts = $3 WHERE id = $4`, g, micros(tx.now), string(fj), id)
		return err
	})
}

// FindAnnualReview returns a review to HR, its subject and its reviewers.
func (db *DB) FindAnnualReview(ctx context.Context, id chamber.ID) (*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	r, err := scanReview(db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "review.err.not_found")
	}
	if r.Reviewers, err = queryAll(ctx, db.read, scanReviewer, `SELECT user_id, name, role, score, comment, scored_at FROM review_reviewers WHERE review_id = $1 ORDER BY role, user_id`, id); err != nil {
		return nil, err
	}
	if !mayReadReview(actor, r) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "review.err.not_found")
	}
	r.Total = chamber.ReviewTotal(r.Weights, r.Reviewers)
	r.Suggested = chamber.GradeFor(r.Total)
	return r, nil
}

// ListAnnualReviews lists a year's reviews by department: all for HR, else
// those the caller writes or scores.
func (db *DB) ListAnnualReviews(ctx context.Context, f chamber.ReviewFilter) ([]*chamber.AnnualReview, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var conds []string
	var args []any
	add := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(c, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Year != 0 {
		add("year = ?", f.Year)
	}
	if f.SubjectKind != "" {
		add("subject_kind = ?", f.SubjectKind)
	}
	if !actor.System && !actor.Can(chamber.PermStaffManage) {
		add("(writer_user_id = ? OR id IN (SELECT review_id FROM review_reviewers WHERE user_id = ?))", actor.UserID)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	list, err := queryAll(ctx, db.read, scanReview, `SELECT `+reviewColumns+` FROM reviews`+where+` ORDER BY year DESC, subject_kind DESC, department_id, subject_name, id LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		r.Suggested = chamber.GradeFor(r.Total)
	}
	return list, nil
}

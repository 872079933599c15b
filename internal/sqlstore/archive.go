package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/chamber-org/chamber"
)

// The archive (归档). Filing needs document.write; a filed record never
// changes (triggers refuse UPDATE and DELETE). A document is filed only by
// someone who may read it, and listed only to those who may read it.

// archiveTitles finds the title of each kind of source.
var archiveTitles = map[string]string{
	"document":     `SELECT title FROM documents WHERE id = $1`,
	"meeting":      `SELECT title FROM meetings WHERE id = $1`,
	"voucher":      `SELECT number || ' ' || summary FROM vouchers WHERE id = $1`,
	"announcement": `SELECT title FROM announcements WHERE id = $1`,
	"attachment":   `SELECT name FROM attachments WHERE id = $1`,
}

const archiveColumns = `id, archive_no, source_kind, source_id, title, category, retention, year, filed_by, filed_at`

// archiveStateColumns add, to archiveColumns on archive_records a, the
// approved destruction list and whether the record is out on loan.
const archiveStateColumns = `a.id, a.archive_no, a.source_kind, a.source_id, a.title, a.category, a.retention, a.year, a.filed_by, a.filed_at,
	COALESCE((SELECT MIN(i.disposal_id) FROM archive_disposal_items i JOIN archive_disposals p ON p.id = i.disposal_id
		WHERE i.archive_id = a.id AND p.status = 'approved'), 0),
	EXISTS (SELECT 1 FROM archive_loans l WHERE l.archive_id = a.id AND l.status = 'approved')`

func scanArchive(sc interface{ Scan(...any) error }) (*chamber.ArchiveRecord, error) {
	var a chamber.ArchiveRecord
	var at int64
	err := sc.Scan(&a.ID, &a.ArchiveNo, &a.SourceKind, &a.SourceID, &a.Title, &a.Category, &a.Retention, &a.Year, &a.FiledBy, &at)
	a.FiledAt = fromMicros(at)
	a.ExpiresOn = chamber.ArchiveExpiry(a.Year, a.Retention)
	return &a, err
}

// scanArchiveState scans archiveStateColumns; expired is judged against today.
func scanArchiveState(today string) func(sc interface{ Scan(...any) error }) (*chamber.ArchiveRecord, error) {
	return func(sc interface{ Scan(...any) error }) (*chamber.ArchiveRecord, error) {
		var a chamber.ArchiveRecord
		var at int64
		err := sc.Scan(&a.ID, &a.ArchiveNo, &a.SourceKind, &a.SourceID, &a.Title, &a.Category, &a.Retention, &a.Year, &a.FiledBy, &at,
			&a.DisposalID, &a.OnLoan)
		a.FiledAt = fromMicros(at)
		a.ExpiresOn = chamber.ArchiveExpiry(a.Year, a.Retention)
		a.Expired = a.ExpiresOn != "" && a.ExpiresOn < today
		return &a, err
	}
}

// FileArchive files a record under a category with a retention period and
// gives it the next archive number of its year and period.
func (db *DB) FileArchive(ctx context.Context, n chamber.NewArchiveRecord) (*chamber.ArchiveRecord, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if n.SourceKind == "document" {
		d, err := db.FindDocument(ctx, n.SourceID)
		if err != nil {
			return nil, fieldErr("source_id", "archive.err.source")
		}
		if d.Direction == chamber.DocOutgoing && d.Status != chamber.DocIssued {
			return nil, fieldErr("source_id", "archive.err.not_final")
		}
	}
	loc := db.location(ctx)
	var out *chamber.ArchiveRecord
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, archiveTitles[n.SourceKind], n.SourceID).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("source_id", "archive.err.source")
			}
			return err
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM archive_records WHERE source_kind = $1 AND source_id = $2`, n.SourceKind, n.SourceID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "archive.err.filed")
		}
		year := tx.now.In(loc).Year()
		if n.Year > year {
			return fieldErr("year", "archive.err.year")
		}
		if n.Year != 0 {
			year = n.Year
		}
		seq, err := nextNumber(tx, "archive:"+n.Retention, year)
		if err != nil {
			return err
		}
		no := chamber.FormatArchiveNo(year, n.Retention, seq)
		if out, err = scanArchive(tx.QueryRowContext(ctx, `INSERT INTO archive_records(archive_no, source_kind, source_id, title, category, retention, year, filed_by, filed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+archiveColumns,
			no, n.SourceKind, n.SourceID, strings.TrimSpace(title), n.Category, n.Retention, year, actor.UserID, micros(tx.now))); err != nil {
			return err
		}
		if err := indexArchive(tx, out.ID); err != nil {
			return err
		}
		return tx.Audit("archive.file", "archive", out.ID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListArchive lists filed records, newest first, without the documents
// the caller may not read.
func (db *DB) ListArchive(ctx context.Context) ([]*chamber.ArchiveRecord, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermDocumentWrite); err != nil {
		return nil, err
	}
	all, err := queryAll(ctx, db.read, scanArchiveState(db.today(ctx)), `SELECT `+archiveStateColumns+` FROM archive_records a ORDER BY a.id DESC LIMIT 1000`)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, a := range all {
		if ok, err := db.mayReadArchived(ctx, actor, a); err != nil {
			return nil, err
		} else if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// mayReadArchived: a filed document only to those who may read the document.
func (db *DB) mayReadArchived(ctx context.Context, actor *chamber.Actor, a *chamber.ArchiveRecord) (bool, error) {
	if a.SourceKind != "document" {
		return true, nil
	}
	d, err := db.loadDocument(ctx, db.read, a.SourceID)
	if err != nil {
		if chamber.ErrorCode(err) == chamber.ENOTFOUND {
			return false, nil
		}
		return false, err
	}
	return mayReadDocument(actor, d), nil
}

// archiveRecord is one record with its state, to those who may read it.
func (db *DB) archiveRecord(ctx context.Context, q querier, id chamber.ID) (*chamber.ArchiveRecord, error) {
	a, err := scanArchiveState(db.today(ctx))(q.QueryRowContext(ctx, `SELECT `+archiveStateColumns+` FROM archive_records a WHERE a.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "archive.err.record")
	}
	if ok, err := db.mayReadArchived(ctx, chamber.ActorFrom(ctx), a); err != nil {
		return nil, err
	} else if !ok {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "archive.err.record")
	}
	return a, nil
}

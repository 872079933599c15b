package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

const attachmentColumns = `id, owner_kind, owner_id, hash, name, content_type, size, created_by, created_at`

func scanAttachment(sc interface{ Scan(...any) error }) (*chamber.Attachment, error) {
	var a chamber.Attachment
	var at int64
	if err := sc.Scan(&a.ID, &a.OwnerKind, &a.OwnerID, &a.Hash, &a.Name, &a.ContentType, &a.Size, &a.CreatedBy, &at); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(at)
	return &a, nil
}

// mayReadOwner applies the owner's own read rule; anything not readable is
// "not found", so an attachment does not reveal that its owner exists.
func (db *DB) mayReadOwner(ctx context.Context, actor *chamber.Actor, kind string, id chamber.ID) error {
	if actor == nil {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	notFound := chamber.Errorf(chamber.ENOTFOUND, "att.err.not_found")
	switch kind {
	case chamber.OwnerVoucher:
		if !actor.Can(chamber.PermFinanceRead) {
			return notFound
		}
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM vouchers WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound
		}
	case chamber.OwnerReimbursement:
		r, err := db.loadClaim(ctx, db.read, id)
		if err != nil {
			return notFoundAs(err, notFound)
		}
		if !mayReadClaim(actor, r) {
			return notFound
		}
	case chamber.OwnerAnnouncement:
		a, err := db.announcement(ctx, id)
		if err != nil {
			return notFoundAs(err, notFound)
		}
		if !canManageAnnouncements(actor) {
			if a.Status != chamber.AnnPublished {
				return notFound
			}
			if a.Audience != chamber.AudiencePublic {
				if _, err := db.deliveryFor(ctx, actor, id); err != nil {
					return notFoundAs(err, notFound)
				}
			}
		}
	case chamber.OwnerTicket:
		t, err := db.ticket(ctx, id)
		if err != nil {
			return notFoundAs(err, notFound)
		}
		if !mayReadTicket(actor, t) {
			return notFound
		}
	case chamber.OwnerAgreement:
		if !actor.Can(chamber.PermRelationsRead) {
			return notFound
		}
		if ok, err := exists(ctx, db.read, "agreements", id); err != nil {
			return err
		} else if !ok {
			return notFound
		}
	case chamber.OwnerApplicant: // a CV: HR's only
		if _, err := db.FindApplicant(chamber.WithActor(ctx, actor), id); err != nil {
			return notFoundAs(err, notFound)
		}
	case chamber.OwnerDocument:
		d, err := db.loadDocument(ctx, db.read, id)
		if err != nil {
			return notFoundAs(err, notFound)
		}
		if !mayReadDocument(actor, d) {
			return notFound
		}
	case chamber.OwnerKBItem:
		if _, err := db.FindKBItem(chamber.WithActor(ctx, actor), id); err != nil {
			return notFoundAs(err, notFound)
		}
	case chamber.OwnerJournalIssue:
		if _, err := db.FindJournalIssue(chamber.WithActor(ctx, actor), id); err != nil {
			return notFoundAs(err, notFound)
		}
	case chamber.OwnerMemberProfile: // its member's and staff's; the public logo is ShowcaseLogo
		if _, err := db.FindMemberProfile(chamber.WithActor(ctx, actor), id); err != nil {
			return notFoundAs(err, notFound)
		}
	case chamber.OwnerAgendaItem:
		meetingID, _, err := db.agendaMeeting(ctx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound
		}
		if err != nil {
			return err
		}
		ok, err := db.mayReadMaterials(ctx, actor, meetingID)
		if err != nil {
			return err
		}
		if !ok {
			return notFound
		}
	default:
		return notFound
	}
	return nil
}

// notFoundAs turns an ENOTFOUND into nf and passes other errors on.
func notFoundAs(err, nf error) error {
	var e *chamber.Error
	if errors.As(err, &e) && e.Code == chamber.ENOTFOUND {
		return nf
	}
	return err
}

// MayAttach: a voucher takes files from finance.post holders; a claim from
// its claimant or finance.post; an announcement from announcement.write
// while it is a draft (once approved or published its content is fixed: 409).
func (db *DB) MayAttach(ctx context.Context, kind string, id chamber.ID) error {
	return db.mayAttach(ctx, db.read, kind, id)
}

func (db *DB) mayAttach(ctx context.Context, q rowQuerier, kind string, id chamber.ID) error {
	actor := chamber.ActorFrom(ctx)
	if !chamber.ValidOwnerKind(kind) {
		return chamber.Fields{{Field: "owner_kind", Key: "att.err.owner_kind"}}.Err()
	}
	if err := db.mayReadOwner(ctx, actor, kind, id); err != nil {
		return err
	}
	switch kind {
	case chamber.OwnerVoucher:
		return actor.Require(chamber.PermFinancePost)
	case chamber.OwnerReimbursement:
		var claimant chamber.ID
		if err := q.QueryRowContext(ctx, `SELECT claimant_id FROM reimbursements WHERE id = $1`, id).Scan(&claimant); err != nil {
			return notFound(err, "att.err.not_found")
		}
		if actor.UserID != 0 && actor.UserID == claimant {
			return nil
		}
		return actor.Require(chamber.PermFinancePost)
	case chamber.OwnerAnnouncement:
		if err := actor.Require(chamber.PermAnnounceWrite); err != nil {
			return err
		}
		var status string
		if err := q.QueryRowContext(ctx, `SELECT status FROM announcements WHERE id = $1`, id).Scan(&status); err != nil {
			return notFound(err, "att.err.not_found")
		}
		if status != chamber.AnnDraft {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "announcement_not_draft", Key: "att.err.ann_not_draft"}
		}
	case chamber.OwnerTicket:
		var status string
		if err := q.QueryRowContext(ctx, `SELECT status FROM tickets WHERE id = $1`, id).Scan(&status); err != nil {
			return notFound(err, "att.err.not_found")
		}
		if status == chamber.TicketResolved {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "ticket_resolved", Key: "ticket.err.resolved"}
		}
	case chamber.OwnerAgreement:
		return actor.Require(chamber.PermRelationsWrite)
	case chamber.OwnerApplicant: // mayReadOwner made sure the caller is HR
	case chamber.OwnerDocument:
		// A draft's annexes by its author, an incoming document's scan by
		// the registry until it is done; an issued document never changes.
		if err := actor.Require(chamber.PermDocumentWrite); err != nil {
			return err
		}
		var status, direction string
		var author chamber.ID
		if err := q.QueryRowContext(ctx, `SELECT status, direction, author_id FROM documents WHERE id = $1`, id).Scan(&status, &direction, &author); err != nil {
			return notFound(err, "att.err.not_found")
		}
		if direction == chamber.DocOutgoing && status != chamber.DocDraft || direction == chamber.DocIncoming && status == chamber.DocDone {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "document_not_draft", Key: "doc.err.not_draft"}
		}
		if direction == chamber.DocOutgoing && author != actor.UserID {
			return chamber.Errorf(chamber.EFORBIDDEN, "doc.err.not_author")
		}
	case chamber.OwnerKBItem:
		return mayWriteKB(actor)
	case chamber.OwnerJournalIssue:
		return actor.Require(chamber.PermAnnounceWrite)
	case chamber.OwnerMemberProfile: // mayReadOwner made sure it is the caller's member's, or staff's
	case chamber.OwnerAgendaItem:
		if err := actor.Require(chamber.PermMeetingManage); err != nil {
			return err
		}
		if _, status, err := db.agendaMeeting(ctx, id); err != nil {
			return notFound(err, "att.err.not_found")
		} else if status == chamber.MeetingClosed {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "meeting_closed", Key: "err.meeting_closed"}
		}
	}
	return nil
}

// AddAttachment records a stored file on its owner, audited in the same transaction.
func (db *DB) AddAttachment(ctx context.Context, in chamber.NewAttachment) (*chamber.Attachment, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	in.Name = chamber.CleanAttachmentName(in.Name)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Attachment
	err := db.Write(ctx, actor, func(tx *Tx) error {
		// Checked again inside the transaction: the draft may have been approved meanwhile.
		if err := db.mayAttach(ctx, tx, in.OwnerKind, in.OwnerID); err != nil {
			return err
		}
		a, err := scanAttachment(tx.QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, hash, name, content_type, size, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+attachmentColumns,
			in.OwnerKind, in.OwnerID, in.Hash, in.Name, in.ContentType, in.Size, actor.UserID, micros(tx.Now())))
		if err != nil {
			return err
		}
		out = a
		if in.Text != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO attachment_texts(attachment_id, text) VALUES ($1, $2)`, a.ID, in.Text); err != nil {
				return err
			}
			if err := writeTokens(tx, "attachment_search", "attachment_id", a.ID, search.Indexed(in.Name, in.Text)); err != nil {
				return err
			}
		} else if err := writeTokens(tx, "attachment_search", "attachment_id", a.ID, search.Indexed(in.Name)); err != nil {
			return err
		}
		return tx.Audit("attachment.add", in.OwnerKind, in.OwnerID, nil, a)
	})
	return out, err
}

// ListAttachments lists an owner's files, oldest first.
func (db *DB) ListAttachments(ctx context.Context, kind string, id chamber.ID) ([]*chamber.Attachment, error) {
	if err := db.mayReadOwner(ctx, chamber.ActorFrom(ctx), kind, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id LIMIT 500`, kind, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*chamber.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindAttachment is one attachment to those who may read its owner.
func (db *DB) FindAttachment(ctx context.Context, id chamber.ID) (*chamber.Attachment, error) {
	a, err := scanAttachment(db.read.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "att.err.not_found")
	}
	actor := chamber.ActorFrom(ctx)
	if err := db.mayReadOwner(ctx, actor, a.OwnerKind, a.OwnerID); err != nil {
		return nil, err
	}
	if a.OwnerKind == chamber.OwnerDocument && !actor.System {
		// Opening an annex of a confidential document is a read of it, logged.
		if _, err := db.FindDocument(ctx, a.OwnerID); err != nil {
			return nil, err
		}
	}
	return a, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/chamber-org/chamber"
)

// Charity campaigns (公益募捐). Holders of event.manage open a campaign for
// a charity event and record pledges; finance.post receives a pledge,
// which records the finance donation (restricted to the campaign's
// purpose) with its voucher lines tagged with the event. Raised is Σ those
// donations, spent Σ the expense lines tagged with the event, so the
// public report is what the books say.

const campaignColumns = `c.id, c.event_id, e.title, c.title, c.purpose, c.goal_fen, c.public,
	(SELECT COALESCE(SUM(p.amount_fen), 0) FROM charity_pledges p WHERE p.campaign_id = c.id),
	(SELECT COALESCE(SUM(d.amount_fen), 0) FROM donations d WHERE d.event_id = c.event_id),
	(SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) FROM voucher_lines l JOIN accounts a ON a.code = l.account
		WHERE l.event_id = c.event_id AND a.kind = 'expense'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = c.event_id AND r.status = 'confirmed')`

const campaignFrom = ` FROM charity_campaigns c JOIN events e ON e.id = c.event_id`

func scanCampaign(sc interface{ Scan(...any) error }) (*chamber.CharityCampaign, error) {
	var c chamber.CharityCampaign
	return &c, sc.Scan(&c.ID, &c.EventID, &c.EventTitle, &c.Title, &c.Purpose, &c.GoalFen, &c.Public,
		&c.PledgedFen, &c.RaisedFen, &c.SpentFen, &c.Participants)
}

// CreateCharityCampaign opens a campaign for a charity event (event.manage).
func (db *DB) CreateCharityCampaign(ctx context.Context, n chamber.NewCharityCampaign) (*chamber.CharityCampaign, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var kind string
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM events WHERE id = $1`, n.EventID).Scan(&kind); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("event_id", "event.err.not_found")
			}
			return err
		}
		if kind != string(chamber.EventCharity) {
			return fieldErr("event_id", "charity.err.not_charity")
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM charity_campaigns WHERE event_id = $1`, n.EventID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "charity.err.exists")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO charity_campaigns(event_id, title, purpose, goal_fen, public, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, n.EventID, n.Title, n.Purpose, n.GoalFen, n.Public, actor.UserID, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("charity.create", "charity_campaign", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.campaign(ctx, id, true)
}

func (db *DB) campaign(ctx context.Context, id chamber.ID, withPledges bool) (*chamber.CharityCampaign, error) {
	c, err := scanCampaign(db.read.QueryRowContext(ctx, `SELECT `+campaignColumns+campaignFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "charity.err.not_found")
	}
	if withPledges {
		c.Pledges, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.CharityPledge, error) {
			var p chamber.CharityPledge
			return &p, sc.Scan(&p.ID, &p.CampaignID, &p.Donor, &p.MemberID, &p.AmountFen, &p.Note, &p.DonationID, &p.ReceiptNo)
		}, `SELECT p.id, p.campaign_id, p.donor, p.member_id, p.amount_fen, p.note, p.donation_id, COALESCE(d.receipt_no, '')
			FROM charity_pledges p LEFT JOIN donations d ON d.id = p.donation_id WHERE p.campaign_id = $1 ORDER BY p.id`, id)
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// mayReadCampaign: staff see every campaign, everyone else public ones of
// published events.
func (db *DB) mayReadCampaign(ctx context.Context, c *chamber.CharityCampaign) bool {
	if chamber.ActorFrom(ctx).Can(chamber.PermEventManage) {
		return true
	}
	var status string
	if err := db.read.QueryRowContext(ctx, `SELECT status FROM events WHERE id = $1`, c.EventID).Scan(&status); err != nil {
		return false
	}
	return c.Public && status != chamber.EventDraft
}

// FindCharityCampaign reads a campaign; its pledges only for staff.
func (db *DB) FindCharityCampaign(ctx context.Context, id chamber.ID) (*chamber.CharityCampaign, error) {
	staff := chamber.ActorFrom(ctx).Can(chamber.PermEventManage)
	c, err := db.campaign(ctx, id, staff)
	if err != nil {
		return nil, err
	}
	if !db.mayReadCampaign(ctx, c) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "charity.err.not_found")
	}
	return c, nil
}

// ListCharityCampaigns lists campaigns, newest first: staff all, others
// the public ones of published events.
func (db *DB) ListCharityCampaigns(ctx context.Context) ([]*chamber.CharityCampaign, error) {
	where := ""
	if !chamber.ActorFrom(ctx).Can(chamber.PermEventManage) {
		where = ` WHERE c.public AND e.status <> 'draft'`
	}
	return queryAll(ctx, db.read, scanCampaign, `SELECT `+campaignColumns+campaignFrom+where+` ORDER BY e.starts_at DESC, c.id DESC LIMIT 200`)
}

// Pledge records a donor's pledge (event.manage).
func (db *DB) Pledge(ctx context.Context, campaignID chamber.ID, n chamber.NewCharityPledge) (*chamber.CharityPledge, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	p := &chamber.CharityPledge{CampaignID: campaignID, Donor: n.Donor, MemberID: n.MemberID, AmountFen: n.AmountFen, Note: n.Note}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM charity_campaigns WHERE id = $1`, campaignID).Scan(&one); err != nil {
			return notFound(err, "charity.err.not_found")
		}
		if n.MemberID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM members WHERE id = $1`, n.MemberID).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("member_id", "err.member_not_found")
				}
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO charity_pledges(campaign_id, donor, member_id, amount_fen, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, campaignID, n.Donor, n.MemberID, n.AmountFen, n.Note, actor.UserID, micros(tx.now)).Scan(&p.ID); err != nil {
			return err
		}
		return tx.Audit("charity.pledge", "charity_pledge", p.ID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ReceivePledge takes a pledge's money (finance.post), once: the finance
// donation, restricted to the campaign's purpose, tagged with its event.
func (db *DB) ReceivePledge(ctx context.Context, pledgeID chamber.ID, in chamber.PledgeReceipt) (*chamber.Donation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	in.CashAccount = strings.TrimSpace(in.CashAccount)
	if in.CashAccount == "" {
		in.CashAccount = "100201"
	}
	var d *chamber.Donation
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var p chamber.CharityPledge
		var eventID chamber.ID
		var purpose string
		if err := tx.QueryRowContext(ctx, `SELECT p.donor, p.member_id, p.amount_fen, p.donation_id, c.event_id, c.purpose
			FROM charity_pledges p JOIN charity_campaigns c ON c.id = p.campaign_id WHERE p.id = $1`, pledgeID).
			Scan(&p.Donor, &p.MemberID, &p.AmountFen, &p.DonationID, &eventID, &purpose); err != nil {
			return notFound(err, "charity.err.pledge_not_found")
		}
		if p.DonationID != 0 {
			return chamber.Errorf(chamber.ECONFLICT, "charity.err.received")
		}
		n := chamber.NewDonation{Donor: p.Donor, Date: in.Date, AmountFen: p.AmountFen, Restricted: true, Purpose: purpose,
			CashAccount: in.CashAccount, MemberID: p.MemberID, EventID: eventID}
		if err := n.Validate(); err != nil {
			return err
		}
		var err error
		if d, err = tx.recordDonation(n); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE charity_pledges SET donation_id = $2 WHERE id = $1 AND donation_id = 0`, pledgeID, d.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return chamber.Errorf(chamber.ECONFLICT, "charity.err.received")
		}
		return tx.Audit("charity.receive", "charity_pledge", pledgeID, map[string]any{"donation_id": 0}, map[string]any{"donation_id": d.ID})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// CharityReportOf is a campaign's report: who gave what (with receipt
// numbers) and what it was spent on, from the ledger.
func (db *DB) CharityReportOf(ctx context.Context, id chamber.ID) (*chamber.CharityReport, error) {
	c, err := db.FindCharityCampaign(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Pledges = nil
	r := &chamber.CharityReport{Campaign: c, BalanceFen: c.RaisedFen - c.SpentFen}
	if r.Donors, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.CharityReportGift, error) {
		var g chamber.CharityReportGift
		return g, sc.Scan(&g.Donor, &g.Date, &g.AmountFen, &g.ReceiptNo)
	}, `SELECT donor, date, amount_fen, receipt_no FROM donations WHERE event_id = $1 ORDER BY date, id`, c.EventID); err != nil {
		return nil, err
	}
	if r.Spending, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.CharityReportSpend, error) {
		var s chamber.CharityReportSpend
		return s, sc.Scan(&s.Date, &s.Memo, &s.AccountName, &s.AmountFen)
	}, `SELECT l.date, l.memo, a.name, l.debit_fen - l.credit_fen FROM voucher_lines l JOIN accounts a ON a.code = l.account
		WHERE l.event_id = $1 AND a.kind = 'expense' ORDER BY l.date, l.voucher_id, l.line_no`, c.EventID); err != nil {
		return nil, err
	}
	if r.Donors == nil {
		r.Donors = []chamber.CharityReportGift{}
	}
	if r.Spending == nil {
		r.Spending = []chamber.CharityReportSpend{}
	}
	return r, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// The voice of members: a period's requests counted by kind, industry,
// region and outcome (holders of ticket.handle), and the typical cases.
// A request counts in the period it was filed in; "on time" is resolved
// by its deadline, as in the annual report.

// periodMicros turns dates from–to (both included, the chamber's zone)
// into [start, end) in micros.
func (db *DB) periodMicros(ctx context.Context, from, to string) (int64, int64, error) {
	fd, ok1 := chamber.ParseDate(from)
	td, ok2 := chamber.ParseDate(to)
	var f chamber.Fields
	if !ok1 {
		f.Add("from", "err.date")
	}
	if !ok2 || (ok1 && td.Before(fd)) {
		f.Add("to", "err.date")
	}
	if err := f.Err(); err != nil {
		return 0, 0, err
	}
	loc := db.location(ctx)
	start := time.Date(fd.Year(), fd.Month(), fd.Day(), 0, 0, 0, 0, loc)
	end := time.Date(td.Year(), td.Month(), td.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	return micros(start), micros(end), nil
}

// voiceTally adds requests up into one group.
type voiceTally struct {
	chamber.VoiceGroup
	rated, ratingSum int
}

func (v *voiceTally) add(resolved, onTime bool, rating int) {
	v.Count++
	if resolved {
		v.Resolved++
	}
	if onTime {
		v.OnTime++
	}
	if rating > 0 {
		v.rated++
		v.ratingSum += rating
	}
}

func (v *voiceTally) group() chamber.VoiceGroup {
	g := v.VoiceGroup
	if g.Resolved > 0 {
		g.OnTimeShare = float64(int(float64(g.OnTime)*10000/float64(g.Resolved)+0.5)) / 10000
	}
	g.SatisfactionAvg = RatingAvg(v.ratingSum, v.rated)
	return g
}

// groups lists a breakdown: in the order of keys first (kinds, outcomes),
// then the rest by count, largest first.
func groups(m map[string]*voiceTally, order []string) []chamber.VoiceGroup {
	out := []chamber.VoiceGroup{}
	seen := map[string]bool{}
	for _, k := range order {
		if t := m[k]; t != nil {
			out = append(out, t.group())
		}
		seen[k] = true
	}
	var rest []chamber.VoiceGroup
	for k, t := range m {
		if !seen[k] {
			rest = append(rest, t.group())
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if rest[i].Count != rest[j].Count {
			return rest[i].Count > rest[j].Count
		}
		return rest[i].Key < rest[j].Key
	})
	return append(out, rest...)
}

// VoiceReport counts the requests filed from–to.
func (db *DB) VoiceReport(ctx context.Context, from, to string) (*chamber.VoiceReport, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermTicketHandle); err != nil {
		return nil, err
	}
	start, end, err := db.periodMicros(ctx, from, to)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT t.kind, COALESCE(m.industry, ''), COALESCE(m.region, ''), t.status,
		CASE WHEN t.status = 'resolved' AND t.resolved_at <= t.due_at THEN 1 ELSE 0 END,
		CASE WHEN EXISTS (SELECT 1 FROM ticket_referrals f WHERE f.ticket_id = t.id) THEN 1 ELSE 0 END, t.rating
		FROM tickets t LEFT JOIN members m ON m.id = t.member_id WHERE t.created_at >= $1 AND t.created_at < $2`, start, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var total voiceTally
	by := [4]map[string]*voiceTally{{}, {}, {}, {}}
	for rows.Next() {
		var kind, industry, region, status string
		var onTime, referred, rating int
		if err := rows.Scan(&kind, &industry, &region, &status, &onTime, &referred, &rating); err != nil {
			return nil, err
		}
		outcome := "pending"
		if status == chamber.TicketResolved {
			outcome = "resolved"
			if referred == 1 {
				outcome = "referred"
			}
		}
		resolved := status == chamber.TicketResolved
		total.add(resolved, onTime == 1, rating)
		for i, k := range []string{kind, strings.TrimSpace(industry), strings.TrimSpace(region), outcome} {
			t := by[i][k]
			if t == nil {
				t = &voiceTally{VoiceGroup: chamber.VoiceGroup{Key: k}}
				by[i][k] = t
			}
			t.add(resolved, onTime == 1, rating)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kinds := make([]string, len(chamber.TicketKinds))
	for i, k := range chamber.TicketKinds {
		kinds[i] = string(k)
	}
	rep := &chamber.VoiceReport{From: from, To: to, Total: total.group(),
		ByKind: groups(by[0], kinds), ByIndustry: groups(by[1], nil), ByRegion: groups(by[2], nil), ByOutcome: groups(by[3], chamber.VoiceOutcomes)}
	rep.Total.Key = "total"
	if rep.Cases, err = db.typicalCases(ctx, start, end); err != nil {
		return nil, err
	}
	return rep, nil
}

const typicalCaseColumns = `c.id, c.ticket_id, t.kind, c.title, c.anonymised, c.announcement_id, COALESCE(a.status, ''), c.created_by, c.created_at`

func scanTypicalCase(sc interface{ Scan(...any) error }) (*chamber.TypicalCase, error) {
	var c chamber.TypicalCase
	var at int64
	err := sc.Scan(&c.ID, &c.TicketID, &c.Kind, &c.Title, &c.Anonymised, &c.AnnouncementID, &c.AnnouncementStatus, &c.CreatedBy, &at)
	c.CreatedAt = fromMicros(at)
	return &c, err
}

func (db *DB) typicalCases(ctx context.Context, start, end int64) ([]*chamber.TypicalCase, error) {
	out, err := queryAll(ctx, db.read, scanTypicalCase, `SELECT `+typicalCaseColumns+` FROM typical_cases c
		JOIN tickets t ON t.id = c.ticket_id LEFT JOIN announcements a ON a.id = c.announcement_id
		WHERE t.created_at >= $1 AND t.created_at < $2 ORDER BY c.id LIMIT 200`, start, end)
	if out == nil && err == nil {
		out = []*chamber.TypicalCase{}
	}
	return out, err
}

// TypicalCases lists the typical cases of the requests filed from–to.
func (db *DB) TypicalCases(ctx context.Context, from, to string) ([]*chamber.TypicalCase, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermTicketHandle); err != nil {
		return nil, err
	}
	start, end, err := db.periodMicros(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return db.typicalCases(ctx, start, end)
}

// anonymise replaces the member's name and its people's in s.
func anonymise(s string, names []string) string {
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, n := range names {
		if n = strings.TrimSpace(n); len([]rune(n)) >= 2 {
			s = strings.ReplaceAll(s, n, chamber.AnonymousMember)
		}
	}
	return s
}

// MarkTypicalCase turns a resolved request into a draft announcement
// (a disclosure, to the public unless told otherwise) awaiting approval:
// nothing is published here; PublishAnnouncement asks for the approval of
// such a draft even where the chamber's setting would not.
func (db *DB) MarkTypicalCase(ctx context.Context, ticketID chamber.ID, n chamber.NewTypicalCase) (*chamber.TypicalCase, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermTicketHandle); err != nil {
		return nil, err
	}
	t, err := db.ticket(ctx, ticketID)
	if err != nil {
		return nil, err
	}
	if t.Status != chamber.TicketResolved {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "ticket_not_resolved", Key: "voice.err.not_resolved"}
	}
	kindName := map[chamber.TicketKind]string{chamber.TicketInquiry: "咨询", chamber.TicketComplaint: "投诉", chamber.TicketLegalAid: "法律维权",
		chamber.TicketPolicy: "政策咨询", chamber.TicketFinancing: "融资协调", chamber.TicketPetition: "信访", chamber.TicketRights: "权益维护"}[t.Kind]
	in := chamber.AnnouncementInput{Kind: chamber.KindDisclosure, Category: chamber.DisclosureOther, Audience: n.Audience,
		Title: strings.TrimSpace(n.Title), Body: n.Body}
	if in.Title == "" {
		in.Title = "典型事例：" + t.Subject
	}
	if strings.TrimSpace(in.Body) == "" {
		in.Body = "【" + kindName + "】" + t.Subject + "\n\n基本情况：" + t.Body + "\n\n处理结果：" + t.Outcome
	}
	if in.Audience == "" {
		in.Audience = chamber.AudiencePublic
	}
	if n.Anonymise {
		names := []string{t.MemberName, t.RequesterName}
		if t.MemberID != 0 {
			if m, err := db.FindMember(chamber.WithActor(ctx, chamber.SystemActor), t.MemberID); err == nil {
				names = append(names, m.ContactName, m.LegalRep)
			}
		}
		in.Title, in.Body = anonymise(in.Title, names), anonymise(in.Body, names)
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := checkAudience(ctx, db.read, in.Audience); err != nil {
		return nil, err
	}
	who, err := db.WhoMay(chamber.WithActor(ctx, chamber.SystemActor), chamber.PermAnnounceApprove, db.today(ctx))
	if err != nil {
		return nil, err
	}
	approverIDs := make([]chamber.ID, 0, len(who))
	for _, u := range who {
		approverIDs = append(approverIDs, u.ID)
	}
	var id chamber.ID
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var annID chamber.ID
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO announcements(kind, category, year, title, body, audience, require_ack,
			status, author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, FALSE, 'draft', $7, $8, $8) RETURNING id`,
			in.Kind, in.Category, in.Year, in.Title, in.Body, string(in.Audience), actor.UserID, now).Scan(&annID); err != nil {
			return err
		}
		if err := indexAnnouncement(tx, annID); err != nil {
			return err
		}
		if err := tx.Audit("announcement.create", "announcement", annID, nil, in); err != nil {
			return err
		}
		// The approvers find it in their inbox.
		var approvers []chamber.ID
		for _, u := range approverIDs {
			if u != actor.UserID {
				approvers = append(approvers, u)
			}
		}
		if len(approvers) > 0 {
			if _, err := tx.Notify(chamber.Notification{Key: "typical_case:" + strconv.FormatInt(annID, 10) + ":approve",
				Title: "典型事例待审核：" + in.Title, Body: "/announcements/" + strconv.FormatInt(annID, 10), Users: approvers}); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO typical_cases(ticket_id, announcement_id, title, anonymised, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, ticketID, annID, in.Title, n.Anonymise, actor.UserID, now).Scan(&id)
		if isUniqueViolation(err) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_marked", Key: "voice.err.already_marked"}
		}
		if err != nil {
			return err
		}
		return tx.Audit("ticket.typical_case", "ticket", ticketID, nil, map[string]any{"typical_case_id": id, "announcement_id": annID, "anonymised": n.Anonymise})
	})
	if err != nil {
		return nil, err
	}
	return scanTypicalCase(db.read.QueryRowContext(ctx, `SELECT `+typicalCaseColumns+` FROM typical_cases c
		JOIN tickets t ON t.id = c.ticket_id LEFT JOIN announcements a ON a.id = c.announcement_id WHERE c.id = $1`, id))
}

// isTypicalCase reports whether an announcement is a typical case's.
func (tx *Tx) isTypicalCase(annID chamber.ID) (bool, error) {
	var id chamber.ID
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM typical_cases WHERE announcement_id = $1`, annID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// The audit log records, for each state change, the state it left behind.
// verifyState replays those states in order and compares the last recorded
// state of every row with the row in the tables: an edit made past the
// application (triggers dropped, a file patched) leaves a row that no
// audit record explains, and verify names the record whose state no
// longer holds (or the row no record explains).

// stateEdit is what one audit record says about one row.
type stateEdit struct {
	kind   string
	id     chamber.ID
	fields map[string]json.RawMessage
	full   bool // every field of the row (absent = zero value)
}

// fieldState is the value a field had when an audit record last set it.
type fieldState struct {
	raw json.RawMessage
	seq int64
}

type rowState struct {
	fields  map[string]fieldState
	fullSeq int64 // last full image (0 = only partial records)
	created int64 // first record naming the row
}

// stateKind is one kind of audited row: how to read the table and which
// fields the comparison skips (derived or kept without an audit record).
type stateKind struct {
	kind     string
	load     func(ctx context.Context, q querier) (map[chamber.ID]map[string]json.RawMessage, error)
	ignore   []string
	complete bool // every row must be explained by an audit record
	// seeded: complete unless the installation was seeded before org.seed
	// recorded what it created.
	seeded bool
}

// finding is one difference between the tables and the audit log.
type finding struct {
	seq     int64  // the audit record whose state no longer holds, 0 if none
	record  string // the row, e.g. "member 12"
	problem string
}

func objectOf(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

func idOf(m map[string]json.RawMessage, key string) chamber.ID {
	var id chamber.ID
	if m != nil {
		_ = json.Unmarshal(m[key], &id)
	}
	return id
}

func pick(m map[string]json.RawMessage, keys ...string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, k := range keys {
		from, to, ok := strings.Cut(k, ":")
		if !ok {
			to = from
		}
		if v, ok := m[from]; ok {
			out[to] = v
		}
	}
	return out
}

func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// stateEdits translates one audit record into the row states it records.
func stateEdits(r *chamber.AuditRecord) []stateEdit {
	after := objectOf(r.After)
	full := func(kind string) []stateEdit {
		if after == nil {
			return nil
		}
		return []stateEdit{{kind: kind, id: r.EntityID, fields: after, full: true}}
	}
	part := func(kind string, keys ...string) []stateEdit {
		if after == nil {
			return nil
		}
		return []stateEdit{{kind: kind, id: r.EntityID, fields: pick(after, keys...)}}
	}
	switch r.Action {
	case "member.create", "member.update", "member.update_own":
		return full("member")
	case "member.status":
		return part("member", "status")
	case "member.lapse":
		return part("member", "lapsed")
	case "user.create":
		return full("user")
	case "user.disable":
		return part("user", "disabled")
	case "token.create":
		e := full("api_token")
		if e != nil {
			e[0].fields["revoked"] = rawJSON(false)
		}
		return e
	case "token.revoke":
		return []stateEdit{{kind: "api_token", id: r.EntityID, fields: map[string]json.RawMessage{"revoked": rawJSON(true)}}}
	case "org.seed":
		var seed struct {
			Created map[string][]map[string]json.RawMessage `json:"created"`
		}
		if json.Unmarshal(r.After, &seed) != nil {
			return nil
		}
		var out []stateEdit
		for kind, rows := range seed.Created {
			for _, row := range rows {
				out = append(out, stateEdit{kind: kind, id: idOf(row, "id"), fields: row, full: true})
			}
		}
		return out
	case "body.create", "body.update":
		return full("body")
	case "term.create":
		if after == nil {
			return nil
		}
		return []stateEdit{{kind: "term", id: idOf(after, "id"), fields: after, full: true}}
	case "department.create", "department.update":
		return full("department")
	case "position.create", "position.update":
		return full("position")
	case "post.appoint", "post.end":
		return full("post")
	case "motion.close", "motion.paper_confirmed":
		return full("motion")
	case "election.close":
		return full("election")
	case "dues.payment", "dues.adjust":
		sub, kind, key := "payment", "dues_payment", "paid_fen"
		if r.Action == "dues.adjust" {
			sub, kind, key = "adjustment", "dues_adjustment", "adjusted_fen"
		}
		out := part("dues_invoice", key)
		if p := objectOf(after[sub]); p != nil {
			out = append(out, stateEdit{kind: kind, id: idOf(p, "id"), fields: p, full: true})
		}
		return out
	case "reimbursement.create":
		return full("reimbursement")
	case "reimbursement.approve", "reimbursement.reject":
		return part("reimbursement", "status", "step:current_step")
	case "reimbursement.pay":
		return part("reimbursement", "status", "voucher_id:pay_voucher_id")
	case "donation.record", "donation.release":
		return full("donation")
	case "application.create":
		return full("member_application")
	case "charter.create", "charter.filing":
		return full("charter")
	}
	if strings.HasPrefix(r.Action, "application.") && r.Action != "application.resubmit" {
		return full("member_application")
	}
	return nil
}

func loadRows[T any](scan func(interface{ Scan(...any) error }) (T, error), query string, id func(T) chamber.ID) func(ctx context.Context, q querier) (map[chamber.ID]map[string]json.RawMessage, error) {
	return func(ctx context.Context, q querier) (map[chamber.ID]map[string]json.RawMessage, error) {
		rows, err := queryAll(ctx, q, scan, query)
		if err != nil {
			return nil, err
		}
		out := make(map[chamber.ID]map[string]json.RawMessage, len(rows))
		for _, r := range rows {
			out[id(r)] = objectOf(rawJSON(r))
		}
		return out, nil
	}
}

type tokenRow struct {
	ID      chamber.ID `json:"id"`
	UserID  chamber.ID `json:"user_id"`
	Name    string     `json:"name"`
	Revoked bool       `json:"revoked"`
}

// resultRows reads the stored result of every closed motion or election
// the way the result pages show it.
func resultRows(table string, result func(ctx context.Context, q querier, id chamber.ID) (any, error)) func(ctx context.Context, q querier) (map[chamber.ID]map[string]json.RawMessage, error) {
	return func(ctx context.Context, q querier) (map[chamber.ID]map[string]json.RawMessage, error) {
		ids, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
			var id chamber.ID
			return id, sc.Scan(&id)
		}, `SELECT id FROM `+table+` WHERE status = 'closed' ORDER BY id`)
		if err != nil {
			return nil, err
		}
		out := make(map[chamber.ID]map[string]json.RawMessage, len(ids))
		for _, id := range ids {
			res, err := result(ctx, q, id)
			if err != nil {
				return nil, err
			}
			out[id] = objectOf(rawJSON(res))
		}
		return out, nil
	}
}

var timeKeys = []string{"created_at", "updated_at"}

func stateKinds() []stateKind {
	return []stateKind{
		{kind: "member", complete: true, ignore: timeKeys,
			load: loadRows(scanMember, `SELECT `+memberColumns+` FROM members m`, func(m *chamber.Member) chamber.ID { return m.ID })},
		{kind: "user", complete: true, ignore: append([]string{"locale"}, timeKeys...),
			load: loadRows(scanUser, `SELECT `+userColumns+` FROM users`, func(u *chamber.User) chamber.ID { return u.ID })},
		{kind: "api_token", complete: true, ignore: timeKeys,
			load: loadRows(func(sc interface{ Scan(...any) error }) (tokenRow, error) {
				var t tokenRow
				err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Revoked)
				return t, err
			}, `SELECT id, user_id, name, revoked_at IS NOT NULL FROM api_tokens`, func(t tokenRow) chamber.ID { return t.ID })},
		{kind: "body", seeded: true, load: loadRows(scanBody, `SELECT `+bodyColumns+` FROM bodies`, func(b *chamber.Body) chamber.ID { return b.ID })},
		{kind: "term", complete: true, load: loadRows(scanTerm, `SELECT `+termColumns+` FROM terms`, func(t *chamber.Term) chamber.ID { return t.ID })},
		{kind: "department", seeded: true, load: loadRows(scanDepartment, `SELECT `+departmentColumns+` FROM departments`, func(d *chamber.Department) chamber.ID { return d.ID })},
		{kind: "position", seeded: true, load: loadRows(scanPosition, `SELECT `+positionColumns+` FROM positions`, func(p *chamber.Position) chamber.ID { return p.ID })},
		{kind: "post", complete: true, load: loadRows(scanPost, `SELECT `+postColumns+` FROM posts`, func(p *chamber.Post) chamber.ID { return p.ID })},
		{kind: "motion", complete: true, load: resultRows("motions", func(ctx context.Context, q querier, id chamber.ID) (any, error) {
			return motionResult(ctx, q, id)
		})},
		{kind: "election", complete: true, ignore: []string{"tally.name"}, load: resultRows("elections", func(ctx context.Context, q querier, id chamber.ID) (any, error) {
			return electionResult(ctx, q, id)
		})},
		{kind: "dues_invoice", ignore: []string{"member", "member_no", "due_fen", "status", "days_overdue", "bucket", "created_at"},
			load: loadRows(scanInvoice, `SELECT `+invoiceColumns+` FROM dues_invoices i JOIN members m ON m.id = i.member_id`,
				func(d *chamber.DuesInvoice) chamber.ID { return d.ID })},
		{kind: "dues_payment", complete: true, ignore: []string{"member", "created_at"},
			load: loadRows(scanPayment, `SELECT `+paymentColumns+` FROM dues_payments p JOIN dues_invoices i ON i.id = p.invoice_id
				JOIN members m ON m.id = p.member_id`, func(p *chamber.DuesPayment) chamber.ID { return p.ID })},
		{kind: "dues_adjustment", complete: true, ignore: []string{"created_at"},
			load: loadRows(scanAdjust, `SELECT id, invoice_id, amount_fen, reason, approved_by, created_by, created_at FROM dues_adjustments`,
				func(a *chamber.DuesAdjust) chamber.ID { return a.ID })},
		{kind: "reimbursement", complete: true, ignore: []string{"lines", "steps", "budget", "waiting_for", "voucher_id", "paid_at", "created_at", "updated_at"},
			load: loadRows(func(sc interface{ Scan(...any) error }) (*chamber.Reimbursement, error) { return scanClaim(sc) },
				`SELECT `+claimColumns+` FROM reimbursements r`, func(r *chamber.Reimbursement) chamber.ID { return r.ID })},
		{kind: "donation", complete: true, ignore: []string{"created_at"},
			load: loadRows(scanDonation, `SELECT `+donationColumns+` FROM donations`, func(d *chamber.Donation) chamber.ID { return d.ID })},
		{kind: "member_application", complete: true, ignore: timeKeys,
			load: loadRows(scanApplication, `SELECT `+applicationColumns+` FROM member_applications`, func(a *chamber.Application) chamber.ID { return a.ID })},
		{kind: "charter", ignore: []string{"created_at"},
			load: loadRows(scanCharter, `SELECT `+charterColumns+` FROM charters`, func(c *chamber.Charter) chamber.ID { return c.ID })},
	}
}

// stateReplay is the audit log's view of the tables.
type stateReplay struct {
	rows   map[string]map[chamber.ID]*rowState
	grants *grantReplay
	closed map[string]int64 // period → the record that closed it
}

func newStateReplay() *stateReplay {
	return &stateReplay{rows: map[string]map[chamber.ID]*rowState{}, grants: newGrantReplay(), closed: map[string]int64{}}
}

func (s *stateReplay) apply(r *chamber.AuditRecord) {
	s.grants.apply(r)
	if r.Action == "period.close" {
		var p struct {
			Period string `json:"period"`
		}
		if json.Unmarshal(r.After, &p) == nil && p.Period != "" {
			s.closed[p.Period] = r.Seq
		}
	}
	for _, e := range stateEdits(r) {
		if e.id == 0 {
			continue
		}
		byID := s.rows[e.kind]
		if byID == nil {
			byID = map[chamber.ID]*rowState{}
			s.rows[e.kind] = byID
		}
		st := byID[e.id]
		if st == nil {
			st = &rowState{fields: map[string]fieldState{}, created: r.Seq}
			byID[e.id] = st
		}
		if e.full {
			st.fields = map[string]fieldState{}
			st.fullSeq = r.Seq
		}
		for k, v := range e.fields {
			st.fields[k] = fieldState{raw: v, seq: r.Seq}
		}
	}
}

// canonical decodes a JSON value so that equal values compare equal; the
// zero values (absent, null, "", 0, false, [], {}) are all one.
func canonical(raw json.RawMessage, ignoreSub []string) any {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	return zeroToNil(strip(v, ignoreSub))
}

func strip(v any, keys []string) any {
	switch x := v.(type) {
	case []any:
		for i := range x {
			x[i] = strip(x[i], keys)
		}
	case map[string]any:
		for _, k := range keys {
			delete(x, k)
		}
		for k := range x {
			x[k] = strip(x[k], keys)
		}
	}
	return v
}

func zeroToNil(v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
	case bool:
		if !x {
			return nil
		}
	case json.Number:
		if f, err := x.Float64(); err == nil && f == 0 {
			return nil
		}
		return x.String()
	case []any:
		if len(x) == 0 {
			return nil
		}
	case map[string]any:
		for k, e := range x {
			if x[k] = zeroToNil(e); x[k] == nil {
				delete(x, k)
			}
		}
		if len(x) == 0 {
			return nil
		}
	}
	return v
}

func show(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	s := string(raw)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// compare lists what differs between the replayed rows and the tables.
func (s *stateReplay) compare(ctx context.Context, q querier) ([]finding, error) {
	var out []finding
	for _, k := range stateKinds() {
		table, err := k.load(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("verify %s: %w", k.kind, err)
		}
		ignore := map[string]bool{}
		var ignoreSub []string
		for _, f := range k.ignore {
			if _, sub, ok := strings.Cut(f, "."); ok {
				ignoreSub = append(ignoreSub, sub)
				continue
			}
			ignore[f] = true
		}
		recorded := s.rows[k.kind]
		ids := make([]chamber.ID, 0, len(table)+len(recorded))
		for id := range table {
			ids = append(ids, id)
		}
		for id := range recorded {
			if _, ok := table[id]; !ok {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			row, inTable := table[id]
			st := recorded[id]
			name := k.kind + " " + strconv.FormatInt(id, 10)
			switch {
			case st == nil:
				if k.complete || k.seeded && s.grants.complete {
					out = append(out, finding{record: name, problem: name + " has no audit record: it was written outside chamber"})
				}
				continue
			case !inTable:
				out = append(out, finding{seq: st.created, record: name,
					problem: fmt.Sprintf("%s recorded by audit record %d is missing from the tables", name, st.created)})
				continue
			}
			keys := map[string]bool{}
			for f := range st.fields {
				keys[f] = true
			}
			if st.fullSeq > 0 {
				for f := range row {
					keys[f] = true
				}
			}
			sorted := make([]string, 0, len(keys))
			for f := range keys {
				if !ignore[f] {
					sorted = append(sorted, f)
				}
			}
			sort.Strings(sorted)
			for _, f := range sorted {
				want, ok := st.fields[f]
				if !ok {
					want.seq = st.fullSeq
				}
				if reflect.DeepEqual(canonical(want.raw, ignoreSub), canonical(row[f], ignoreSub)) {
					continue
				}
				out = append(out, finding{seq: want.seq, record: name,
					problem: fmt.Sprintf("%s: %s is %s in the tables but audit record %d recorded %s", name, f, show(row[f]), want.seq, show(want.raw))})
			}
		}
	}
	gf, err := s.grants.compare(ctx, q)
	if err != nil {
		return nil, err
	}
	out = append(out, gf...)
	pf, err := s.comparePeriods(ctx, q)
	if err != nil {
		return nil, err
	}
	out = append(out, pf...)
	inv, err := compareInvoiceSums(ctx, q)
	if err != nil {
		return nil, err
	}
	return append(out, inv...), nil
}

// comparePeriods: a closed period must have been closed by a record (or lie
// before one that was: closing a month may close the earlier ones), and a
// period a record closed must still be closed.
func (s *stateReplay) comparePeriods(ctx context.Context, q querier) ([]finding, error) {
	type period struct {
		name   string
		closed bool
	}
	rows, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (period, error) {
		var p period
		return p, sc.Scan(&p.name, &p.closed)
	}, `SELECT period, closed_at IS NOT NULL FROM ledger_periods ORDER BY period`)
	if err != nil {
		return nil, err
	}
	latest := ""
	for p := range s.closed {
		if p > latest {
			latest = p
		}
	}
	var out []finding
	have := map[string]bool{}
	for _, p := range rows {
		have[p.name] = p.closed
		if seq, ok := s.closed[p.name]; ok && !p.closed {
			out = append(out, finding{seq: seq, record: "period " + p.name,
				problem: fmt.Sprintf("period %s is open in the tables but audit record %d closed it", p.name, seq)})
		}
		if p.closed && p.name > latest {
			out = append(out, finding{record: "period " + p.name, problem: "period " + p.name + " is closed but no audit record closed it"})
		}
	}
	for p, seq := range s.closed {
		if _, ok := have[p]; !ok {
			out = append(out, finding{seq: seq, record: "period " + p,
				problem: fmt.Sprintf("period %s closed by audit record %d is missing from the tables", p, seq)})
		}
	}
	return out, nil
}

// compareInvoiceSums: what an invoice says is paid and waived is the sum of
// its payments and adjustments (each of which has its own audit record).
func compareInvoiceSums(ctx context.Context, q querier) ([]finding, error) {
	type sums struct {
		id             chamber.ID
		paid, adjusted int64
		payments, adj  int64
	}
	rows, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (sums, error) {
		var s sums
		return s, sc.Scan(&s.id, &s.paid, &s.adjusted, &s.payments, &s.adj)
	}, `SELECT i.id, i.paid_fen, i.adjusted_fen,
		COALESCE((SELECT SUM(amount_fen) FROM dues_payments p WHERE p.invoice_id = i.id), 0),
		COALESCE((SELECT SUM(amount_fen) FROM dues_adjustments a WHERE a.invoice_id = i.id), 0)
		FROM dues_invoices i ORDER BY i.id`)
	if err != nil {
		return nil, err
	}
	var out []finding
	for _, s := range rows {
		name := "dues_invoice " + strconv.FormatInt(s.id, 10)
		if s.paid != s.payments {
			out = append(out, finding{record: name, problem: fmt.Sprintf("%s: paid_fen is %d but its payments add up to %d", name, s.paid, s.payments)})
		}
		if s.adjusted != s.adj {
			out = append(out, finding{record: name, problem: fmt.Sprintf("%s: adjusted_fen is %d but its adjustments add up to %d", name, s.adjusted, s.adj)})
		}
	}
	return out, nil
}

// firstFinding is the one verify names: the earliest audit record whose
// state no longer holds, else the first row no record explains.
func firstFinding(fs []finding) *finding {
	var best *finding
	for i := range fs {
		f := &fs[i]
		switch {
		case best == nil:
			best = f
		case f.seq > 0 && (best.seq == 0 || f.seq < best.seq):
			best = f
		}
	}
	return best
}

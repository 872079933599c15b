package sqlstore_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// The attack on secret ballots, as a test: whoever copies the database
// after each ballot (every row of every table, and on PostgreSQL every
// tuple version on the heap pages, dead ones included) diffs the copies.
// A yes-ballot's diff and a no-ballot's diff must look the same: the same
// tables, the same rows added or removed, the same values except bytes that
// look random and never repeat. A running tally (or anything else that
// depends on the choice) fails it.

// dbSnapshot is every row of every user table, as strings, per table.
type dbSnapshot map[string][][]string

func userTables(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if db.Dialect == sqlstore.Postgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	rows, err := db.Reader().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(names) < 20 {
		t.Fatalf("only %d tables: %v", len(names), names)
	}
	return names
}

func snapshot(t *testing.T, db *sqlstore.DB, tables []string) dbSnapshot {
	t.Helper()
	s := dbSnapshot{}
	for _, tb := range tables {
		rows, err := db.Reader().Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", tb, err)
			}
			row := make([]string, len(cols))
			for i, v := range vals {
				row[i] = cols[i] + "=" + cell(v)
			}
			s[tb] = append(s[tb], row)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
		rows.Close()
	}
	return s
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return "0x" + hex.EncodeToString(x)
	}
	return fmt.Sprint(v)
}

// rowDiff is what one ballot changed in one table.
type rowDiff struct{ added, removed [][]string }

func diffSnapshots(before, after dbSnapshot) map[string]rowDiff {
	out := map[string]rowDiff{}
	for tb := range after {
		count := map[string]int{}
		for _, r := range before[tb] {
			count[strings.Join(r, "\x00")]++
		}
		var d rowDiff
		for _, r := range after[tb] {
			k := strings.Join(r, "\x00")
			if count[k] > 0 {
				count[k]--
				continue
			}
			d.added = append(d.added, r)
		}
		for _, r := range before[tb] {
			if count[strings.Join(r, "\x00")] > 0 {
				count[strings.Join(r, "\x00")]--
				d.removed = append(d.removed, r)
			}
		}
		if len(d.added)+len(d.removed) > 0 {
			out[tb] = d
		}
	}
	return out
}

// Random-looking: 16 or more bytes (a blob) or hex digits of 32 or more.
var randomHex = regexp.MustCompile(`^(0x)?[0-9a-f]{32,}$`)

// shape writes a diff with every random-looking value replaced by its
// length, and collects those values (they must never repeat).
func shape(d map[string]rowDiff, randoms map[string][]string) string {
	var lines []string
	for tb, rd := range d {
		for _, part := range []struct {
			sign string
			rows [][]string
		}{{"+", rd.added}, {"-", rd.removed}} {
			for _, r := range part.rows {
				cols := make([]string, len(r))
				for i, c := range r {
					name, val, _ := strings.Cut(c, "=")
					if randomHex.MatchString(val) {
						randoms[tb+"."+name] = append(randoms[tb+"."+name], val)
						val = fmt.Sprintf("<random %d>", len(val))
					}
					cols[i] = name + "=" + val
				}
				lines = append(lines, part.sign+" "+tb+"("+strings.Join(cols, ", ")+")")
			}
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// heapTuples is, on PostgreSQL, every tuple version on every heap page of
// the tables: (table, block, line) → xmin, xmax and its flags.
func heapTuples(t *testing.T, db *sqlstore.DB, tables []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range tables {
		rows, err := db.Reader().Query(`SELECT b, lp, COALESCE(t_xmin::text, ''), COALESCE(t_xmax::text, ''), COALESCE(t_infomask, 0)
			FROM generate_series(0, (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int - 1) b,
			LATERAL heap_page_items(get_raw_page($1::text, b)) WHERE lp_flags = 1`, tb)
		if err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
		for rows.Next() {
			var b, lp, mask int64
			var xmin, xmax string
			if err := rows.Scan(&b, &lp, &xmin, &xmax, &mask); err != nil {
				t.Fatal(err)
			}
			lockOnly := mask&0x0080 != 0 // HEAP_XMAX_LOCK_ONLY
			out[fmt.Sprintf("%s/%d/%d", tb, b, lp)] = fmt.Sprintf("%s|%s|%v", xmin, xmax, lockOnly)
		}
		rows.Close()
	}
	return out
}

// heapChange counts, per table, the tuple versions a ballot wrote and those
// it ended (deleted or superseded; a share lock is neither).
func heapChange(before, after map[string]string) (written, ended map[string]int) {
	written, ended = map[string]int{}, map[string]int{}
	for k, a := range after {
		tb := k[:strings.IndexByte(k, '/')]
		b, ok := before[k]
		axmin, axmax, alock := splitTuple(a)
		bxmin, bxmax, _ := splitTuple(b)
		switch {
		case !ok || axmin != bxmin:
			written[tb]++
			if axmax != "0" && !alock {
				ended[tb]++ // written and ended at once: a version no SELECT shows
			}
		case axmax != bxmax && axmax != "0" && !alock:
			ended[tb]++
		}
	}
	return written, ended
}

func splitTuple(s string) (xmin, xmax string, lockOnly bool) {
	p := strings.Split(s, "|")
	if len(p) != 3 {
		return "", "", false
	}
	return p[0], p[1], p[2] == "true"
}

// sealedAttack casts each ballot in turn and checks that every diff has the
// same shape. cast casts ballot i; label names its choice for messages.
func sealedAttack(t *testing.T, db *sqlstore.DB, n int, cast func(i int) error, label func(i int) string) {
	t.Helper()
	tables := userTables(t, db)
	pg := db.Dialect == sqlstore.Postgres
	if pg {
		if _, err := db.Writer().Exec(`CREATE EXTENSION IF NOT EXISTS pageinspect`); err != nil {
			t.Fatal(err)
		}
		quoted := make([]string, len(tables))
		for i, tb := range tables {
			quoted[i] = `"` + tb + `"`
		}
		if _, err := db.Writer().Exec(`VACUUM ` + strings.Join(quoted, ", ")); err != nil { // no dead tuples of the setup left to prune
			t.Fatal(err)
		}
	}
	before := snapshot(t, db, tables)
	var heapBefore map[string]string
	if pg {
		heapBefore = heapTuples(t, db, tables)
	}
	randoms := map[string][]string{}
	var first string
	for i := 0; i < n; i++ {
		if err := cast(i); err != nil {
			t.Fatalf("ballot %d (%s): %v", i, label(i), err)
		}
		after := snapshot(t, db, tables)
		d := diffSnapshots(before, after)
		sh := shape(d, randoms)
		if sh == "" {
			t.Fatalf("ballot %d changed nothing visible", i)
		}
		if i == 0 {
			first = sh
			t.Logf("what one ballot (%s) changes:\n%s", label(i), sh)
		} else if sh != first {
			t.Fatalf("the diff of ballot %d (%s) differs from that of ballot 0 (%s): the choice shows\n--- ballot 0:\n%s\n--- ballot %d:\n%s",
				i, label(i), label(0), first, i, sh)
		}
		if pg {
			heapAfter := heapTuples(t, db, tables)
			written, ended := heapChange(heapBefore, heapAfter)
			for tb, w := range written {
				if w != len(d[tb].added) {
					t.Fatalf("ballot %d wrote %d tuple versions in %s but %d rows show: a hidden version can link a ballot", i, w, tb, len(d[tb].added))
				}
			}
			for tb, e := range ended {
				if e != len(d[tb].removed) {
					t.Fatalf("ballot %d ended %d tuple versions in %s but %d rows went", i, e, tb, len(d[tb].removed))
				}
			}
			heapBefore = heapAfter
		}
		before = after
	}
	for col, vals := range randoms {
		if len(slices.Compact(slices.Sorted(slices.Values(vals)))) != len(vals) {
			t.Fatalf("%s repeats a random-looking value across ballots: it encodes something", col)
		}
	}
}

func TestSealedMotionBallotsLookAlike(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 6)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	secret := true
	mo, err := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "会费标准", Kind: chamber.KindDues, Secret: &secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	choices := []string{"yes", "no", "abstain", "yes", "no", "yes"}
	sealedAttack(t, db, len(choices), func(i int) error {
		_, err := db.CastBallot(context.Background(), mo.ID, creds[i], choices[i])
		return err
	}, func(i int) string { return choices[i] })

	open, err := db.MotionResult(sysCtx, mo.ID)
	if err != nil || open.Yes != nil || open.Cast != 6 {
		t.Fatalf("an open secret motion shows %+v %v", open, err)
	}
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil || *res.Yes != 3 || *res.No != 2 || *res.Abstain != 1 || res.Cast != 6 {
		t.Fatalf("counted at close: %+v %v", res, err)
	}
	if again, err := db.CloseMotion(sysCtx, mo.ID); err != nil || *again.Yes != 3 || *again.No != 2 || again.Cast != 6 {
		t.Fatalf("closing twice: %+v %v", again, err)
	}
	assertEqualCounts(t, db, `(SELECT COUNT(*) FROM vote_keys)`, `0`) // the motion's key is gone
	recs, _, err := db.ListAudit(sysCtx, chamber.AuditFilter{Entity: "motion", EntityID: mo.ID}, chamber.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Action == "ballot.cast" {
			t.Fatalf("an audit record per secret ballot: %+v", r)
		}
	}
}

func TestSealedElectionBallotsLookAlike(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 6)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	a, b, c, d := members[0], members[1], members[2], members[3]
	e, err := db.CreateElection(sysCtx, m.ID, chamber.NewElection{Title: "选举常务理事", Seats: 2, Candidates: []chamber.ID{a, b, c, d}})
	if err != nil {
		t.Fatal(err)
	}
	if !e.Secret {
		t.Fatal("elections are secret by the charter")
	}
	if _, err := db.OpenElection(sysCtx, e.ID); err != nil {
		t.Fatal(err)
	}
	ballots := [][]chamber.ID{{a}, {a, b}, {}, {c, d}, {b}, {d, a}}
	sealedAttack(t, db, len(ballots), func(i int) error {
		_, err := db.CastElectionBallot(context.Background(), e.ID, creds[i], ballots[i])
		return err
	}, func(i int) string { return fmt.Sprint(ballots[i]) })

	if open, err := db.ElectionResult(sysCtx, e.ID); err != nil || len(open.Tally) != 0 || open.Cast != 6 {
		t.Fatalf("an open secret election shows %+v %v", open, err)
	}
	// Closing the sitting closes the election with it, counted.
	if _, err := db.CloseMeeting(sysCtx, m.ID); err != nil {
		t.Fatal(err)
	}
	res, err := db.ElectionResult(sysCtx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	votes := map[chamber.ID]int64{}
	for _, r := range res.Tally {
		votes[r.MemberID] = r.Votes
	}
	if votes[a] != 3 || votes[b] != 2 || votes[c] != 1 || votes[d] != 2 || res.Cast != 6 || !slices.Equal(res.Elected, []chamber.ID{a}) || len(res.Tied) != 2 {
		t.Fatalf("counted at close: %+v", res)
	}
	assertEqualCounts(t, db, `(SELECT COUNT(*) FROM vote_keys)`, `0`)
}

// A lost or replaced key file while a secret motion is open: closing
// refuses with a clear error and leaves the motion open; the right key
// closes it with the right count.
func TestLostKeyFileRefusesToCount(t *testing.T) {
	dsn := sqlstoretest.DSN(t, false)
	key := seal.NewKey()
	open := func(k []byte) *sqlstore.DB {
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Hasher: password.New(password.Fast, 0), Key: k})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open(key)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	members := mustMembers(t, db, 3)
	m := openAssembly(t, db)
	secret := true
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "会费标准", Kind: chamber.KindDues, Secret: &secret})
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	for i, c := range creds[:2] {
		if _, err := db.CastBallot(context.Background(), mo.ID, c, []string{"yes", "no"}[i]); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	for name, k := range map[string][]byte{"another key": seal.NewKey(), "no key": nil} {
		other := open(k)
		_, err := other.CloseMotion(sysCtx, mo.ID)
		var ce *chamber.Error
		if !errors.As(err, &ce) || ce.Reason != "installation_key" || ce.Key != "err.installation_key" {
			t.Fatalf("%s: close gave %v", name, err)
		}
		if _, err := other.CastBallot(context.Background(), mo.ID, creds[2], "yes"); !errors.As(err, &ce) || ce.Reason != "installation_key" {
			t.Fatalf("%s: a ballot was taken: %v", name, err)
		}
		if r, _ := other.MotionResult(sysCtx, mo.ID); r.Status != chamber.MotionOpen {
			t.Fatalf("%s: the motion did not stay open: %+v", name, r)
		}
		other.Close()
	}
	db = open(key)
	defer db.Close()
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil || *res.Yes != 1 || *res.No != 1 || res.Cast != 2 {
		t.Fatalf("with the key back: %+v %v", res, err)
	}
}

// One voter going away mid-batch aborts nobody else's ballot (group
// commit runs every ballot in the batch's context).
func TestBallotCallerGoneLeavesOthers(t *testing.T) {
	db := openDB(t)
	members := mustMembers(t, db, 60)
	m := openAssembly(t, db)
	var creds []string
	for _, id := range members {
		c, err := db.CheckIn(sysCtx, m.ID, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c.Credential)
	}
	secret := true
	mo, _ := db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "预算", Secret: &secret})
	if _, err := db.OpenMotion(sysCtx, mo.ID); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, len(creds))
	var accepted int64
	done := make(chan bool, len(creds))
	for i, c := range creds {
		go func() {
			ctx := context.Background()
			if i%2 == 1 { // half the voters leave at once
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				go cancel()
			}
			_, err := db.CastBallot(ctx, mo.ID, c, "yes")
			if i%2 == 0 && err != nil {
				errs <- fmt.Errorf("voter %d who stayed: %w", i, err)
			}
			done <- err == nil
		}()
	}
	for range creds {
		if <-done {
			accepted++
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	res, err := db.CloseMotion(sysCtx, mo.ID)
	if err != nil || *res.Yes != accepted || res.Cast != accepted {
		t.Fatalf("tally %+v (%v), %d acknowledged", res, err, accepted)
	}
}

package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

const crashVoters = 150

// crashMeetingSetup gives each crash round an open general assembly whose
// members are checked in and a motion open for their ballots.
func crashMeetingSetup(ctx context.Context, db *sqlstore.DB, round int, f *crashFixture) error {
	rows := make([]chamber.ImportRow, crashVoters)
	for i := range rows {
		rows[i] = chamber.ImportRow{Row: i + 2, Input: chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("压测%d-%03d", round, i)}}
	}
	if _, bad, err := db.ImportMembers(ctx, rows); err != nil || len(bad) > 0 {
		return fmt.Errorf("import: %v %v", err, bad)
	}
	m, err := db.CreateMeeting(ctx, chamber.NewMeeting{Body: "general_assembly", Title: fmt.Sprintf("压测大会%d", round), StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		return err
	}
	if _, err := db.OpenMeeting(ctx, m.ID); err != nil {
		return err
	}
	ent, err := db.Entitled(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, e := range ent {
		c, err := db.CheckIn(ctx, m.ID, e.MemberID, nil)
		if err != nil {
			return err
		}
		f.Voters = append(f.Voters, c)
	}
	secret := true // sealed ballots: counted only when the parent closes the motion
	mo, err := db.CreateMotion(ctx, m.ID, chamber.NewMotion{Title: "压测议案", Secret: &secret})
	if err != nil {
		return err
	}
	if _, err := db.OpenMotion(ctx, mo.ID); err != nil {
		return err
	}
	f.Motion = mo.ID
	return nil
}

// The meetings' part of the crash harness: acknowledged ballots survive,
// ballots per motion equal used credentials, no credential votes twice.
var _ = func() bool {
	crashWorkloads = append(crashWorkloads, crashWorkload{
		name: "ballot",
		write: func(ctx context.Context, db *sqlstore.DB, f *crashFixture) (int64, error) {
			i := f.nextVtr.Add(1) - 1
			if int(i) >= len(f.Voters) {
				<-ctx.Done() // every voter has voted: wait for the kill
				return 0, ctx.Err()
			}
			c := f.Voters[i]
			if _, err := db.CastBallot(context.Background(), f.Motion, c.Credential, crashChoice(c.ID)); err != nil {
				return 0, err
			}
			return c.ID, nil
		},
		// A check-in's ballot is there when a used mark carries its credential.
		missing: func(ctx context.Context, db *sqlstore.DB, ids []int64) ([]int64, error) {
			have := map[int64]bool{}
			rows, err := db.Reader().QueryContext(ctx, `SELECT c.id FROM check_ins c JOIN ballot_marks b ON b.credential_hash = c.credential_hash`)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return nil, err
				}
				have[id] = true
			}
			var missing []int64
			for _, id := range ids {
				if !have[id] {
					missing = append(missing, id)
				}
			}
			return missing, rows.Err()
		},
	})
	crashInvariants = append(crashInvariants, []struct {
		name  string
		check func(t *testing.T, db *sqlstore.DB)
	}{
		{"sealed ballots match the used marks", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM sealed_ballots)`, `(SELECT COUNT(*) FROM ballot_marks WHERE scope = 'motion')`)
		}},
		{"no credential used twice", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM ballot_marks)`,
				`(SELECT COUNT(*) FROM (SELECT DISTINCT scope, ref_id, credential_hash FROM ballot_marks) d)`)
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM ballot_marks)`, `(SELECT COUNT(*) FROM ballot_receipts)`)
		}},
		{"no audit record per secret ballot", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM audit_log WHERE action = 'ballot.cast')`, `0`)
		}},
		{"closing counts exactly the ballots cast", func(t *testing.T, db *sqlstore.DB) {
			ctx := context.Background()
			var open []int64
			rows, err := db.Reader().QueryContext(ctx, `SELECT id FROM motions WHERE status = 'open'`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				open = append(open, id)
			}
			rows.Close()
			for _, id := range open {
				want := map[string]int64{}
				rows, err := db.Reader().QueryContext(ctx, `SELECT c.id, b.weight FROM ballot_marks b JOIN check_ins c ON c.credential_hash = b.credential_hash
					WHERE b.scope = 'motion' AND b.ref_id = $1`, id)
				if err != nil {
					t.Fatal(err)
				}
				var cast int64
				for rows.Next() {
					var cid, w int64
					if err := rows.Scan(&cid, &w); err != nil {
						t.Fatal(err)
					}
					want[crashChoice(cid)] += w
					cast += w
				}
				rows.Close()
				res, err := db.CloseMotion(sysCtx, id)
				if err != nil {
					t.Fatalf("close motion %d: %v", id, err)
				}
				if *res.Yes != want["yes"] || *res.No != want["no"] || *res.Abstain != want["abstain"] || res.Cast != cast {
					t.Errorf("motion %d: closed yes %d no %d abstain %d cast %d, the marks say %v (cast %d)", id, *res.Yes, *res.No, *res.Abstain, res.Cast, want, cast)
				}
				again, err := db.CloseMotion(sysCtx, id)
				if err != nil || *again.Yes != *res.Yes || *again.No != *res.No || again.Cast != res.Cast {
					t.Errorf("closing motion %d again: %+v %v", id, again, err)
				}
			}
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM vote_keys)`, `0`)
		}},
	}...)
	return true
}()

// crashChoice is how check-in id votes, so the parent knows what each used
// mark must have counted.
func crashChoice(checkInID int64) string { return []string{"yes", "no", "abstain"}[checkInID%3] }

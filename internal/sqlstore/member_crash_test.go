package sqlstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// crashMemberSeq names the members the crash workload creates.
var crashMemberSeq atomic.Int64

// The members' part of the crash harness: acknowledged member creations
// survive a kill, each member has its audit record and its search entry.
var _ = func() bool {
	crashWorkloads = append(crashWorkloads, crashWorkload{
		name: "member",
		write: func(ctx context.Context, db *sqlstore.DB, f *crashFixture) (int64, error) {
			n := crashMemberSeq.Add(1)
			m, err := db.CreateMember(ctx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("压测会员%d-%d", f.User.ID, n)})
			if err != nil {
				return 0, err
			}
			return m.ID, nil
		},
		missing: missingIDs("members"),
	})
	crashInvariants = append(crashInvariants, []struct {
		name  string
		check func(t *testing.T, db *sqlstore.DB)
	}{
		{"each member has its audit record", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM members)`, `(SELECT COUNT(*) FROM audit_log WHERE action = 'member.create')`)
		}},
	}...)
	return true
}()

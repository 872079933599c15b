package sqlstore

import (
	"fmt"

	"github.com/chamber-org/chamber"
)

// chainWalk checks a hash chain link by link, in order: the audit log and
// the ledger's vouchers are both one. Each link must be the next number,
// name the previous link's hash and hash to what it holds; at the end the
// count and the last hash must be the chain head's, and nothing may lie
// beyond it.
type chainWalk struct {
	noun   string // "audit record", "voucher"
	prev   string
	want   int64
	Walked int64
}

func newChainWalk(noun string) *chainWalk {
	return &chainWalk{noun: noun, prev: chamber.GenesisHash, want: 1}
}

// next checks link seq (label is added after its number in a problem);
// it returns the first bad number and the problem, or "" when it holds.
func (c *chainWalk) next(seq int64, label, prevHash, hash, computed string) (int64, string) {
	switch {
	case seq != c.want:
		return min(seq, c.want), fmt.Sprintf("%s %d is missing", c.noun, c.want)
	case prevHash != c.prev:
		return seq, fmt.Sprintf("%s %d does not link to %s %d", c.noun, seq, c.noun, seq-1)
	case computed != hash:
		return seq, fmt.Sprintf("%s %d%s was altered (hash mismatch)", c.noun, seq, label)
	}
	c.prev = hash
	c.want++
	c.Walked++
	return 0, ""
}

// end checks the walk against the head (headSeq links ending in headHash)
// and the highest number stored (maxSeq).
func (c *chainWalk) end(headSeq int64, headHash string, maxSeq int64) (int64, string) {
	switch {
	case c.Walked != headSeq:
		return c.want, fmt.Sprintf("%s %d is missing (the chain head says %d)", c.noun, c.want, headSeq)
	case maxSeq > headSeq:
		return headSeq + 1, fmt.Sprintf("%s %d lies beyond the chain head (%d): inserted outside chamber", c.noun, headSeq+1, headSeq)
	case headSeq > 0 && c.prev != headHash:
		return headSeq, fmt.Sprintf("%s %d does not match the chain head", c.noun, headSeq)
	}
	return 0, ""
}

package chamber

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// AuditRecord is one entry of the append-only, hash-chained audit log.
type AuditRecord struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	ActorID  ID              `json:"actor_id,omitempty"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID ID              `json:"entity_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// GenesisHash is the previous hash of the first record of a chain.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the hash of r given its previous hash: SHA-256 over a
// length-prefixed encoding of every field, so no two records share an input.
func (r *AuditRecord) ComputeHash() string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	put(r.PrevHash)
	put(strconv.FormatInt(r.Seq, 10))
	put(strconv.FormatInt(r.At.UTC().UnixMicro(), 10))
	put(strconv.FormatInt(r.ActorID, 10))
	put(r.Actor)
	put(r.Action)
	put(r.Entity)
	put(strconv.FormatInt(r.EntityID, 10))
	put(string(r.Before))
	put(string(r.After))
	return hex.EncodeToString(h.Sum(nil))
}

// VerifyResult is what a chain check found.
type VerifyResult struct {
	OK bool `json:"ok"`
	// Checked is how many records were checked.
	Checked int64 `json:"checked"`
	// FirstBad is the sequence number of the first broken record, 0 if none.
	FirstBad int64  `json:"first_bad,omitempty"`
	Problem  string `json:"problem,omitempty"`
}

// AuditFilter selects audit records.
type AuditFilter struct {
	Entity   string
	EntityID ID
	ActorID  ID
}

// AuditService reads and checks the audit log. Writes happen inside each
// service method's own transaction.
type AuditService interface {
	ListAudit(ctx context.Context, f AuditFilter, p Page) ([]*AuditRecord, string, error)
	VerifyAudit(ctx context.Context) (*VerifyResult, error)
}

package chamber

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
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
	FirstBad int64 `json:"first_bad,omitempty"`
	// Record names the first broken record: "audit 57", or the row no audit
	// record explains ("member 12", "grant role member member.write").
	Record  string `json:"record,omitempty"`
	Problem string `json:"problem,omitempty"`
	// Problems counts every difference found (the first is named above).
	Problems int `json:"problems,omitempty"`
}

// AuditHead is the last record of the audit chain: printed on signed
// minutes and the annual report, it lets verify prove later that the chain
// still holds it (a chain rewritten or cut short at or before it fails).
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// String is the form `chamber verify --head` takes: SEQ:HASH.
func (h AuditHead) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseAuditHead reads SEQ:HASH.
func ParseAuditHead(s string) (AuditHead, bool) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != 64 {
		return AuditHead{}, false
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return AuditHead{}, false
	}
	return AuditHead{Seq: n, Hash: strings.ToLower(hash)}, true
}

// AuditFilter selects audit records.
type AuditFilter struct {
	Entity   string
	EntityID ID
	ActorID  ID
	// Actor is the username recorded with the entry ("system" for the CLI and jobs).
	Actor string
}

// AuditService reads and checks the audit log. Writes happen inside each
// service method's own transaction.
type AuditService interface {
	ListAudit(ctx context.Context, f AuditFilter, p Page) ([]*AuditRecord, string, error)
	VerifyAudit(ctx context.Context) (*VerifyResult, error)
	// VerifyAuditHead is VerifyAudit that also proves the chain holds head.
	VerifyAuditHead(ctx context.Context, head *AuditHead) (*VerifyResult, error)
	AuditHead(ctx context.Context) (*AuditHead, error)
}

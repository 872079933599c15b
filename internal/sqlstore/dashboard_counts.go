package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The counts the dashboards read (0070_dashboard_counts), kept by triggers
// as members, vouchers and lines are written; `chamber verify` recomputes
// each from its rows. Every query gives the key columns, then the numbers.
var keptCounts = []struct {
	name, recompute, kept string
	keys                  int
}{
	{name: "the voucher counts of month",
		recompute: `SELECT substr(date, 1, 7), COUNT(*), SUM(CASE WHEN reverses_id IS NOT NULL THEN 1 ELSE 0 END) FROM vouchers GROUP BY substr(date, 1, 7)`,
		kept:      `SELECT month, vouchers, reversals FROM voucher_month_counts`, keys: 1},
	{name: "the spending totals of",
		recompute: `SELECT substr(date, 1, 7), account, department_id, project, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines
			WHERE NOT opening AND NOT closing GROUP BY substr(date, 1, 7), account, department_id, project`,
		kept: `SELECT period, account, department_id, project, debit_fen, credit_fen FROM ledger_spend_totals`, keys: 4},
}

// memberCounts is member_counts against the members.
var memberCounts = struct{ recompute, kept string }{
	recompute: `SELECT substr(joined_on, 1, 7), kind, tier, status, COUNT(*) FROM members GROUP BY substr(joined_on, 1, 7), kind, tier, status`,
	kept:      `SELECT joined_month, kind, tier, status, n FROM member_counts`,
}

// checkLedgerCounts recomputes the ledger's counts and names the first
// that differs from its lines ("" when all agree).
func checkLedgerCounts(ctx context.Context, q ledgerQuerier) (string, error) {
	for _, c := range keptCounts {
		key, n, err := diffCounts(ctx, q, c.recompute, c.kept, c.keys)
		if err != nil || n > 0 {
			return problemf(c.name, key, n), err
		}
	}
	return "", nil
}

// checkMemberCounts recomputes member_counts from the members.
func checkMemberCounts(ctx context.Context, q ledgerQuerier) (string, error) {
	key, n, err := diffCounts(ctx, q, memberCounts.recompute, memberCounts.kept, 4)
	if err != nil || n > 0 {
		return problemf("the member counts of", key, n), err
	}
	return "", nil
}

func problemf(name, key string, n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s %s differ from the rows they count (%d differences)", name, key, n)
}

// diffCounts compares two queries of the same columns, keys first, and
// gives the first key (in order) whose numbers differ and how many do;
// numbers all zero count as no row.
func diffCounts(ctx context.Context, q ledgerQuerier, recompute, kept string, keys int) (string, int, error) {
	read := func(query string) (map[string]string, error) {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		out := map[string]string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			var k, v []string
			zero := true
			for i, x := range vals {
				if b, ok := x.([]byte); ok {
					x = string(b)
				}
				s := fmt.Sprint(x)
				if i < keys {
					k = append(k, s)
					continue
				}
				zero = zero && s == "0"
				v = append(v, s)
			}
			if !zero {
				out[strings.Join(k, " ")] = strings.Join(v, " ")
			}
		}
		return out, rows.Err()
	}
	want, err := read(recompute)
	if err != nil {
		return "", 0, err
	}
	have, err := read(kept)
	if err != nil {
		return "", 0, err
	}
	first, n := diffKeys(want, have)
	return first, n, nil
}

// diffKeys compares what verify recomputed with what is kept: the first
// key (in order) whose value differs or stands on one side only, and how
// many do.
func diffKeys[V comparable](want, have map[string]V) (string, int) {
	var bad []string
	for k, v := range want {
		if hv, ok := have[k]; !ok || hv != v {
			bad = append(bad, k)
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return "", 0
	}
	slices.Sort(bad)
	return bad[0], len(bad)
}

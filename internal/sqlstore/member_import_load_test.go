package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var (
	loadSurnames = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖")
	loadGiven    = []rune("建国华明伟芳娜敏静丽强磊军洋勇艳杰娟涛超明霞平刚桂英文辉力斌宇浩凯鹏飞俊峰海波志红兰春梅")
	loadCities   = []string{"温州", "杭州", "宁波", "绍兴", "台州", "金华", "嘉兴", "湖州", "丽水", "衢州", "舟山", "瑞安", "乐清", "义乌"}
	loadWords    = []rune("华信瑞丰恒通中诚鑫达宏远东方金桥博雅天成远航新锐明德正泰嘉禾同创永盛兴隆昌荣百汇")
	loadSuffix   = []string{"科技有限公司", "实业有限公司", "贸易有限公司", "集团有限公司", "电器有限公司", "鞋业有限公司"}
	loadTags     = []string{"理事单位", "外贸", "青年企业家", "女企业家", "侨商"}
)

// importRows makes n member rows the way a secretariat's sheet looks: a
// company name, a valid credit code, a contact, a phone, a tag on some.
func importRows(n int, seed uint64) []chamber.ImportRow {
	r := rand.New(rand.NewPCG(seed, 2))
	rows := make([]chamber.ImportRow, n)
	for i := range rows {
		name := loadCities[r.IntN(len(loadCities))] + string(loadWords[r.IntN(len(loadWords))]) +
			string(loadWords[r.IntN(len(loadWords))]) + loadSuffix[r.IntN(len(loadSuffix))]
		contact := string(loadSurnames[r.IntN(len(loadSurnames))]) + string(loadGiven[r.IntN(len(loadGiven))]) + string(loadGiven[r.IntN(len(loadGiven))])
		body := fmt.Sprintf("9133%04dMA%07d", seed%10000, i)
		in := chamber.MemberInput{Kind: chamber.MemberUnit, Name: name, Industry: "制造业", Region: loadCities[r.IntN(len(loadCities))],
			CreditCode: body + string(chamber.CreditCodeCheckChar(body)), ContactName: contact,
			Phone: fmt.Sprintf("13%d%08d", 5+r.IntN(5), r.IntN(100000000))}
		if i%7 == 0 {
			in.Tags = []string{loadTags[r.IntN(len(loadTags))]}
		}
		rows[i] = chamber.ImportRow{Row: i + 2, Input: in}
	}
	return rows
}

// TestMemberImportLoad is the import load scenario of the PostgreSQL issue:
// 100,000 members (CHAMBER_LOAD_MEMBERS changes it) checked and written in
// one transaction, then the audit chain verified. Goal: < 30 s on both
// databases. Run it with
//
//	CHAMBER_LOAD=1 go test -run TestMemberImportLoad -v ./internal/sqlstore
//
// and again with CHAMBER_TEST_POSTGRES_URL=… for PostgreSQL.
func TestMemberImportLoad(t *testing.T) {
	if os.Getenv("CHAMBER_LOAD") != "1" {
		t.Skip("load scenario: set CHAMBER_LOAD=1")
	}
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("CHAMBER_LOAD_MEMBERS")); err == nil && v > 0 {
		n = v
	}
	db := openDB(t)
	rows := importRows(n, 1)
	start := time.Now()
	res, bad, err := db.ImportMembers(sysCtx, rows)
	if err != nil || len(bad) > 0 || res.Created != n {
		t.Fatalf("import: %v %v", err, bad)
	}
	took := time.Since(start)
	t.Logf("%s: imported %d members in %v (%.0f rows/s)", db.Dialect, n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	vstart := time.Now()
	v, err := db.VerifyAudit(sysCtx)
	if err != nil || !v.OK {
		t.Fatalf("verify: %v %+v", err, v)
	}
	t.Logf("%s: verify of %d audit records in %v", db.Dialect, v.Checked, time.Since(vstart).Round(time.Millisecond))
	got, _, err := db.ListMembers(sysCtx, chamber.MemberFilter{Q: rows[n/2].Input.ContactName}, chamber.Page{Limit: 5})
	if err != nil || len(got) == 0 {
		t.Fatalf("search after import: %v %d", err, len(got))
	}
}

// TestMemberImportChunks imports more rows than one bulk INSERT carries:
// every member, tag, search token and audit record is written, in order,
// and the chain verifies; a second file with one taken code writes nothing.
func TestMemberImportChunks(t *testing.T) {
	db := openDB(t)
	rows := importRows(1234, 7)
	res, bad, err := db.ImportMembers(sysCtx, rows)
	if err != nil || len(bad) > 0 || res.Created != len(rows) {
		t.Fatalf("import: %v %v", err, bad)
	}
	var members, tags, audits int
	if err := db.Reader().QueryRow(`SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM member_tags),
		(SELECT COUNT(*) FROM audit_log WHERE action = 'member.create')`).Scan(&members, &tags, &audits); err != nil {
		t.Fatal(err)
	}
	wantTags := (len(rows) + 6) / 7
	if members != len(rows) || tags != wantTags || audits != len(rows) {
		t.Fatalf("members %d tags %d audits %d, want %d %d %d", members, tags, audits, len(rows), wantTags, len(rows))
	}
	if v, err := db.VerifyAudit(sysCtx); err != nil || !v.OK {
		t.Fatalf("verify: %v %+v", err, v)
	}
	last := rows[len(rows)-1].Input
	got, _, err := db.ListMembers(sysCtx, chamber.MemberFilter{Q: last.CreditCode}, chamber.Page{Limit: 5})
	if err != nil || len(got) != 1 || got[0].Name != last.Name {
		t.Fatalf("search the last row: %v %+v", err, got)
	}
	again := importRows(600, 8)
	again[550].Input.CreditCode = rows[3].Input.CreditCode
	if _, bad, err := db.ImportMembers(sysCtx, again); err != nil || len(bad) != 1 || bad[0].Row != again[550].Row {
		t.Fatalf("taken code: %v %+v", err, bad)
	}
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM members`).Scan(&members); err != nil || members != len(rows) {
		t.Fatalf("members after the refused file: %d %v", members, err)
	}
}

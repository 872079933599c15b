package web_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sheet"
)

// benchMembers is how many members the member benchmarks build: 100,000
// unless CHAMBER_BENCH_MEMBERS says otherwise. Benchmarks run only under
// -bench, so the normal test run never builds them.
func benchMembers() int {
	if n, err := strconv.Atoi(os.Getenv("CHAMBER_BENCH_MEMBERS")); err == nil && n > 0 {
		return n
	}
	return 100000
}

var (
	bSurnames = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	bGiven    = []rune("建国华明伟芳娜敏静丽强磊军洋勇艳杰娟涛超明霞平刚桂英文辉力斌宇浩凯鹏飞俊峰海波志红兰春梅")
	bCities   = []string{"温州", "杭州", "宁波", "绍兴", "台州", "金华", "嘉兴", "湖州", "丽水", "衢州", "舟山", "瑞安", "乐清", "义乌"}
	bWords    = []rune("华信瑞丰恒通中诚鑫达宏远东方金桥博雅天成远航新锐明德正泰嘉禾同创永盛兴隆昌荣百汇")
	bSuffix   = []string{"科技有限公司", "实业有限公司", "贸易有限公司", "集团有限公司", "电器有限公司", "鞋业有限公司", "建设有限公司", "服饰有限公司"}
)

// benchSheet writes n members as an xlsx file, the way a secretariat's
// spreadsheet looks.
func benchSheet(b *testing.B, n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	w, err := sheet.NewWriter(&buf, sheet.XLSX)
	if err != nil {
		b.Fatal(err)
	}
	w.Write([]string{"名称", "类型", "会员等级", "行业", "地区", "统一社会信用代码", "联系人", "电话"})
	for i := 0; i < n; i++ {
		name := bCities[r.IntN(len(bCities))] + string(bWords[r.IntN(len(bWords))]) + string(bWords[r.IntN(len(bWords))]) + bSuffix[r.IntN(len(bSuffix))]
		contact := string(bSurnames[r.IntN(len(bSurnames))]) + string(bGiven[r.IntN(len(bGiven))]) + string(bGiven[r.IntN(len(bGiven))])
		body := fmt.Sprintf("9133%04dMA%07d", r.IntN(10000), i)
		w.Write([]string{name, "单位", "会员单位", "制造业", bCities[r.IntN(len(bCities))], body + string(chamber.CreditCodeCheckChar(body)),
			contact, fmt.Sprintf("13%d%08d", 5+r.IntN(5), r.IntN(100000000))})
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkMemberImportXLSX reads an xlsx of benchMembers() members, checks
// every row and writes them all in one transaction (goal: 100,000 < 30 s).
func BenchmarkMemberImportXLSX(b *testing.B) {
	n := benchMembers()
	data := benchSheet(b, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, db, _ := benchServer(b, password.New(password.Fast, 0))
		b.StartTimer()
		start := time.Now()
		records, err := sheet.Read("members.xlsx", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		rows, bad := chamber.MemberRows(records)
		read := time.Since(start)
		res, bad2, err := db.ImportMembers(sysCtx, rows)
		if err != nil || len(bad) > 0 || len(bad2) > 0 || res.Created != n {
			b.Fatalf("import: %v %v %v", err, bad, bad2)
		}
		b.ReportMetric(read.Seconds(), "read-s")
		b.ReportMetric(time.Since(start).Seconds(), "total-s")
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// BenchmarkMemberSearch builds benchMembers() members, then searches them
// with two Chinese characters, full pinyin, initials and filters, through
// the store and through HTTP, and reports p50/p99 (goal at 100,000:
// query p99 < 20 ms, HTTP p99 < 50 ms).
func BenchmarkMemberSearch(b *testing.B) {
	n := benchMembers()
	srv, db, tok := benchServer(b, password.New(password.Fast, 0))
	records, err := sheet.Read("m.xlsx", bytes.NewReader(benchSheet(b, n)))
	if err != nil {
		b.Fatal(err)
	}
	rows, _ := chamber.MemberRows(records)
	if _, bad, err := db.ImportMembers(sysCtx, rows); err != nil || len(bad) > 0 {
		b.Fatalf("build: %v %v", err, bad)
	}
	queries := []chamber.MemberFilter{
		{Q: "建国"}, {Q: "华信"}, {Q: "有限公司"}, {Q: "zhangjianguo"}, {Q: "wangwei"}, {Q: "zjg"}, {Q: "wjg"},
		{Q: "温州华信"}, {Q: "鞋业", Status: "active"}, {Q: "li"}, {Q: "王"}, {Q: "138"},
		{Tier: "member", Status: "active"}, {}, {Sort: "name"}, {Q: "rfkj"}, {Q: "不存在的名字"},
	}
	b.ResetTimer()
	var store, web []time.Duration
	for i := 0; i < b.N; i++ {
		f := queries[i%len(queries)]
		t0 := time.Now()
		if _, _, err := db.ListMembers(sysCtx, f, chamber.Page{Limit: 50}); err != nil {
			b.Fatal(err)
		}
		store = append(store, time.Since(t0))
		q := url.Values{"q": {f.Q}, "status": {string(f.Status)}, "tier": {f.Tier}, "sort": {f.Sort}, "limit": {"50"}}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/members?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t1 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		web = append(web, time.Since(t1))
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(percentile(store, .5).Microseconds())/1000, "query-p50-ms")
	b.ReportMetric(float64(percentile(store, .99).Microseconds())/1000, "query-p99-ms")
	b.ReportMetric(float64(percentile(web, .5).Microseconds())/1000, "http-p50-ms")
	b.ReportMetric(float64(percentile(web, .99).Microseconds())/1000, "http-p99-ms")
}

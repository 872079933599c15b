package web_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/password"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// benchDocuments is how many documents BenchmarkDocumentSearch builds:
// 100,000 unless CHAMBER_BENCH_DOCS says otherwise.
func benchDocuments() int {
	if n, err := strconv.Atoi(os.Getenv("CHAMBER_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 100000
}

var (
	bDocTopics = []string{"会员发展", "招商引资", "法律维权", "跨境电商", "融资协调", "政策宣讲", "年度检查", "慈善捐赠", "人才培训", "展会组织", "安全生产", "知识产权"}
	bDocKinds  = []string{"通知", "报告", "请示", "函", "决定", "纪要"}
	bDocFiller = []rune("为进一步做好商会各项工作根据理事会决议结合会员企业实际现将有关事项通知如下请各部门认真贯彻落实按时报送材料")
)

// BenchmarkDocumentSearch builds benchDocuments() documents (title and a
// body of some 300 characters each, a tenth of them confidential, a fifth
// with an annex of some 400 characters of extracted text), then
// searches with two characters, pinyin and initials through HTTP as a
// staff login and reports p50/p99 (goal at 100,000: HTTP p99 < 50 ms).
func BenchmarkDocumentSearch(b *testing.B) {
	n := benchDocuments()
	srv, db, _ := benchServer(b, password.New(password.Fast, 0))
	staff, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "staff", Name: "工作人员", Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	tok, _, err := db.CreateToken(sysCtx, staff.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Now()
	const batch = 5000
	for done := 0; done < n; done += batch {
		err := db.Write(sysCtx, chamber.SystemActor, func(tx *sqlstore.Tx) error {
			for i := done; i < min(n, done+batch); i++ {
				topic := bDocTopics[r.IntN(len(bDocTopics))]
				title := fmt.Sprintf("关于%s工作的%s（%d）", topic, bDocKinds[r.IntN(len(bDocKinds))], i)
				body := make([]rune, 300)
				for j := range body {
					body[j] = bDocFiller[r.IntN(len(bDocFiller))]
				}
				class := "internal"
				if i%10 == 0 {
					class = "confidential"
				}
				var id chamber.ID
				if err := tx.QueryRowContext(sysCtx, `INSERT INTO documents(direction, doc_type, title, body, classification, status, author_id, created_at)
					VALUES ('outgoing', 'notice', $1, $2, $3, 'draft', 1, $4) RETURNING id`, title, topic+string(body), class, time.Now().UnixMicro()).Scan(&id); err != nil {
					return err
				}
				if err := tx.IndexDocumentTokens(id); err != nil {
					return err
				}
				if i%5 == 0 { // 20,000 annexes at 100,000 documents, with text
					text := make([]rune, 400)
					for j := range text {
						text[j] = bDocFiller[r.IntN(len(bDocFiller))]
					}
					name := topic + "附件.docx"
					var aid chamber.ID
					if err := tx.QueryRowContext(sysCtx, `INSERT INTO attachments(owner_kind, owner_id, hash, name, content_type, size, created_by, created_at)
						VALUES ('document', $1, $2, $3, 'text/plain', 400, 1, $4) RETURNING id`, id, fmt.Sprintf("%064x", i), name, time.Now().UnixMicro()).Scan(&aid); err != nil {
						return err
					}
					if err := tx.IndexAttachmentText(aid, name, bDocTopics[r.IntN(len(bDocTopics))]+string(text)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds(), "build-s")
	queries := []string{"电商", "招商", "维权", "kuajing", "zhaoshang", "kjds", "flwq", "会员发展", "年度检查", "rencai", "不存在的词", "通知"}
	b.ResetTimer()
	var web []time.Duration
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/search?"+url.Values{"q": {queries[i%len(queries)]}}.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		web = append(web, time.Since(t0))
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(percentile(web, .5).Microseconds())/1000, "http-p50-ms")
	b.ReportMetric(float64(percentile(web, .99).Microseconds())/1000, "http-p99-ms")
}

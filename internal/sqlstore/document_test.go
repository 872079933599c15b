package sqlstore_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/demo"
)

// TestDocumentSignOffAndNumbers: a draft goes up the reports-to chain
// (the 办公室主任 post vacant, so the 秘书长's acting holder signs first,
// then the 会长 for a decision); only the awaited holder may sign; an
// issued document gets 商会发〔YYYY〕1号 and refuses change.
func TestDocumentSignOffAndNumbers(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "doc_author", false)
	sg := mustCreateUser(t, db, "doc_sg", false)
	acting := mustCreateUser(t, db, "doc_acting", false)
	pres := mustCreateUser(t, db, "doc_pres", false)
	reader := mustCreateUser(t, db, "doc_reader", false)
	admin := mustCreateUser(t, db, "doc_admin", true)
	appoint(t, db, "office_staff", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, acting, "2020-01-01", "2099-12-31", true)
	appoint(t, db, chamber.PosPresident, pres, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	d, err := db.CreateDocument(ctx, chamber.NewDocument{Direction: "outgoing", DocType: "decision", Title: "关于表彰优秀会员企业的决定",
		Body: "# 决定\n\n- 一\n- 二", Classification: "confidential", Distribution: []chamber.ID{reader.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != chamber.DocDraft {
		t.Fatalf("status %s", d.Status)
	}
	if _, err := db.IssueDocument(ctx, d.ID); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("issue a draft: %v", err)
	}
	d, err = db.SubmitDocument(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Steps) != 2 || d.Steps[0].UserID != acting.ID || !d.Steps[0].Acting || d.Steps[1].UserID != pres.ID {
		t.Fatalf("chain: %+v %+v", d.Steps[0], d.Steps)
	}
	if _, err := db.DecideDocument(actorCtx(t, db, pres.ID), d.ID, true, "同意"); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("out of turn: %v", err)
	}
	// A confidential document is 404 to the administrator.
	if _, err := db.FindDocument(actorCtx(t, db, admin.ID), d.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("admin read: %v", err)
	}
	if _, err := db.DecideDocument(actorCtx(t, db, acting.ID), d.ID, false, "请补充名单"); err != nil {
		t.Fatal(err)
	}
	if d, _ = db.FindDocument(ctx, d.ID); d.Status != chamber.DocDraft {
		t.Fatalf("after reject: %s", d.Status)
	}
	if _, err := db.SubmitDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	for _, u := range []chamber.ID{acting.ID, pres.ID} {
		if _, err := db.DecideDocument(actorCtx(t, db, u), d.ID, true, "同意"); err != nil {
			t.Fatal(err)
		}
	}
	d, err = db.IssueDocument(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.DocNo, "商会发〔") || !strings.HasSuffix(d.DocNo, "〕1号") || d.Status != chamber.DocIssued {
		t.Fatalf("issued: %q %s", d.DocNo, d.Status)
	}
	title := "改"
	if _, err := db.UpdateDocument(ctx, d.ID, &title, nil); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("patch issued: %v", err)
	}
	if _, err := db.FindDocument(actorCtx(t, db, reader.ID), d.ID); err != nil {
		t.Fatal(err)
	}
	log, err := db.DocumentAccessLog(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var byReader int
	for _, a := range log {
		if a.UserID == reader.ID {
			byReader++
		}
		if a.UserID == admin.ID {
			t.Fatal("a refused read was logged as a read")
		}
	}
	if byReader != 1 {
		t.Fatalf("access log: %+v", log)
	}
	// A notice stops at the 秘书长.
	n, _ := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "通知", Classification: "public"})
	if n, err = db.SubmitDocument(ctx, n.ID); err != nil || len(n.Steps) != 1 {
		t.Fatalf("notice chain: %v %+v", err, n)
	}
}

// TestDocumentNumbersUnderConcurrency issues 50 approved documents at once:
// the numbers are 1…50 with no gap and no duplicate.
func TestDocumentNumbersUnderConcurrency(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "num_author", false)
	sg := mustCreateUser(t, db, "num_sg", false)
	appoint(t, db, "office_director", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	ctx, sgCtx := actorCtx(t, db, author.ID), actorCtx(t, db, sg.ID)
	var ids []chamber.ID
	for i := 0; i < 50; i++ {
		d, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: fmt.Sprintf("通知%d", i), Classification: "internal"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SubmitDocument(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideDocument(sgCtx, d.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	var wg sync.WaitGroup
	nos := make([]string, len(ids))
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := db.IssueDocument(ctx, id)
			errs[i] = err
			if err == nil {
				nos[i] = d.DocNo
			}
		}()
	}
	wg.Wait()
	var seqs []int
	for i, no := range nos {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		var y, n int
		if _, err := fmt.Sscanf(strings.TrimPrefix(no, chamber.DefaultDocPrefix), "〔%d〕%d号", &y, &n); err != nil {
			t.Fatalf("%q: %v", no, err)
		}
		seqs = append(seqs, n)
	}
	sort.Ints(seqs)
	for i, n := range seqs {
		if n != i+1 {
			t.Fatalf("numbers %v", seqs)
		}
	}
	// Incoming documents have their own 收文编号 sequence.
	in, err := db.CreateDocument(ctx, chamber.NewDocument{Direction: "incoming", Title: "关于开展年检工作的通知", Sender: "市民政局",
		SenderDocNo: "民发〔2026〕8号", ReceivedOn: "2026-03-02", Classification: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(in.ReceiptNo, "〕1号") {
		t.Fatalf("receipt %q", in.ReceiptNo)
	}
	dirPos := positionByCode(t, db, "office_director").ID
	if in, err = db.RouteDocument(ctx, in.ID, chamber.RouteInput{PositionID: dirPos, Instruction: "请办公室承办"}); err != nil || in.Status != chamber.DocRoutingStatus || len(in.Routes) != 1 {
		t.Fatalf("route: %v %+v", err, in)
	}
	if in, err = db.FinishDocument(ctx, in.ID, "已报送"); err != nil || in.Status != chamber.DocDone {
		t.Fatalf("done: %v", err)
	}
}

// TestDocumentDemo: the demo holds a year of issued documents, numbered
// 1…n, and the confidential one is hidden from the administrator; its
// documents and knowledge base carry files whose text search finds; an
// incoming document is overdue, a record is out on loan, a destruction
// list awaits the 秘书长.
func TestDocumentDemo(t *testing.T) {
	db := openDB(t)
	blobs, err := blob.New(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedWith(sysCtx, db, demo.Options{Blobs: blobs}); err != nil {
		t.Fatal(err)
	}
	office, err := db.FindUserByUsername(sysCtx, "bangong")
	if err != nil {
		t.Fatal(err)
	}
	octx := actorCtx(t, db, office.ID)
	for _, q := range []string{"担保", "展位", "会费收入"} {
		hits, err := db.SearchDocuments(octx, q, 20)
		if err != nil {
			t.Fatal(err)
		}
		att := 0
		for _, h := range hits {
			if h.Kind == "attachment" {
				att++
			}
		}
		if att == 0 {
			t.Fatalf("no annex found for %s: %+v", q, hits)
		}
	}
	// Announcements, minutes and archive records are found too.
	kinds := map[string]int{}
	for _, q := range []string{"会费", "年检"} {
		hits, err := db.SearchDocuments(octx, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			kinds[h.Kind]++
		}
	}
	if kinds["announcement"] == 0 || kinds["minutes"] == 0 || kinds["archive"] == 0 {
		t.Fatalf("demo search finds %v", kinds)
	}
	if late, err := db.ListLoans(octx, false); err != nil || len(late) != 2 {
		t.Fatalf("loans: %v %+v", err, late)
	}
	if lists, err := db.ListDisposals(octx); err != nil || len(lists) != 1 || lists[0].Status != chamber.DisposalProposed {
		t.Fatalf("disposals: %v %+v", err, lists)
	}
	if cs, err := db.ListCollections(octx); err != nil || len(cs) != 2 {
		t.Fatalf("collections: %v %+v", err, cs)
	}
	all, err := db.ListDocuments(sysCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	issued, incoming := 0, 0
	for _, d := range all {
		if d.Status == chamber.DocIssued {
			issued++
		}
		if d.Direction == chamber.DocIncoming {
			incoming++
		}
	}
	if issued < 20 || incoming != 6 { // three received this year, three paper files of 2012–2013 entered for the archive
		t.Fatalf("demo: %d issued, %d incoming", issued, incoming)
	}
	overdue := 0
	for _, d := range all {
		if d.Overdue {
			overdue++
		}
	}
	if overdue != 1 {
		t.Fatalf("overdue incoming: %d", overdue)
	}
	admin, err := db.FindUserByUsername(sysCtx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	seen, err := db.ListDocuments(actorCtx(t, db, admin.ID), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(all)-1 {
		t.Fatalf("admin sees %d of %d", len(seen), len(all))
	}
}

// TestArchiveRefusesChange files an issued document: an archive number of
// its year and period, a second filing 409, and the database refuses any
// UPDATE or DELETE of the record.
func TestArchiveRefusesChange(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "arc_author", false)
	sg := mustCreateUser(t, db, "arc_sg", false)
	appoint(t, db, "office_director", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	d, _ := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "归档测试通知", Classification: "internal"})
	if _, err := db.FileArchive(ctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: "文书档案", Retention: "permanent"}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("a draft filed: %v", err)
	}
	db.SubmitDocument(ctx, d.ID)
	db.DecideDocument(actorCtx(t, db, sg.ID), d.ID, true, "")
	if _, err := db.IssueDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	a, err := db.FileArchive(ctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: "文书档案", Retention: "permanent"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.ArchiveNo, "SH-") || !strings.HasSuffix(a.ArchiveNo, "-Y-0001") || a.Title != "归档测试通知" {
		t.Fatalf("record %+v", a)
	}
	if _, err := db.FileArchive(ctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: "x", Retention: "10y"}); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("filed twice: %v", err)
	}
	if _, err := db.FileArchive(ctx, chamber.NewArchiveRecord{SourceKind: "castle", SourceID: 1, Category: "x", Retention: "forever"}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("bad filing: %v", err)
	}
	if _, err := db.Writer().Exec(`UPDATE archive_records SET retention = '10y' WHERE id = $1`, a.ID); err == nil {
		t.Fatal("an archive record changed")
	}
	if _, err := db.Writer().Exec(`DELETE FROM archive_records WHERE id = $1`, a.ID); err == nil {
		t.Fatal("an archive record was deleted")
	}
	list, err := db.ListArchive(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("list %v %+v", err, list)
	}
}

// TestDocumentSearch finds documents by two characters, pinyin and
// initials; a confidential one only for its readers, without a snippet.
func TestDocumentSearch(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "se_author", false)
	other := mustCreateUser(t, db, "se_other", false)
	admin := mustCreateUser(t, db, "se_admin", true)
	appoint(t, db, "office_director", author, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	if _, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "关于举办跨境电商培训的通知", Body: "为帮助会员企业开拓海外市场，定于下月举办跨境电商专题培训。", Classification: "internal"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "decision", Title: "关于人事调整的决定", Body: "电商事业部负责人调整。", Classification: "confidential", Distribution: []chamber.ID{other.ID}}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"电商": 2, "kuajing": 1, "kjds": 1, "培训": 1, "海外市场": 1, "人事": 1, "nothing": 0} {
		hits, err := db.SearchDocuments(ctx, q, 0)
		if err != nil || len(hits) != want {
			t.Errorf("%q: %v %+v", q, err, hits)
		}
	}
	hits, _ := db.SearchDocuments(ctx, "培训", 0)
	if len(hits) == 1 && !strings.Contains(hits[0].Snippet, "<mark>培训</mark>") {
		t.Errorf("snippet %q", hits[0].Snippet)
	}
	if hits, _ := db.SearchDocuments(actorCtx(t, db, admin.ID), "电商", 0); len(hits) != 1 {
		t.Errorf("admin finds %+v", hits)
	}
	if hits, _ := db.SearchDocuments(actorCtx(t, db, other.ID), "人事", 0); len(hits) != 1 || hits[0].Snippet != "" {
		t.Errorf("reader finds %+v", hits)
	}
}

// TestRegulationVersions: a new version supersedes the old one once issued;
// the register shows only the version in force.
func TestRegulationVersions(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "reg_author", false)
	sg := mustCreateUser(t, db, "reg_sg", false)
	pres := mustCreateUser(t, db, "reg_pres", false)
	appoint(t, db, "office_director", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	appoint(t, db, chamber.PosPresident, pres, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	issue := func(n chamber.NewDocument) *chamber.Document {
		d, err := db.CreateDocument(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		db.SubmitDocument(ctx, d.ID)
		db.DecideDocument(actorCtx(t, db, sg.ID), d.ID, true, "")
		db.DecideDocument(actorCtx(t, db, pres.ID), d.ID, true, "")
		if d, err = db.IssueDocument(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		return d
	}
	v1 := issue(chamber.NewDocument{DocType: "regulation", Title: "财务管理制度", Body: "第一条", Classification: "public"})
	if _, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "regulation", Title: "x", Supersedes: 999999, Classification: "public"}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("supersede nothing: %v", err)
	}
	v2 := issue(chamber.NewDocument{DocType: "regulation", Title: "财务管理制度（修订）", Body: "第一条（修订）", Classification: "public", Supersedes: v1.ID})
	regs, err := db.CurrentRegulations(ctx)
	if err != nil || len(regs) != 1 || regs[0].ID != v2.ID || regs[0].Supersedes != v1.ID {
		t.Fatalf("register: %v %+v", err, regs)
	}
}

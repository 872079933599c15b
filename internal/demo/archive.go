package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedArchive files the year's issued documents and the closed incoming
// ones, adds paper files of 2012 and 2013 entered later (kept 10 years, so
// past retention), lends one record to the finance director and has a
// request of the legal director waiting, and leaves a destruction list of
// the expired files awaiting the 秘书长.
func seedArchive(ctx context.Context, db *sqlstore.DB) error {
	as := func(username string) (context.Context, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		return chamber.WithActor(ctx, a), nil
	}
	office, err := as("bangong")
	if err != nil {
		return err
	}
	docs, err := db.ListDocuments(office, "")
	if err != nil {
		return err
	}
	var first *chamber.ArchiveRecord
	filed := 0
	for i := len(docs) - 1; i >= 0 && filed < 12; i-- {
		d := docs[i]
		if d.Status != chamber.DocIssued && d.Status != chamber.DocDone {
			continue
		}
		ret, cat := "10y", "文书档案/通知"
		switch d.DocType {
		case "decision", "regulation":
			ret, cat = "permanent", "文书档案/决定与制度"
		case "report":
			ret, cat = "30y", "文书档案/工作报告"
		case "":
			cat = "文书档案/收文"
		}
		rec, err := db.FileArchive(office, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: cat, Retention: ret})
		if err != nil {
			return fmt.Errorf("file %s: %w", d.Title, err)
		}
		if first == nil && d.Classification != chamber.ClassConfidential {
			first = rec
		}
		filed++
	}
	for _, old := range []struct {
		title string
		year  int
	}{{"2012年度会员代表大会会议材料（纸质档案补录）", 2012}, {"2012年度会费收缴台账（纸质档案补录）", 2012}, {"2013年度商务考察活动资料（纸质档案补录）", 2013}} {
		d, err := db.CreateDocument(office, chamber.NewDocument{Direction: "incoming", Title: old.title, Sender: "商会办公室（原纸质档案）",
			ReceivedOn: fmt.Sprintf("%d-12-20", old.year), Classification: "internal"})
		if err != nil {
			return err
		}
		if _, err := db.FinishDocument(office, d.ID, "纸质档案已扫描补录。"); err != nil {
			return err
		}
		if _, err := db.FileArchive(office, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: "文书档案/补录", Retention: "10y", Year: old.year}); err != nil {
			return err
		}
	}
	if first != nil {
		finance, err := as("caiwu")
		if err != nil {
			return err
		}
		due := db.Today(ctx)
		if t, ok := chamber.ParseDate(due); ok {
			due = t.AddDate(0, 0, 7).Format("2006-01-02")
		}
		loan, err := db.RequestLoan(finance, chamber.NewArchiveLoan{ArchiveID: first.ID, Purpose: "年度审计需查阅原件", DueOn: due})
		if err != nil {
			return err
		}
		if _, err := db.DecideLoan(office, loan.ID, true, "同意，请按期归还"); err != nil {
			return err
		}
		legal, err := as("fawu")
		if err != nil {
			return err
		}
		if _, err := db.RequestLoan(legal, chamber.NewArchiveLoan{ArchiveID: first.ID, Purpose: "会员维权案件需引用", DueOn: due}); err != nil {
			return err
		}
	}
	_, err = db.ProposeDisposal(office, "2012、2013年度补录档案保管期限（10年）已满，经鉴定无继续保存价值，拟销毁。")
	return err
}

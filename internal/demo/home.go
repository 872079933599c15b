package demo

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedTodo leaves work waiting for the demo logins, so each home shows a
// to-do list: expense claims for the 财务部总监 and the 秘书长, voucher
// drafts to review (财务部总监) and to confirm (出纳 周婷), minutes for the
// 监事 to sign and a decision for the 会长 to sign off.
func seedTodo(ctx context.Context, db *sqlstore.DB) error {
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
	kuaiji, err := as("kuaiji")
	if err != nil {
		return err
	}
	office, err := as("bangong")
	if err != nil {
		return err
	}
	caiwu, err := as("caiwu")
	if err != nil {
		return err
	}
	admin, err := as("admin")
	if err != nil {
		return err
	}
	sg, err := as("mishuzhang")
	if err != nil {
		return err
	}
	today := db.Today(ctx)

	// Claims: the clerk's goes to her director, the office director's to the 秘书长.
	for _, c := range []struct {
		who     context.Context
		summary string
		account string
		fen     int64
		memo    string
	}{
		{kuaiji, "赴杭州参加民非会计制度培训差旅费", "520103", 128000, "高铁票及住宿"},
		{office, "年会场地考察交通费", "520103", 36000, "出租车票"},
	} {
		if _, err := db.CreateReimbursement(c.who, chamber.NewReimbursement{Summary: c.summary, Receipts: "发票 2 张",
			Lines: []chamber.NewReimbursementLine{{Date: today, Account: c.account, AmountFen: c.fen, Memo: c.memo}}}); err != nil {
			return fmt.Errorf("claim %s: %w", c.summary, err)
		}
	}

	// Voucher drafts: one made by the clerk for the director's 审核; one
	// made by the director and reviewed, waiting for the 出纳's cash check.
	l := func(acct string, dr, cr int64) chamber.NewVoucherLine {
		return chamber.NewVoucherLine{Account: acct, DebitFen: dr, CreditFen: cr}
	}
	if _, err := db.CreateDraft(kuaiji, chamber.NewVoucher{Date: today, Summary: "支付年会场地定金", Attachments: 1,
		Lines: []chamber.NewVoucherLine{l("510102", 500000, 0), l("100201", 0, 500000)}}); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	d, err := db.CreateDraft(caiwu, chamber.NewVoucher{Date: today, Summary: "购买办公用品", Attachments: 2,
		Lines: []chamber.NewVoucherLine{l("520102", 46000, 0), l("1001", 0, 46000)}})
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if _, err := db.ReviewDraft(admin, d.ID); err != nil {
		return fmt.Errorf("review draft: %w", err)
	}

	// Minutes of the last staff meeting, drafted by the office, for the 监事 to sign.
	ms, _, err := db.ListMeetings(ctx, chamber.Page{Limit: 50})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Body == "secretariat" {
			if _, err := db.SaveMinutes(office, m.ID, "一、各部门汇报本周工作。\n二、落实年会场地和预算。\n三、催缴第三季度会费。"); err != nil {
				return fmt.Errorf("minutes: %w", err)
			}
			break
		}
	}

	// A decision the 秘书长 has signed, waiting for the 会长.
	doc, err := db.CreateDocument(office, chamber.NewDocument{DocType: "decision", Title: "关于表彰2026年度优秀会员企业的决定",
		Body: "经秘书处提名，授予下列会员企业“2026年度优秀会员企业”称号。", Classification: chamber.ClassInternal})
	if err != nil {
		return err
	}
	if doc, err = db.SubmitDocument(office, doc.ID); err != nil {
		return fmt.Errorf("submit decision: %w", err)
	}
	if len(doc.Steps) > 1 {
		if _, err := db.DecideDocument(sg, doc.ID, true, "同意，请会长签发"); err != nil {
			return fmt.Errorf("sign decision: %w", err)
		}
	}
	return nil
}

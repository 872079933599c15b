package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedDocuments fills a year of official documents: monthly notices and
// reports signed by the 秘书长, decisions and a regulation signed by the
// 会长 too, one confidential decision for the leadership only, a draft
// still in sign-off, and incoming documents routed and done. Dates are
// spread over the year before the seed, in the order of their numbers.
func seedDocuments(ctx context.Context, db *sqlstore.DB, opt Options) error {
	as := func(username string) (context.Context, *chamber.User, error) {
		u, err := db.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, nil, err
		}
		a, err := db.Actor(ctx, u.ID)
		if err != nil {
			return nil, nil, err
		}
		return chamber.WithActor(ctx, a), u, nil
	}
	office, _, err := as("bangong")
	if err != nil {
		return err
	}
	sg, sgUser, err := as("mishuzhang")
	if err != nil {
		return err
	}
	pres, presUser, err := as("huizhang")
	if err != nil {
		return err
	}
	now := chamberNow(ctx, db)
	start := time.Date(now.Year(), 1, 5, 2, 0, 0, 0, time.UTC)
	months := int(now.Month()) - 1
	if months < 1 {
		months = 1
	}
	type spec struct{ docType, title, body, class string }
	var specs []spec
	for m := 1; m <= months; m++ {
		specs = append(specs,
			spec{"notice", fmt.Sprintf("关于召开%d月会长办公会议的通知", m), fmt.Sprintf("## 会议事项\n\n1. 听取秘书处%d月工作汇报\n2. 研究会员发展工作\n3. 其他事项\n\n请各位副会长准时出席。", m), "internal"},
			spec{"report", fmt.Sprintf("商会%d月工作简报", m), fmt.Sprintf("## 本月工作\n\n- 新发展会员企业 %d 家\n- 组织走访会员企业 %d 家\n- 受理法律维权咨询 %d 件\n\n| 项目 | 完成 |\n|---|---|\n| 会员走访 | %d |\n| 政策宣讲 | %d |", 3+m%4, 10+m, 2+m%3, 10+m, 1+m%2), "public"},
		)
		if m%3 == 0 {
			specs = append(specs, spec{"letter", fmt.Sprintf("关于商请协助组织会员企业参加%d季度招商推介会的函", m/3), "市商务局：\n\n为帮助会员企业拓展市场，本会拟组织会员企业参加招商推介活动，恳请贵局给予支持。", "public"})
		}
	}
	specs = append(specs,
		spec{"decision", "关于表彰年度优秀会员企业的决定", "经会长办公会议研究，决定表彰下列会员企业：\n\n| 企业 | 称号 |\n|---|---|\n| 瓯江电气有限公司 | 优秀会员企业 |\n| 滨江科技股份有限公司 | 公益贡献奖 |", "public"},
		spec{"regulation", "商会财务管理制度（修订）", "## 第一章 总则\n\n第一条 为规范本会财务管理，根据《民间非营利组织会计制度》，制定本制度。\n\n## 第二章 预算管理\n\n第二条 年度预算由秘书处编制，经理事会审议通过后执行。", "internal"},
		spec{"decision", "关于秘书处人员调整的决定", "经会长办公会议研究决定：调整秘书处部分岗位人员。具体名单另附。", "confidential"},
	)
	var issued []chamber.ID
	for _, s := range specs {
		dist := []chamber.ID{}
		if s.class == "confidential" {
			dist = []chamber.ID{sgUser.ID, presUser.ID}
		}
		mainTo, copyTo := "各会员单位", ""
		switch s.docType {
		case "notice":
			mainTo, copyTo = "各位副会长、秘书处各部门", "监事会"
		case "letter":
			mainTo, copyTo = "滨江市商务局", "滨江市工商业联合会"
		case "report":
			copyTo = "滨江市民政局、滨江市工商业联合会"
		case "regulation":
			mainTo, copyTo = "秘书处各部门", "监事会"
		}
		if s.class == "confidential" {
			mainTo, copyTo = "会长、秘书长", ""
		}
		d, err := db.CreateDocument(office, chamber.NewDocument{Direction: "outgoing", DocType: s.docType, Title: s.title, Body: s.body,
			Classification: s.class, Distribution: dist, MainTo: mainTo, CopyTo: copyTo})
		if err != nil {
			return fmt.Errorf("document %s: %w", s.title, err)
		}
		if f, ok := annexes[s.docType]; ok && (s.docType != "notice" || len(issued)%3 == 0) {
			if err := opt.attach(office, db, chamber.OwnerDocument, d.ID, f); err != nil {
				return err
			}
		}
		if _, err := db.SubmitDocument(office, d.ID); err != nil {
			return fmt.Errorf("submit %s: %w", s.title, err)
		}
		if _, err := db.DecideDocument(sg, d.ID, true, "核稿同意"); err != nil {
			return err
		}
		if chamber.NeedsPresident(s.docType) {
			if _, err := db.DecideDocument(pres, d.ID, true, "同意签发"); err != nil {
				return err
			}
		}
		if _, err := db.IssueDocument(office, d.ID); err != nil {
			return err
		}
		issued = append(issued, d.ID)
	}
	// One still waiting for the 秘书长.
	draft, err := db.CreateDocument(office, chamber.NewDocument{Direction: "outgoing", DocType: "notice", Title: "关于开展年终会员走访活动的通知",
		Body: "请各部门按片区分工，于月底前完成走访。", Classification: "internal"})
	if err != nil {
		return err
	}
	if _, err := db.SubmitDocument(office, draft.ID); err != nil {
		return err
	}
	// Incoming documents.
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return err
	}
	var director, sgPos *chamber.Position
	for _, p := range positions {
		switch p.Code {
		case "office_director":
			director = p
		case chamber.PosSecretaryGeneral:
			sgPos = p
		}
	}
	if director == nil || sgPos == nil {
		return fmt.Errorf("no office_director position")
	}
	incoming := []chamber.NewDocument{
		{Title: "关于开展社会组织年度检查工作的通知", Sender: "滨江市民政局", SenderDocNo: "滨民发〔" + fmt.Sprint(now.Year()) + "〕12号"},
		{Title: "关于做好非公有制经济人士推荐工作的通知", Sender: "滨江市工商业联合会", SenderDocNo: "滨工商联〔" + fmt.Sprint(now.Year()) + "〕5号"},
		{Title: "关于组织企业参加中国国际进口博览会的函", Sender: "滨江市商务局", SenderDocNo: "滨商函〔" + fmt.Sprint(now.Year()) + "〕33号"},
	}
	for i, n := range incoming {
		n.Direction, n.Classification = "incoming", "internal"
		n.ReceivedOn = start.AddDate(0, 3*i+1, 0).Format("2006-01-02")
		d, err := db.CreateDocument(office, n)
		if err != nil {
			return fmt.Errorf("incoming %s: %w", n.Title, err)
		}
		if _, err := db.RouteDocument(office, d.ID, chamber.RouteInput{PositionID: director.ID, Instruction: "拟请办公室承办"}); err != nil {
			return err
		}
		if i == 2 {
			if err := opt.attach(office, db, chamber.OwnerDocument, d.ID, demoFile{name: "来文扫描件.docx", paras: []string{
				"关于组织企业参加中国国际进口博览会的函", "各有关商协会：", "为做好本届进博会招商组织工作，请于月底前报送参展企业名单及展位需求。"}}); err != nil {
				return err
			}
			// 批办 and 承办 with a deadline that has passed: overdue.
			if _, err := db.RouteDocument(office, d.ID, chamber.RouteInput{PositionID: sgPos.ID, Instruction: "请秘书长批示"}); err != nil {
				return err
			}
			if _, err := db.RouteDocument(office, d.ID, chamber.RouteInput{PositionID: director.ID, Instruction: "请办公室于月底前报送参展企业名单",
				DueOn: db.Today(ctx)}); err != nil {
				return err
			}
			past := now.AddDate(0, 0, -3).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
			if _, err := db.Writer().ExecContext(ctx, `UPDATE documents SET due_on = $1 WHERE id = $2`, past, d.ID); err != nil {
				return err
			}
		}
		if i < 2 {
			if _, err := db.FinishDocument(office, d.ID, "已按要求办理并报送。"); err != nil {
				return err
			}
		}
	}
	// Spread the issued documents over the year, in number order.
	span := now.Sub(start)
	for i, id := range issued {
		at := start.Add(span * time.Duration(i) / time.Duration(len(issued)+1))
		if _, err := db.Writer().ExecContext(ctx, `UPDATE documents SET created_at = $1, issued_at = $2 WHERE id = $3`,
			at.Add(-48*time.Hour).UnixMicro(), at.UnixMicro(), id); err != nil {
			return err
		}
	}
	return nil
}

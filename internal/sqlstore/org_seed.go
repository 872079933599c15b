package sqlstore

import (
	"strconv"

	"github.com/chamber-org/chamber"
)

// The standard structure of the requirements: 会员大会 → 理事会 → 秘书处,
// with 监事会, 常务理事会, 会长会议 and the usual committees; the
// secretariat's departments, the 秘书长 → 部门总监 → 专员 chain, and the
// duties text of the requirements. Everything is editable afterwards.

type seedBody struct {
	code, kind, name, committeeKind, parent, description string
	seatGrants                                           []chamber.Permission
}

var standardBodies = []seedBody{
	{"general_assembly", chamber.BodyGeneralAssembly, "会员大会", "", "",
		"商会最高权力机构。制定和修改章程；选举和罢免理事、监事；审议理事会工作报告和财务报告；决定终止事宜；决定其他重大事宜。", nil},
	{"council", chamber.BodyCouncil, "理事会", "", "general_assembly",
		"会员大会的执行机构，在闭会期间领导商会开展日常工作，对会员大会负责。执行会员大会决议；制定实施方案和措施；管理商会日常工作，制定和实施各项规章制度；组织重大活动和重要会议；制定财务管理规定和财务预算。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead}},
	{"standing_council", chamber.BodyStandingCouncil, "常务理事会", "", "council",
		"在理事会闭会期间行使理事会职权：负责商会日常管理工作，组织商会各项活动，监督商会财务状况。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead}},
	{"presidium", chamber.BodyPresidium, "会长会议", "", "council",
		"由会长、副会长、秘书长组成，审议商会重大决策，确定商会工作的整体方向和目标，审议秘书处机构设置及职能。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead}},
	{"supervisory_board", chamber.BodySupervisoryBoard, "监事会", "", "general_assembly",
		"对商会的财务和管理进行监督，列席理事会会议，检查商会财务和会计资料，向会员大会报告工作。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead, chamber.PermAuditRead}},
	{"advisory_committee", chamber.BodyCommittee, "顾问委员会", "advisory", "council",
		"由商会的荣誉会长和资深商业领袖组成，负责提供智囊团支持和为商会决策提供指导。", nil},
	{"executive_committee", chamber.BodyCommittee, "执行委员会", "executive", "council",
		"由会长、副会长和几位重要会员组成，负责商会的日常管理和决策。", nil},
	{"professional_committee", chamber.BodyCommittee, "专业委员会", "professional", "council",
		"由一位主任和数位委员组成，研究特定领域的政策和法规并提供建议，组织专业培训和研讨会议，促进会员企业的合作与交流。", nil},
	{"finance_committee", chamber.BodyCommittee, "财务委员会", "finance", "council",
		"负责商会的财务管理和监督，与秘书处紧密合作，确保商会的财务状况透明和健康。",
		[]chamber.Permission{chamber.PermFinanceRead}},
	{"secretariat", chamber.BodySecretariat, "秘书处", "", "council",
		"商会的具体管理实施机构：协调商会各项工作，为商会领导层提供秘书服务；负责日常管理工作，包括文件管理、人员招聘、财务管理、安全管理；负责信息发布、宣传和拓展业务；组织会议、培训、会员联谊等各项活动。", nil},
}

type seedPosition struct {
	code, name, body, dept string
	rank, headcount        int
	reportsTo              string // code of the boss
	duties                 string
	grants                 []chamber.Permission
}

var (
	officePos = []chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermMeetingManage, chamber.PermDocumentWrite, chamber.PermAnnounceWrite, chamber.PermTicketHandle}
)

var standardPositions = []seedPosition{
	{chamber.PosPresident, "会长", "council", "", 0, 1, "",
		"主持商会全体工作，负责商会整体规划和决策；统筹协调商会各项工作，发挥商会整体效益；制定商会年度工作计划并组织实施；主持商会常务会议，领导商会全体工作人员。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead, chamber.PermMeetingManage, chamber.PermAnnounceApprove, chamber.PermAuditRead}},
	{chamber.PosVicePresident, "副会长", "council", "", 0, 10, chamber.PosPresident,
		"协助会长开展工作，负责具体项目的推进和管理；协调商会内部各部门协作；受会长委托代行会长工作。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead}},
	{chamber.PosChiefSupervisor, "监事长", "supervisory_board", "", 0, 1, "",
		"主持监事会工作，检查商会财务和会计资料，监督理事会和秘书处依照章程开展工作。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead, chamber.PermAuditRead}},
	{chamber.PosSecretaryGeneral, "秘书长", "secretariat", "", 1, 1, chamber.PosPresident,
		"商会的管理者，负责商会的日常运营和管理：协调各部门之间的工作，制定商会的战略计划，组织商会的会议和活动，管理商会的财务和人力资源。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermMemberWrite, chamber.PermMeetingManage, chamber.PermFinanceRead,
			chamber.PermAnnounceWrite, chamber.PermAnnounceApprove, chamber.PermDocumentWrite, chamber.PermTicketHandle, chamber.PermStaffManage, chamber.PermAuditRead}},
	{chamber.PosDeputySecretaryGeneral, "副秘书长", "secretariat", "", 2, 3, chamber.PosSecretaryGeneral,
		"协助秘书长管理秘书处的日常工作，负责特定职能部门的管理和协调工作。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermMeetingManage, chamber.PermFinanceRead, chamber.PermDocumentWrite, chamber.PermStaffManage}},
}

type seedDepartment struct {
	code, name, duties string
	director           string // the director's duties
	directorGrants     []chamber.Permission
	staffGrants        []chamber.Permission
}

var standardDepartments = []seedDepartment{
	{"office", "办公室",
		"负责商会发展规划目标及年度计划制定并组织实施；负责会议组织、文秘、信息、信访、文书档案、文印、接待等工作；负责人事、财务工作；负责与政府相关部门联系；负责计算机网络、本会网站、会刊、财产等工作；负责与本会各部门和各兄弟单位的联系。",
		"主持办公室工作，组织会议和文秘、档案、接待工作，统筹年度计划的制定与实施。", officePos, officePos},
	{"member_development", "会员发展部",
		"负责会员发展及会员数据库工作；负责对会员的联系、考察，做好代表人士政治安排的推荐工作；负责对会员的培训；组织会员积极参与社会公益事业和社会捐赠活动。",
		"负责商会的会员管理工作，包括招募新会员、维护老会员、提高会员满意度；与各部门紧密合作，为会员提供更好的服务和支持。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermMemberWrite},
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermMemberWrite}},
	{"economic_cooperation", "经济合作部",
		"负责与发改、经信、商务等经济部门的联系沟通，及时向会员提供经济信息及经济政策信息；组织会员企业参加各种经济活动；做好招商引资工作；负责与金融部门沟通，为会员企业协调解决经济方面的实际困难；负责会员企业产品展销及推介、组展及展会的管理。",
		"主持经济合作部工作，组织经贸活动、招商引资和融资协调。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermTicketHandle},
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermTicketHandle}},
	{"legal_rights", "法律维权部",
		"负责商会涉及有关政策、法律的咨询、培训和资料库的建设；负责与法律顾问联系为会员企业依法维权，解决经济纠纷。",
		"主持法律维权部工作，组织法律咨询和会员维权。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermTicketHandle},
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermTicketHandle}},
	{"finance", "财务部",
		"负责商会预算编制和财务管理；统计商会经济数据，监督财务运作；编制商会年度预算和财务报表，保障财务安全和透明度。",
		"负责商会的财务管理工作，包括会计核算、财务分析、预算管理等；负责商会的公益事业，组织和开展各种公益活动。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermFinanceRead, chamber.PermFinancePost, chamber.PermFinanceReview},
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermFinanceRead, chamber.PermFinancePost, chamber.PermFinanceCashier}},
	{"publicity", "宣传策划部",
		"策划商会内外各类活动和推广方案；负责商会形象建设和品牌推广；负责联系新闻媒体对商会和会员企业的宣传。",
		"负责商会的宣传推广工作，包括制定宣传策略、设计宣传材料、组织宣传活动；为商会树立良好的形象和品牌。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermAnnounceWrite},
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermMemberRead, chamber.PermAnnounceWrite}},
	{"logistics", "行政后勤部",
		"负责商会的后勤管理工作，包括设施维护、物品采购、车辆管理等。",
		"负责商会的后勤管理工作，包括设施维护、物品采购、车辆管理；与各部门协调合作，为商会提供高效的后勤支持。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermStaffManage},
		[]chamber.Permission{chamber.PermOrgRead}},
	{"human_resources", "人力资源部",
		"负责商会的人力资源管理工作，包括招聘、培训、绩效考核、薪资福利等。",
		"负责商会的人力资源管理工作，包括招聘、培训、绩效考核、薪资福利；与各部门密切合作，为商会提供优秀的人才资源。",
		[]chamber.Permission{chamber.PermOrgRead, chamber.PermStaffManage},
		[]chamber.Permission{chamber.PermOrgRead}},
}

// seedOrg creates the standard structure once.
func (tx *Tx) seedOrg() error {
	if _, done, err := tx.setting("seed.org"); err != nil || done {
		return err
	}
	ctx := tx.ctx
	bodyID := map[string]chamber.ID{}
	granted := []chamber.Grant{} // recorded so that verify can rebuild the grants table
	grant := func(kind string, id chamber.ID, perms []chamber.Permission) error {
		for _, p := range perms {
			granted = append(granted, chamber.Grant{SubjectKind: kind, Subject: strconv.FormatInt(id, 10), Permission: p})
			if _, err := tx.ExecContext(ctx, `INSERT INTO grants(subject_kind, subject, permission) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				kind, strconv.FormatInt(id, 10), string(p)); err != nil {
				return err
			}
		}
		return nil
	}
	for i, b := range standardBodies {
		var id chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO bodies(kind, code, name, committee_kind, parent_id, description, sort)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			b.kind, b.code, b.name, b.committeeKind, nullID(bodyID[b.parent]), b.description, (i+1)*10).Scan(&id); err != nil {
			return err
		}
		bodyID[b.code] = id
		if err := grant("body_seat", id, b.seatGrants); err != nil {
			return err
		}
	}
	posID := map[string]chamber.ID{}
	addPosition := func(code, name string, body, dept chamber.ID, rank, headcount int, boss chamber.ID, duties string, sortKey int, perms []chamber.Permission) (chamber.ID, error) {
		var id chamber.ID
		err := tx.QueryRowContext(ctx, `INSERT INTO positions(code, name, department_id, body_id, rank, reports_to, headcount, duties, sort)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			nullStr(code), name, nullID(dept), nullID(body), rank, nullID(boss), headcount, duties, sortKey).Scan(&id)
		if err != nil {
			return 0, err
		}
		return id, grant("position", id, perms)
	}
	for i, p := range standardPositions {
		id, err := addPosition(p.code, p.name, bodyID[p.body], 0, p.rank, p.headcount, posID[p.reportsTo], p.duties, (i+1)*10, p.grants)
		if err != nil {
			return err
		}
		posID[p.code] = id
	}
	for i, d := range standardDepartments {
		var deptID chamber.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO departments(code, name, body_id, duties, sort) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			d.code, d.name, bodyID["secretariat"], d.duties, (i+1)*10).Scan(&deptID); err != nil {
			return err
		}
		director := d.name + "总监"
		if d.code == "office" {
			director = "办公室主任"
		}
		dirID, err := addPosition(d.code+"_director", director, 0, deptID, 2, 1, posID[chamber.PosSecretaryGeneral], d.director, 10, d.directorGrants)
		if err != nil {
			return err
		}
		if _, err := addPosition(d.code+"_staff", d.name+"专员", 0, deptID, 3, 3, dirID, d.duties, 20, d.staffGrants); err != nil {
			return err
		}
	}
	if err := tx.setSetting("seed.org", "1"); err != nil {
		return err
	}
	// The record holds what was created, so that verify can compare it.
	bodies, err := queryAll(ctx, tx, scanBody, `SELECT `+bodyColumns+` FROM bodies ORDER BY id`)
	if err != nil {
		return err
	}
	depts, err := queryAll(ctx, tx, scanDepartment, `SELECT `+departmentColumns+` FROM departments ORDER BY id`)
	if err != nil {
		return err
	}
	positions, err := queryAll(ctx, tx, scanPosition, `SELECT `+positionColumns+` FROM positions ORDER BY id`)
	if err != nil {
		return err
	}
	return tx.Audit("org.seed", "org", 0, nil, map[string]any{"bodies": len(standardBodies), "departments": len(standardDepartments),
		"grants": granted, "created": map[string]any{"body": bodies, "department": depts, "position": positions}})
}

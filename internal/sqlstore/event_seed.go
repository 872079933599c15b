package sqlstore

import (
	"sort"
	"strconv"

	"github.com/chamber-org/chamber"
)

// eventGrants: who plans and runs events and who keeps the work plan, from
// the duties in the requirements: the 秘书长 and 办公室 (年度计划、会议、
// 培训、联谊), 宣传策划部 (活动策划), 会员发展部 (培训、公益), 经济合作部
// (组展、展销推介), the 副秘书长; the administrator holds both.
var eventGrants = map[string][]chamber.Permission{
	chamber.PosSecretaryGeneral:       {chamber.PermEventManage, chamber.PermWorkPlanManage},
	chamber.PosDeputySecretaryGeneral: {chamber.PermEventManage},
	"office_director":                 {chamber.PermEventManage, chamber.PermWorkPlanManage},
	"office_staff":                    {chamber.PermEventManage},
	"publicity_director":              {chamber.PermEventManage},
	"publicity_staff":                 {chamber.PermEventManage},
	"member_development_director":     {chamber.PermEventManage},
	"member_development_staff":        {chamber.PermEventManage},
	"economic_cooperation_director":   {chamber.PermEventManage},
	"economic_cooperation_staff":      {chamber.PermEventManage},
}

// seedEventGrants adds the events' permissions once, on new and existing
// installations alike.
func (tx *Tx) seedEventGrants() error {
	return tx.seedGrantsOnce("seed.event_grants", []chamber.Permission{chamber.PermEventManage, chamber.PermWorkPlanManage}, eventGrants)
}

// seedGrantsOnce adds the administrator's role and the positions (by code)
// the permissions of a domain, once (behind the marker setting), each
// subject recorded as a grants.set so that verify can rebuild the grants
// table. A position that was removed or renamed is skipped.
func (tx *Tx) seedGrantsOnce(marker string, admin []chamber.Permission, byCode map[string][]chamber.Permission) error {
	if _, done, err := tx.setting(marker); err != nil || done {
		return err
	}
	add := func(kind, subject string, perms []chamber.Permission) error {
		before, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (string, error) {
			var p string
			return p, sc.Scan(&p)
		}, `SELECT permission FROM grants WHERE subject_kind = $1 AND subject = $2 ORDER BY permission`, kind, subject)
		if err != nil {
			return err
		}
		after := append([]string{}, before...)
		for _, p := range perms {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO grants(subject_kind, subject, permission) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				kind, subject, string(p)); err != nil {
				return err
			}
			found := false
			for _, q := range before {
				found = found || q == string(p)
			}
			if !found {
				after = append(after, string(p))
			}
		}
		if len(after) == len(before) {
			return nil
		}
		sort.Strings(after)
		return tx.Audit("grants.set", "grants", 0, map[string]any{"subject_kind": kind, "subject": subject, "permissions": before},
			map[string]any{"subject_kind": kind, "subject": subject, "permissions": after})
	}
	if err := add("role", string(chamber.RoleAdmin), admin); err != nil {
		return err
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		var id chamber.ID
		err := tx.QueryRowContext(tx.ctx, `SELECT id FROM positions WHERE code = $1`, code).Scan(&id)
		if err != nil {
			continue // the post was removed or renamed: nothing to grant
		}
		if err := add("position", strconv.FormatInt(id, 10), byCode[code]); err != nil {
			return err
		}
	}
	return tx.setSetting(marker, "1")
}

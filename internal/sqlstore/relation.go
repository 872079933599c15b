package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Outside relations and economic cooperation: agreements, investment leads
// and delegations. The 办公室 (与政府相关部门、兄弟单位的联系) and the
// 经济合作部 (招商引资、组织考察) keep them, with the 秘书长 and 副秘书长;
// the 会长 and 副会长 read them. A member's portal login sees none of them.
var relationsGrants = map[string][]chamber.Permission{
	chamber.PosPresident:              {chamber.PermRelationsRead},
	chamber.PosVicePresident:          {chamber.PermRelationsRead},
	chamber.PosSecretaryGeneral:       {chamber.PermRelationsWrite},
	chamber.PosDeputySecretaryGeneral: {chamber.PermRelationsWrite},
	"office_director":                 {chamber.PermRelationsWrite},
	"office_staff":                    {chamber.PermRelationsWrite},
	"economic_cooperation_director":   {chamber.PermRelationsWrite},
	"economic_cooperation_staff":      {chamber.PermRelationsWrite},
}

func (tx *Tx) seedRelationsGrants() error {
	return tx.seedPositionGrants("seed.relations_grants", []chamber.Permission{chamber.PermRelationsRead, chamber.PermRelationsWrite}, relationsGrants)
}

// exists reports whether table holds a row with id (table is a constant).
func exists(ctx context.Context, q rowQuerier, table string, id chamber.ID) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// mustExist returns a field error on field unless every id is a row of table.
func mustExist(ctx context.Context, q rowQuerier, table, field, key string, ids ...chamber.ID) error {
	for _, id := range ids {
		ok, err := exists(ctx, q, table, id)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr(field, key)
		}
	}
	return nil
}

// keyCursor is a list position "key|id" for lists ordered by a text key, then id.
func keyCursor(key string, id chamber.ID) string { return key + "|" + strconv.FormatInt(id, 10) }

func parseKeyCursor(c string) (string, int64, error) {
	k, n, ok := strings.Cut(c, "|")
	id, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || id <= 0 {
		return "", 0, chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
	}
	return k, id, nil
}

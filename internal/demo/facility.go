package demo

import (
	"context"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// seedFacilities sets the cars' insurance and inspection dates (one due
// within the month), logs trips, files repair requests in each status and
// fills the reception log.
func seedFacilities(ctx context.Context, db *sqlstore.DB) error {
	today, err := time.Parse("2006-01-02", db.Today(ctx))
	if err != nil {
		return err
	}
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	cars, err := db.ListVehicles(ctx)
	if err != nil || len(cars) < 2 {
		return err
	}
	for i, d := range []chamber.VehicleDates{{InsuranceUntil: day(18), InspectionUntil: day(160)}, {InsuranceUntil: day(240), InspectionUntil: day(45)}} {
		if _, err := db.SetVehicleDates(ctx, cars[i].ID, d); err != nil {
			return err
		}
	}
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
	km := []int64{36520, 18840}
	for _, t := range []struct {
		who     string
		car     int
		day     int
		km      int64
		purpose string
		fuel    int64
	}{
		{"bangong", 0, -40, 96, "接送省工商联调研组", 18000},
		{"fawu", 1, -33, 42, "赴法院参加会员企业案件调解", 0},
		{"huiyuan", 0, -26, 188, "走访新入会会员企业", 32000},
		{"mishuzhang", 1, -19, 310, "赴省城参加会议", 45000},
		{"bangong", 0, -5, 64, "会员企业座谈会接送", 0},
	} {
		c, err := as(t.who)
		if err != nil {
			return err
		}
		if _, err := db.LogTrip(c, chamber.VehicleTrip{VehicleID: cars[t.car].ID, Date: day(t.day), StartKm: km[t.car], EndKm: km[t.car] + t.km,
			Purpose: t.purpose, FuelFen: t.fuel}); err != nil {
			return err
		}
		km[t.car] += t.km + 3
	}
	wenmi, err := as("wenmi")
	if err != nil {
		return err
	}
	keeper, err := as("mishuzhang")
	if err != nil {
		return err
	}
	for _, r := range []struct{ title, location, status, note string }{
		{"一号会议室空调不制冷", "一号会议室", chamber.RepairDone, "已更换压缩机电容"},
		{"复印机卡纸频繁", "秘书处办公室", chamber.RepairInProgress, "已联系售后，待上门"},
		{"走廊灯管闪烁", "三楼走廊", chamber.RepairOpen, ""},
	} {
		rep, err := db.CreateRepair(wenmi, chamber.RepairRequest{Title: r.title, Location: r.location})
		if err != nil {
			return err
		}
		if r.status != chamber.RepairOpen {
			if _, err := db.SetRepairStatus(keeper, rep.ID, r.status, r.note); err != nil {
				return err
			}
		}
	}
	for _, v := range []chamber.Reception{
		{Date: day(-30), Visitor: "张主任", Organisation: "市工商联", People: 3, Purpose: "调研异地商会工作"},
		{Date: day(-21), Visitor: "林会长", Organisation: "兄弟商会（杭州温州商会）", People: 5, Purpose: "交流会员服务经验"},
		{Date: day(-8), Visitor: "陈经理", Organisation: "某银行普惠金融部", People: 2, Purpose: "洽谈会员企业融资合作"},
	} {
		if _, err := db.LogReception(wenmi, v); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"context"
	"encoding/csv"
	"os"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/web"
)

// runInvite: chamber invite (--all | --tier T | --member-no NO,…) [--mail]
// --base-url URL --out FILE.csv. It makes the portal invitations as the
// page does and writes one row per invitation (for a mail merge of
// letters); the codes are in that file only.
func runInvite(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "invite", "invite (--all | --tier T | --member-no NO,NO…) [--mail] --base-url URL --out FILE.csv")
	all := fs.Bool("all", false, "every active member without a portal login")
	tier := fs.String("tier", "", "the members of one tier (code) without a portal login")
	nos := fs.String("member-no", "", "会员编号, comma-separated")
	mail := fs.Bool("mail", false, "also e-mail those with an address (sent by chamber serve)")
	base := fs.String("base-url", envOr(e, "CHAMBER_BASE_URL", ""), "the public address the activation links start with (env CHAMBER_BASE_URL)")
	out := fs.String("out", "", "CSV file to write: member_no, member, name, username, code, link, expires (required; never overwritten)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *base == "" {
		return usagef("invite: --out and --base-url are required")
	}
	if !*all && *tier == "" && *nos == "" {
		return usagef("invite: say whom: --all, --tier or --member-no")
	}
	baseURL, err := web.NormalizeBaseURL(*base)
	if err != nil {
		return usagef("invite: --base-url: %v", err)
	}
	if err := e.mustNotExist(*out); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	f := chamber.InviteFilter{All: *all, Tier: *tier, Mail: *mail}
	for _, no := range strings.Split(*nos, ",") {
		if no = strings.TrimSpace(no); no != "" {
			f.MemberNos = append(f.MemberNos, no)
		}
	}
	list, err := db.InviteMembers(sysCtx(ctx), f, baseURL+"/activate")
	if err != nil {
		return err
	}
	file, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	w := csv.NewWriter(file)
	w.Write([]string{"member_no", "member", "name", "username", "code", "link", "expires"})
	mailed := 0
	for _, inv := range list {
		w.Write([]string{inv.MemberNo, inv.Member, inv.Name, inv.Username, inv.Code, baseURL + "/activate?code=" + inv.Code, inv.ExpiresAt.Format("2006-01-02")})
		if inv.Mailed {
			mailed++
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	e.say(e.stdout, "cli.invited", len(list), mailed, *out)
	return nil
}

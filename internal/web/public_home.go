package web

import (
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
)

// publicHomeLimit is how many news, disclosures and events the public home
// shows of each; the full lists are one link away.
const publicHomeLimit = 5

type publicHomePage struct {
	publicPage
	IntroParas  []string
	News        []*chamber.Announcement
	Disclosures []*chamber.Announcement
	Events      []*chamber.Event
	Campaigns   []*chamber.CharityCampaign
}

// homeOrPublic is GET /: a login's own home, for visitors the public home.
func (s *Server) homeOrPublic(w http.ResponseWriter, r *http.Request) error {
	if info(r).Actor != nil {
		return s.homePage(w, r)
	}
	return s.publicHome(w, r)
}

// publicHome is the chamber's page for anonymous visitors (公开主页): its
// introduction, the latest public news and disclosures, the events open to
// the public, 入会申请, contact and the way to log in. Only what the public
// may see: published announcements with the public audience and published
// public events; no figures of the chamber's internals.
func (s *Server) publicHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := publicHomePage{publicPage: s.publicPage(r, "public.title")}
	for _, para := range strings.Split(p.Chamber.Intro, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			p.IntroParas = append(p.IntroParas, para)
		}
	}
	news, _, err := s.store.ListAnnouncements(ctx, chamber.AnnouncementFilter{Public: true}, chamber.Page{Limit: 20})
	if err != nil {
		return err
	}
	for _, a := range news {
		if a.Status == chamber.AnnPublished && a.Audience == chamber.AudiencePublic && a.Kind != chamber.KindDisclosure && len(p.News) < publicHomeLimit {
			p.News = append(p.News, a)
		}
	}
	disc, err := s.store.Disclosures(ctx)
	if err != nil {
		return err
	}
	for _, a := range disc {
		if a.Status == chamber.AnnPublished && a.Audience == chamber.AudiencePublic && len(p.Disclosures) < publicHomeLimit {
			p.Disclosures = append(p.Disclosures, a)
		}
	}
	events, _, err := s.store.ListEvents(ctx, chamber.EventFilter{Upcoming: true}, chamber.Page{Limit: 20})
	if err != nil {
		return err
	}
	for _, e := range events {
		if e.Audience == chamber.EventPublic && e.Status != chamber.EventDraft && e.Status != chamber.EventCancelled && len(p.Events) < publicHomeLimit {
			p.Events = append(p.Events, e)
		}
	}
	camps, err := s.store.ListCharityCampaigns(ctx)
	if err != nil {
		return err
	}
	for _, c := range camps {
		if c.Public && len(p.Campaigns) < publicHomeLimit {
			p.Campaigns = append(p.Campaigns, c)
		}
	}
	s.render(w, r, http.StatusOK, "public_home", &p)
	return nil
}

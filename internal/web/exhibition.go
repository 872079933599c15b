package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Exhibitions (组展): the staff page of an exhibition event (booths, the
// floor plan, applications and allocation), the portal's application and
// product entries, the public floor plan with exhibitors and their
// products (展销推介), and the API.
func (s *Server) exhibitionRoutes() []*route {
	const manage = chamber.PermEventManage
	return []*route{
		perm("GET", "/events/{id}/exhibition", manage, s.exhibitionPage),
		perm("POST", "/events/{id}/booths", manage, s.boothSubmit),
		perm("POST", "/exhibitors/{id}/allocate", manage, s.allocateSubmit),
		perm("GET", "/portal/exhibitions/{id}", chamber.PermPortal, s.portalExhibitionPage),
		perm("POST", "/portal/exhibitions/{id}/apply", chamber.PermPortal, s.portalExhibitionApply),
		perm("POST", "/portal/exhibitors/{id}/products", chamber.PermPortal, s.portalProductSubmit),
		pub("GET", "/public/exhibitions/{id}", s.publicExhibitionPage),

		api(perm("POST", "/api/v1/events/{id}/booths", manage, s.apiBoothCreate), "Add a booth to an exhibition event: number, size, price, place on the floor plan", "NewBooth"),
		api(pub("GET", "/api/v1/events/{id}/booths", s.apiBoothList), "An exhibition's booths with who has them (the floor plan)", ""),
		api(pub("POST", "/api/v1/events/{id}/exhibitors", s.apiExhibitorApply), "Apply to exhibit: a portal login for its own member, staff for any (once per member)", "NewExhibitorApplication"),
		api(pub("GET", "/api/v1/events/{id}/exhibitors", s.apiExhibitorList), "The exhibitors with booths and products (staff: every application)", ""),
		api(perm("POST", "/api/v1/exhibitor-applications/{id}/allocate", manage, s.apiAllocate), "Allocate a booth; a booth already taken is 409, also under concurrency", "BoothAllocation"),
		api(user("POST", "/api/v1/exhibitor-applications/{id}/products", s.apiProductCreate), "Add a product to promote (展销推介): the exhibitor's own login or staff", "NewExhibitorProduct"),
	}
}

func exhibitionSchemas() obj {
	return obj{
		"NewBooth": oaObject([]string{"number"}, obj{"number": oaString, "size": oaString, "price_fen": oaInteger,
			"x": obj{"type": "integer", "minimum": 0, "maximum": 49}, "y": obj{"type": "integer", "minimum": 0, "maximum": 49}}),
		"NewExhibitorApplication": oaObject(nil, obj{"member_id": oaInteger, "note": oaString}),
		"BoothAllocation":         oaObject([]string{"booth_id"}, obj{"booth_id": oaInteger}),
		"NewExhibitorProduct":     oaObject([]string{"name"}, obj{"name": oaString, "description": oaString}),
	}
}

// floorPlan lays the booths on their grid: rows of cells, nil where empty.
func floorPlan(booths []*chamber.Booth) [][]*chamber.Booth {
	maxX, maxY := -1, -1
	for _, b := range booths {
		maxX, maxY = max(maxX, b.X), max(maxY, b.Y)
	}
	grid := make([][]*chamber.Booth, maxY+1)
	for y := range grid {
		grid[y] = make([]*chamber.Booth, maxX+1)
	}
	for _, b := range booths {
		if grid[b.Y][b.X] == nil {
			grid[b.Y][b.X] = b
		}
	}
	return grid
}

type exhibitionPage struct {
	Page
	Event      *chamber.Event
	Booths     []*chamber.Booth
	Plan       [][]*chamber.Booth
	Exhibitors []*chamber.ExhibitorApplication
	Mine       *chamber.ExhibitorApplication
}

func (s *Server) loadExhibition(r *http.Request, title string) (*exhibitionPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p := &exhibitionPage{Page: s.page(r, title)}
	if p.Event, err = s.store.FindEvent(ctx, id); err != nil {
		return nil, err
	}
	if p.Event.Kind != chamber.EventExhibition {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
	}
	if p.Booths, err = s.store.ListBooths(ctx, id); err != nil {
		return nil, err
	}
	p.Plan = floorPlan(p.Booths)
	if p.Exhibitors, err = s.store.ListExhibitors(ctx, id); err != nil {
		return nil, err
	}
	if a := p.Actor; a != nil && a.MemberID != 0 {
		for _, x := range p.Exhibitors {
			if x.MemberID == a.MemberID {
				p.Mine = x
			}
		}
	}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("event.saved")
	}
	return p, nil
}

func (s *Server) exhibitionPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadExhibition(r, "exhibition.title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "exhibition", p)
	return nil
}

func (s *Server) boothSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	n := chamber.NewBooth{Number: f.Get("number"), Size: f.Get("size")}
	n.X, _ = strconv.Atoi(strings.TrimSpace(f.Get("x")))
	n.Y, _ = strconv.Atoi(strings.TrimSpace(f.Get("y")))
	if v := strings.TrimSpace(f.Get("price")); v != "" {
		fen, ok := chamber.ParseYuan(v)
		if !ok {
			return fieldErr("price_fen", "ledger.err.amount")
		}
		n.PriceFen = fen
	}
	if _, err := s.store.AddBooth(r.Context(), id, n); err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"/exhibition?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) allocateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	a, err := s.store.AllocateBooth(r.Context(), id, mustID(r.PostForm.Get("booth_id")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(a.EventID, 10)+"/exhibition?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) portalExhibitionPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadExhibition(r, "exhibition.title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_exhibition", p)
	return nil
}

func (s *Server) portalExhibitionApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.ApplyExhibitor(r.Context(), id, chamber.NewExhibitorApplication{Note: r.PostForm.Get("note")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/exhibitions/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) portalProductSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.AddExhibitorProduct(r.Context(), id, chamber.NewExhibitorProduct{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/exhibitions/"+strconv.FormatInt(mustID(r.PostForm.Get("event_id")), 10)+"?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) publicExhibitionPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadExhibition(r, "exhibition.public_title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public_exhibition", p)
	return nil
}

func (s *Server) apiBoothCreate(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewBooth
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		b, err := s.store.AddBooth(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, b)
		return nil
	})(w, r)
}

func (s *Server) apiBoothList(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		list, err := s.store.ListBooths(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, newList(list, ""))
		return nil
	})(w, r)
}

func (s *Server) apiExhibitorApply(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewExhibitorApplication
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		a, err := s.store.ApplyExhibitor(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, a)
		return nil
	})(w, r)
}

func (s *Server) apiExhibitorList(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		list, err := s.store.ListExhibitors(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, newList(list, ""))
		return nil
	})(w, r)
}

func (s *Server) apiAllocate(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in struct {
			BoothID chamber.ID `json:"booth_id"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		a, err := s.store.AllocateBooth(r.Context(), id, in.BoothID)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, a)
		return nil
	})(w, r)
}

func (s *Server) apiProductCreate(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewExhibitorProduct
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		p, err := s.store.AddExhibitorProduct(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, p)
		return nil
	})(w, r)
}

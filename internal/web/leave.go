package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// LeaveKinds lists the leave kinds for the templates.
func (p *Page) LeaveKinds() []string { return chamber.LeaveKinds }

type leavePage struct {
	Page
	Mine     []*chamber.LeaveRequest
	ToMe     []*chamber.LeaveRequest
	Balances []chamber.LeaveBalance
	Form     chamber.NewLeave
	Acting   string
	// Colleagues are whom the form offers as acting holder (not oneself).
	Colleagues []chamber.Colleague
}

func (s *Server) leavePage(w http.ResponseWriter, r *http.Request) error {
	p := leavePage{Page: s.page(r, "leave.title")}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("leave.decided")
	}
	return s.renderLeave(w, r, http.StatusOK, &p)
}

func (s *Server) renderLeave(w http.ResponseWriter, r *http.Request, status int, p *leavePage) error {
	ctx := r.Context()
	var err error
	if p.Mine, err = s.store.ListLeave(ctx, chamber.LeaveFilter{UserID: p.Actor.UserID}); err != nil {
		return err
	}
	if p.ToMe, err = s.store.ListLeave(ctx, chamber.LeaveFilter{ToMe: true}); err != nil {
		return err
	}
	if p.Balances, err = s.store.LeaveBalances(ctx, 0, atoiYear(s.store.Today(ctx))); err != nil {
		return err
	}
	cs, err := s.store.Colleagues(ctx)
	if err != nil && chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		return err
	}
	for _, c := range cs {
		if c.UserID != p.Actor.UserID {
			p.Colleagues = append(p.Colleagues, c)
		}
	}
	s.render(w, r, status, "leave", p)
	return nil
}

func (s *Server) leaveSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := leavePage{Page: s.page(r, "leave.title"), Acting: f.Get("acting_user_id")}
	p.Form = chamber.NewLeave{Kind: f.Get("kind"), From: f.Get("from"), To: f.Get("to"), Reason: f.Get("reason")}
	var err error
	if p.Acting != "" {
		if p.Form.ActingUserID, err = strconv.ParseInt(p.Acting, 10, 64); err != nil || p.Form.ActingUserID <= 0 {
			err = fieldErr("acting_user_id", "err.invalid_value")
		}
	}
	if err == nil {
		_, err = s.store.CreateLeave(r.Context(), p.Form)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderLeave(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/leave?done=filed", http.StatusSeeOther)
	return nil
}

func (s *Server) leaveDecideSubmit(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		if _, err := s.store.DecideLeave(r.Context(), id, approve, r.PostForm.Get("comment")); err != nil {
			return err
		}
		http.Redirect(w, r, "/leave?done=decided", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) leaveCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.CancelLeave(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/leave?done=cancelled", http.StatusSeeOther)
	return nil
}

type staffPage struct {
	Page
	Staff []*chamber.Staff
	// Today and DueBy mark contracts that ended or end within the reminder window.
	Today, DueBy string
	HR           bool // the caller keeps the register: the forms show
	EditID       chamber.ID
	Edit         chamber.Staff // the form as typed, after an error
}

func (s *Server) staffPage(w http.ResponseWriter, r *http.Request) error {
	p := staffPage{Page: s.page(r, "staff.title")}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("recruit.saved")
	}
	return s.renderStaff(w, r, http.StatusOK, &p)
}

func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, p *staffPage) error {
	p.Today = s.store.Today(r.Context())
	if d, ok := chamber.ParseDate(p.Today); ok {
		p.DueBy = d.AddDate(0, 0, chamber.ContractReminderDays).Format("2006-01-02")
	}
	var err error
	if p.HR, err = s.store.IsHR(r.Context()); err != nil {
		return err
	}
	if p.Staff, err = s.store.ListStaff(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "staff", p)
	return nil
}

// staffSubmit changes a record's contact, emergency contact and contract
// dates from the register's row form (HR).
func (s *Server) staffSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	val := func(k string) *string { v := f.Get(k); return &v }
	u := chamber.StaffUpdate{Phone: val("phone"), Emergency: val("emergency_contact"), ContractStartsOn: val("contract_starts_on"), ContractEndsOn: val("contract_ends_on")}
	if _, err := s.store.UpdateStaff(r.Context(), id, u); err != nil {
		p := staffPage{Page: s.page(r, "staff.title"), EditID: id,
			Edit: chamber.Staff{Phone: *u.Phone, Emergency: *u.Emergency, ContractStartsOn: *u.ContractStartsOn, ContractEndsOn: *u.ContractEndsOn}}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderStaff(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/staff?done=saved#staff-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

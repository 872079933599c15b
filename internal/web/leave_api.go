package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// leaveRoutes are the staff register's and leave's pages and API.
func (s *Server) leaveRoutes() []*route {
	const hr = chamber.PermStaffManage
	return append([]*route{
		user("GET", "/leave", s.leavePage),
		user("POST", "/leave", s.leaveSubmit),
		user("POST", "/leave/{id}/approve", s.leaveDecideSubmit(true)),
		user("POST", "/leave/{id}/reject", s.leaveDecideSubmit(false)),
		user("POST", "/leave/{id}/cancel", s.leaveCancelSubmit),
		perm("GET", "/staff", hr, s.staffPage),
		perm("POST", "/staff/{id}", hr, s.staffSubmit),

		api(user("POST", "/api/v1/leave", s.apiLeaveCreate), "Request leave; it goes to the direct superior of the caller's position (vacant posts skipped, acting holders stand in); overlapping leave is 409", "NewLeave"),
		api(user("GET", "/api/v1/leave", s.apiLeaveList), "Leave requests: the caller's own, ?to_me=true those waiting for the caller, ?user_id= (HR), ?status=, ?year=", ""),
		api(user("GET", "/api/v1/leave/{id}", s.apiLeaveGet), "One leave request", ""),
		api(user("POST", "/api/v1/leave/{id}/approve", s.apiLeaveDecide(true)), "Approve (the approver only, 403 otherwise); with acting_user_id that login is acting holder of the requester's position for the days", "LeaveDecision"),
		api(user("POST", "/api/v1/leave/{id}/reject", s.apiLeaveDecide(false)), "Reject (the approver only, 403 otherwise)", "LeaveDecision"),
		api(user("POST", "/api/v1/leave/{id}/cancel", s.apiLeaveCancel), "Withdraw one's own pending or not yet started request", ""),
		api(user("GET", "/api/v1/leave-balances", s.apiLeaveBalances), "Leave days per kind in ?year= for the caller or ?user_id= (HR): entitlement, taken, pending, remaining", ""),
		api(perm("GET", "/api/v1/staff", hr, s.apiStaffList), "The staff register", ""),
		api(perm("POST", "/api/v1/staff", hr, s.apiStaffCreate), "Add a person to the staff register", "Staff"),
		api(user("GET", "/api/v1/staff/{id}", s.apiStaffGet), "One staff record with training (courses and training events attended), leave and balances (HR and the person; 404 to others)", ""),
		api(perm("PATCH", "/api/v1/staff/{id}", hr, s.apiStaffUpdate), "Change a staff record (HR): position, employment, contact, emergency contact, contract dates", "StaffUpdate"),
		api(perm("POST", "/api/v1/staff/{id}/trainings", hr, s.apiTrainingCreate), "Record a training course", "StaffTraining"),
	}, append(s.actionRoutes(), s.vehicleRoutes()...)...)
}

func leaveSchemas() obj {
	return merged(merged(actionSchemas(), vehicleSchemas()), obj{
		"NewLeave": oaObject([]string{"kind", "from", "to"}, obj{"kind": oaEnum(chamber.LeaveKinds...), "from": oaDate, "to": oaDate,
			"reason": oaString, "acting_user_id": oaInteger}),
		"LeaveDecision": oaObject(nil, obj{"comment": oaString}),
		"Staff": oaObject([]string{"user_id", "name", "hired_on", "employment"}, obj{"user_id": oaInteger, "name": oaString,
			"position_id": oaInteger, "hired_on": oaDate, "employment": oaEnum(chamber.EmploymentKinds...), "phone": oaString,
			"emergency_contact": oaString, "contract_starts_on": oaDate, "contract_ends_on": oaDate}),
		"StaffUpdate": oaObject(nil, obj{"name": oaString, "position_id": oaInteger, "employment": oaEnum(chamber.EmploymentKinds...),
			"phone": oaString, "emergency_contact": oaString, "contract_starts_on": oaDate, "contract_ends_on": oaDate}),
		"StaffTraining": oaObject([]string{"title", "date"}, obj{"title": oaString, "date": oaDate, "hours": oaInteger}),
	})
}

func merged(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func (s *Server) apiLeaveCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewLeave
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.store.CreateLeave(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/leave/"+strconv.FormatInt(l.ID, 10))
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func queryID(r *http.Request, name string) (chamber.ID, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, fieldErr(name, "err.invalid_value")
	}
	return id, nil
}

// queryFlag reads a yes/no query parameter spelled on or off (absent is
// off); anything else is refused rather than read as off.
func queryFlag(r *http.Request, name, on, off string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", off:
		return false, nil
	case on:
		return true, nil
	}
	return false, fieldErr(name, "err.invalid_value")
}

// queryTrue is queryFlag spelled true/false.
func queryTrue(r *http.Request, name string) (bool, error) {
	return queryFlag(r, name, "true", "false")
}

func leaveFilter(r *http.Request) (chamber.LeaveFilter, error) {
	q := r.URL.Query()
	f := chamber.LeaveFilter{Status: q.Get("status")}
	var err error
	if f.ToMe, err = queryTrue(r, "to_me"); err != nil {
		return f, err
	}
	if f.Status != "" && !contains([]string{chamber.LeavePending, chamber.LeaveApproved, chamber.LeaveRejected, chamber.LeaveCancelled}, f.Status) {
		return f, fieldErr("status", "err.invalid_value")
	}
	if f.UserID, err = queryID(r, "user_id"); err != nil {
		return f, err
	}
	if v := q.Get("year"); v != "" {
		if f.Year, err = strconv.Atoi(v); err != nil || f.Year < 2000 || f.Year > 2100 {
			return f, fieldErr("year", "err.invalid_value")
		}
	}
	return f, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) apiLeaveList(w http.ResponseWriter, r *http.Request) error {
	f, err := leaveFilter(r)
	if err != nil {
		return err
	}
	ls, err := s.store.ListLeave(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ls, ""))
	return nil
}

func (s *Server) apiLeaveGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.store.FindLeave(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiLeaveDecide(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in struct {
			Comment string `json:"comment"`
		}
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		l, err := s.store.DecideLeave(r.Context(), id, approve, in.Comment)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, l)
		return nil
	}
}

func (s *Server) apiLeaveCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.store.CancelLeave(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiLeaveBalances(w http.ResponseWriter, r *http.Request) error {
	uid, err := queryID(r, "user_id")
	if err != nil {
		return err
	}
	year := atoiYear(s.store.Today(r.Context()))
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return fieldErr("year", "err.invalid_value")
		}
	}
	bs, err := s.store.LeaveBalances(r.Context(), uid, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(bs, ""))
	return nil
}

func (s *Server) apiStaffList(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.store.ListStaff(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ss, ""))
	return nil
}

func (s *Server) apiStaffCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Staff
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.store.CreateStaff(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, st)
	return nil
}

func (s *Server) apiStaffGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.store.FindStaff(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiTrainingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.StaffTraining
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.StaffID = id
	t, err := s.store.AddTraining(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) apiStaffUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.StaffUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.store.UpdateStaff(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

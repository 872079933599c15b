package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// The money of events: a registration's fee taken at the desk or by
// transfer posts its voucher (活动收入, tagged with the event).

func (s *Server) apiRegistrationFee(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewEventFee
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		fee, err := s.store.RecordEventFee(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, fee)
		return nil
	})(w, r)
}

// eventFeeSubmit is the attendance list's "fee taken" button.
func (s *Server) eventFeeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	fee, err := s.store.RecordEventFee(r.Context(), id, chamber.NewEventFee{Method: r.PostForm.Get("method")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(fee.EventID, 10)+"?fee=1", http.StatusSeeOther)
	return nil
}

// PayMethods are the ways a fee is paid, for the templates.
func (p *Page) PayMethods() []string { return chamber.PayMethods }

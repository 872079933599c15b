package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

func (s *Server) apiDuesRates(w http.ResponseWriter, r *http.Request) error {
	y, err := s.budgetYear(r)
	if err != nil {
		return err
	}
	rates, err := s.store.DuesSchedule(r.Context(), y)
	if err != nil {
		return err
	}
	return writePaged(w, r, rates)
}

func (s *Server) apiDuesRateSet(w http.ResponseWriter, r *http.Request) error {
	var in chamber.DuesRate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rt, err := s.store.SetDuesRate(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rt)
	return nil
}

type duesInvoiceRun struct {
	Year    int    `json:"year"`
	DueDate string `json:"due_date"`
}

func (s *Server) apiDuesGenerate(w http.ResponseWriter, r *http.Request) error {
	var in duesInvoiceRun
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	run, err := s.store.InvoiceYear(r.Context(), in.Year, in.DueDate)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, run)
	return nil
}

func (s *Server) apiDuesInvoices(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var f chamber.DuesFilter
	if v := q.Get("year"); v != "" {
		if f.Year, err = strconv.Atoi(v); err != nil || f.Year < 2000 || f.Year > 2100 {
			return fieldErr("year", "err.invalid_value")
		}
	}
	if v := q.Get("member_id"); v != "" {
		if f.MemberID, err = strconv.ParseInt(v, 10, 64); err != nil || f.MemberID <= 0 {
			return fieldErr("member_id", "err.invalid_value")
		}
	}
	f.Status = q.Get("status")
	items, next, err := s.store.ListDuesInvoices(r.Context(), f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiDuesInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.store.FindDuesInvoice(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDuesPay(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewDuesPayment
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.RecordDuesPayment(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiDuesAdjust(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewDuesAdjust
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.AdjustDues(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiDuesArrears(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	ar, err := s.store.DuesArrears(r.Context(), r.URL.Query().Get("as_of"), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ar)
	return nil
}

func (s *Server) apiMyDues(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.store.MyDues(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ds)
}

package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

type settingsPage struct {
	Page
	Form chamber.Settings
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	p := settingsPage{Page: s.page(r, "settings.title")}
	p.Form = *p.Chamber
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = p.T("app.saved")
	}
	s.render(w, r, http.StatusOK, "settings", &p)
	return nil
}

func (s *Server) settingsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	in := chamber.Settings{Name: r.PostForm.Get("name"), TimeZone: r.PostForm.Get("time_zone")}
	for _, k := range chamber.PublicSettingKeys {
		*in.Public(k.Key) = r.PostForm.Get(k.Key)
	}
	if err := s.store.UpdateSettings(r.Context(), in); err != nil {
		p := settingsPage{Page: s.page(r, "settings.title"), Form: in}
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "settings", &p)
		return nil
	}
	http.Redirect(w, r, "/admin/settings?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) apiSettingsGet(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// settingsPatch has pointer fields: only those given change.
type settingsPatch struct {
	Name     *string `json:"name"`
	TimeZone *string `json:"time_zone"`
	Intro    *string `json:"intro"`
	Address  *string `json:"address"`
	Phone    *string `json:"phone"`
	Email    *string `json:"email"`
}

func (s *Server) apiSettingsPatch(w http.ResponseWriter, r *http.Request) error {
	var in settingsPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	if in.Name != nil {
		st.Name = *in.Name
	}
	if in.TimeZone != nil {
		st.TimeZone = *in.TimeZone
	}
	for k, v := range map[string]*string{"intro": in.Intro, "address": in.Address, "phone": in.Phone, "email": in.Email} {
		if v != nil {
			*st.Public(k) = *v
		}
	}
	if err := s.store.UpdateSettings(r.Context(), *st); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

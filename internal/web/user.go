package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

type usersPage struct {
	Page
	Users        []*chamber.User
	Cursor, Next string
	Form         chamber.NewUser
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p *usersPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	users, next, err := s.store.ListUsers(r.Context(), pg)
	if err != nil {
		return err
	}
	p.Users, p.Cursor, p.Next = users, pg.Cursor, next
	s.render(w, r, status, "users", p)
	return nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	p := usersPage{Page: s.page(r, "users.title")}
	if r.URL.Query().Get("created") == "1" {
		p.Flash = p.T("users.created")
	}
	return s.renderUsers(w, r, http.StatusOK, &p)
}

func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	in := chamber.NewUser{
		Username: r.PostForm.Get("username"), Name: r.PostForm.Get("name"),
		Password: r.PostForm.Get("password"), Admin: r.PostForm.Get("admin") == "1",
	}
	p := usersPage{Page: s.page(r, "users.title"), Form: in}
	// A member is named by its 会员编号, as on its certificate and bills.
	in.MemberNo = strings.TrimSpace(r.PostForm.Get("member_no"))
	p.Form.MemberNo = in.MemberNo
	if _, err := s.store.CreateUser(r.Context(), in); err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		p.Form.Password = ""
		return s.renderUsers(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/admin/users?created=1", http.StatusSeeOther)
	return nil
}

type userPage struct {
	Page
	User   *chamber.User
	Tokens []*chamber.Token
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, p *userPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.User, err = s.store.FindUser(r.Context(), id); err != nil {
		return err
	}
	if p.Tokens, err = s.store.ListTokens(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, status, "user", p)
	return nil
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	p := userPage{Page: s.page(r, "users.title")}
	switch r.URL.Query().Get("done") {
	case "password":
		p.Flash = p.T("users.password_reset_done")
	case "1":
		p.Flash = p.T("app.saved")
	}
	return s.renderUser(w, r, http.StatusOK, &p)
}

func (s *Server) userPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if err := s.store.SetPassword(r.Context(), id, r.PostForm.Get("password")); err != nil {
		p := userPage{Page: s.page(r, "users.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderUser(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=password", http.StatusSeeOther)
	return nil
}

func (s *Server) userDisabledSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if err := s.store.SetUserDisabled(r.Context(), id, r.PostForm.Get("disabled") == "1"); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
	return nil
}

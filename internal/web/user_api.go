package web

import (
	"net/http"
	"sort"

	"github.com/chamber-org/chamber"
)

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Name     string `json:"name,omitempty"`
}

type tokenResponse struct {
	Token string         `json:"token"`
	ID    chamber.ID     `json:"id"`
	Info  *chamber.Token `json:"info"`
}

// apiTokenCreate: POST /api/v1/auth/tokens {"username","password"} → 201 {"token"}.
func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var in tokenRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f chamber.Fields
	if in.Username == "" {
		f.Add("username", "err.required")
	}
	if in.Password == "" {
		f.Add("password", "err.required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	u, err := s.store.Login(r.Context(), in.Username, in.Password, clientAddr(r))
	if err != nil {
		return err
	}
	a, err := s.store.Actor(r.Context(), u.ID)
	if err != nil {
		return err
	}
	info(r).Actor = a
	ctx := chamber.WithActor(r.Context(), a)
	secret, tok, err := s.store.CreateToken(ctx, u.ID, in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokenResponse{Token: secret, ID: tok.ID, Info: tok})
	return nil
}

func (s *Server) apiTokenList(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.store.ListTokens(r.Context(), info(r).Actor.UserID)
	if err != nil {
		return err
	}
	return writePaged(w, r, toks)
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type meResponse struct {
	*chamber.User
	Permissions []chamber.Permission `json:"permissions"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	a := info(r).Actor
	u, err := s.store.FindUser(r.Context(), a.UserID)
	if err != nil {
		return err
	}
	perms := []chamber.Permission{}
	for p, ok := range a.Permissions {
		if ok {
			perms = append(perms, p)
		}
	}
	sort.Slice(perms, func(i, j int) bool { return perms[i] < perms[j] })
	writeJSON(w, http.StatusOK, meResponse{User: u, Permissions: perms})
	return nil
}

type passwordChange struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

func (s *Server) apiMePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordChange
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.ChangeOwnPassword(r.Context(), in.OldPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUserList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	users, next, err := s.store.ListUsers(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(users, next))
	return nil
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewUser
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.store.CreateUser(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) apiUserGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.store.FindUser(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

type passwordReset struct {
	Password string `json:"password"`
}

func (s *Server) apiUserPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in passwordReset
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetPassword(r.Context(), id, in.Password); err != nil {
		return err
	}
	return s.apiUserGet(w, r)
}

type userStatus struct {
	Disabled *bool `json:"disabled"`
}

func (s *Server) apiUserStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in userStatus
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Disabled == nil {
		var f chamber.Fields
		f.Add("disabled", "err.required")
		return f.Err()
	}
	if err := s.store.SetUserDisabled(r.Context(), id, *in.Disabled); err != nil {
		return err
	}
	return s.apiUserGet(w, r)
}

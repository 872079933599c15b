package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

// actionRoutes are the action items of meetings (督办事项).
func (s *Server) actionRoutes() []*route {
	return []*route{
		api(perm("POST", "/api/v1/meetings/{id}/action-items", chamber.PermMeetingManage, s.apiActionCreate), "Record an action item decided at a meeting (owner, due date); open items start the next secretariat staff meeting's agenda", "ActionItem"),
		api(user("POST", "/api/v1/action-items/{id}/done", s.apiActionDone), "Mark an action item done (its owner or meeting.manage)", "ActionDone"),
		api(user("GET", "/api/v1/action-items", s.apiActionList), "Action items (?open=true, ?owner_user_id=, ?meeting_id=); without meeting.manage the caller's own and those of the meetings it sees", ""),
	}
}

func actionSchemas() obj {
	return obj{
		"ActionItem": oaObject([]string{"title", "owner_user_id", "due_on"}, obj{"title": oaString, "owner_user_id": oaInteger, "due_on": oaDate}),
		"ActionDone": oaObject(nil, obj{"note": oaString}),
	}
}

func (s *Server) apiActionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewActionItem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateActionItem(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiActionDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	a, err := s.store.CompleteActionItem(r.Context(), id, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiActionList(w http.ResponseWriter, r *http.Request) error {
	var f chamber.ActionFilter
	var err error
	if f.Open, err = queryTrue(r, "open"); err != nil {
		return err
	}
	if f.OwnerID, err = queryID(r, "owner_user_id"); err != nil {
		return err
	}
	if f.MeetingID, err = queryID(r, "meeting_id"); err != nil {
		return err
	}
	items, err := s.store.ListActionItems(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

package web

import (
	"fmt"
	"slices"

	"github.com/chamber-org/chamber"
)

// bodyRules are the required fields and limits the domain's Validate
// methods enforce (the chamber type is named after each entry), added to
// the request schemas of the same name: a client learns them from the
// document instead of from a 422.
type bodyRule struct {
	Required []string
	Max      map[string]limit
	Min      map[string]int // a text field's least length
}

// limit bounds a text field's length in characters, or an array's items
// (and Item each item's length).
type limit struct{ Max, Item int }

var bodyRules = map[string]bodyRule{
	"AppDecision":      {Required: []string{"action"}, Max: map[string]limit{"note": {Max: 1000}, "resolution": {Max: 200}}},                                                                           // chamber.AppDecision
	"Application":      {Required: []string{"contact_name", "phone"}, Max: map[string]limit{"message": {Max: 2000}}},                                                                                   // chamber.ApplicationInput
	"Body":             {Max: map[string]limit{"description": {Max: 5000}, "name": {Max: 50}}},                                                                                                         // chamber.Body (also PATCH/PUT: nothing required)
	"Budget":           {Max: map[string]limit{"department": {Max: 60}, "project": {Max: 60}, "resolution": {Max: 100}}},                                                                               // chamber.Budget
	"Contact":          {Required: []string{"name"}, Max: map[string]limit{"country": {Max: 60}, "name": {Max: 100}, "notes": {Max: 2000}, "people": {Max: 50}}},                                       // chamber.Contact
	"Department":       {Max: map[string]limit{"duties": {Max: 10000}, "name": {Max: 50}}},                                                                                                             // chamber.Department (also PATCH/PUT: nothing required)
	"DuesRate":         {Max: map[string]limit{"resolution": {Max: 200}}},                                                                                                                              // chamber.DuesRate
	"EventFeedback":    {Required: []string{"code"}, Max: map[string]limit{"comment": {Max: 2000}}},                                                                                                    // chamber.EventFeedback
	"Interaction":      {Required: []string{"summary"}, Max: map[string]limit{"summary": {Max: 2000}, "user_ids": {Max: 50}}},                                                                          // chamber.Interaction
	"NewAccount":       {Required: []string{"name"}, Max: map[string]limit{"name": {Max: 60}, "name_en": {Max: 80}}},                                                                                   // chamber.NewAccount
	"ActionItem":       {Required: []string{"owner_user_id", "title"}, Max: map[string]limit{"title": {Max: 200}}},                                                                                     // chamber.NewActionItem
	"NewDonation":      {Required: []string{"donor"}, Max: map[string]limit{"donor": {Max: 100}, "purpose": {Max: 200}}},                                                                               // chamber.NewDonation
	"NewDuesAdjust":    {Required: []string{"approved_by", "reason"}, Max: map[string]limit{"approved_by": {Max: 100}, "reason": {Max: 200}}},                                                          // chamber.NewDuesAdjust
	"NewDuesPayment":   {Max: map[string]limit{"reference": {Max: 100}}},                                                                                                                               // chamber.NewDuesPayment
	"Election":         {Required: []string{"title"}, Max: map[string]limit{"title": {Max: 300}}},                                                                                                      // chamber.NewElection
	"NewEvent":         {Required: []string{"ends_at", "starts_at", "title"}, Max: map[string]limit{"description": {Max: 5000}, "location": {Max: 200}, "title": {Max: 120}}},                          // chamber.NewEvent
	"NewLeave":         {Required: []string{"to"}, Max: map[string]limit{"reason": {Max: 500}}},                                                                                                        // chamber.NewLeave
	"Meeting":          {Required: []string{"starts_at", "title"}, Max: map[string]limit{"agenda": {Max: 100, Item: 500}, "location": {Max: 200}, "override_notice": {Max: 500}, "title": {Max: 200}}}, // chamber.NewMeeting
	"Motion":           {Required: []string{"title"}, Max: map[string]limit{"title": {Max: 300}}},                                                                                                      // chamber.NewMotion
	"NewRegistration":  {Max: map[string]limit{"attendee_name": {Max: 60}}},                                                                                                                            // chamber.NewRegistration
	"NewReimbursement": {Required: []string{"summary"}, Max: map[string]limit{"receipts": {Max: 1000}, "summary": {Max: 200}}},                                                                         // chamber.NewReimbursement
	"NewReview":        {Required: []string{"subject_id"}},                                                                                                                                             // chamber.NewReview
	"NewTicket":        {Required: []string{"body", "subject"}, Max: map[string]limit{"body": {Max: 5000}, "parties": {Max: 200}, "requester_name": {Max: 60}, "subject": {Max: 120}}},                 // chamber.NewTicket
	"NewUser":          {Required: []string{"name"}, Max: map[string]limit{"name": {Max: 100}, "password": {Max: chamber.MaxPasswordLen}}},                                                             // chamber.NewUser
	"NewVoucher":       {Max: map[string]limit{"summary": {Max: 200}}},                                                                                                                                 // chamber.NewVoucher
	"NewWorkPlan":      {Required: []string{"title"}, Max: map[string]limit{"title": {Max: 120}}},                                                                                                      // chamber.NewWorkPlan
	"NewWorkPlanItem":  {Required: []string{"department_id", "due_on", "title"}, Max: map[string]limit{"target": {Max: 2000}, "title": {Max: 200}}},                                                    // chamber.NewWorkPlanItem
	"PayItem":          {Required: []string{"user_id"}, Max: map[string]limit{"note": {Max: 200}}},                                                                                                     // chamber.PayItem
	"Position":         {Max: map[string]limit{"duties": {Max: 10000}, "name": {Max: 50}}},                                                                                                             // chamber.Position (also PATCH/PUT: nothing required)
	"Post":             {Max: map[string]limit{"name": {Max: 100}, "note": {Max: 500}}},                                                                                                                // chamber.Post
	"Representative":   {Required: []string{"name"}, Max: map[string]limit{"name": {Max: 50}, "title": {Max: 50}}},                                                                                     // chamber.Representative
	"Revision":         {Max: map[string]limit{"note": {Max: 500}}},                                                                                                                                    // chamber.RevisionInput
	"Staff":            {Required: []string{"user_id"}, Max: map[string]limit{"emergency_contact": {Max: 100}, "name": {Max: 60}, "phone": {Max: 40}}},                                                 // chamber.Staff
	"StaffTraining":    {Required: []string{"title"}, Max: map[string]limit{"title": {Max: 120}}},                                                                                                      // chamber.StaffTraining
	"StatusChange":     {Required: []string{"reason", "status"}, Max: map[string]limit{"reason": {Max: 500}}},                                                                                          // chamber.StatusChange
	"Vehicle":          {Required: []string{"name", "plate"}, Max: map[string]limit{"name": {Max: 60}, "plate": {Max: 20}}},                                                                            // chamber.Vehicle
	"VehicleBooking":   {Required: []string{"purpose", "vehicle_id"}, Max: map[string]limit{"purpose": {Max: 200}}},                                                                                    // chamber.VehicleBooking
	"Announcement":     {Required: []string{"title", "body"}, Max: map[string]limit{"title": {Max: chamber.MaxTitleLen}, "body": {Max: chamber.MaxBodyLen}}},                                           // chamber.AnnouncementInput
	"PasswordChange":   {Max: map[string]limit{}, Min: map[string]int{"new_password": chamber.MinPasswordLen}},
	"PasswordReset":    {Max: map[string]limit{}, Min: map[string]int{"password": chamber.MinPasswordLen}},
}

// applyBodyRules adds bodyRules to the request schemas; it answers the
// rules that name no schema or property (TestOpenAPIBodyRulesApply).
func applyBodyRules(schemas obj) []string {
	var stale []string
	for name, rule := range bodyRules {
		s, _ := schemas[name].(obj)
		props, _ := s["properties"].(obj)
		if props == nil {
			stale = append(stale, name)
			continue
		}
		req, _ := s["required"].([]string)
		for _, f := range rule.Required {
			if props[f] == nil {
				stale = append(stale, name+"."+f)
			} else if !slices.Contains(req, f) {
				req = append(req, f)
			}
		}
		if len(req) > 0 {
			s["required"] = req
		}
		for f, l := range rule.Max {
			p, ok := props[f].(obj)
			if !ok {
				stale = append(stale, name+"."+f)
				continue
			}
			p = clone(p)
			if p["type"] == "array" {
				p["maxItems"] = l.Max
				if items, ok := p["items"].(obj); ok && l.Item > 0 {
					items = clone(items)
					items["maxLength"] = l.Item
					p["items"] = items
				}
			} else {
				p["maxLength"] = l.Max
			}
			props[f] = p
		}
		for f, n := range rule.Min {
			p, ok := props[f].(obj)
			if !ok {
				stale = append(stale, fmt.Sprintf("%s.%s", name, f))
				continue
			}
			p = clone(p)
			p["minLength"] = n
			props[f] = p
		}
	}
	return stale
}

// clone copies a schema node (the helpers' values such as oaString are shared).
func clone(o obj) obj {
	c := make(obj, len(o))
	for k, v := range o {
		c[k] = v
	}
	return c
}

package chamber

import (
	"context"
	"strings"
)

// Booth is a stand of an exhibition event (组展): its number, size, price
// and place on the floor plan's grid; Exhibitor is who has it.
type Booth struct {
	ID            ID     `json:"id"`
	EventID       ID     `json:"event_id"`
	Number        string `json:"number"`
	Size          string `json:"size"`
	PriceFen      int64  `json:"price_fen"`
	X             int    `json:"x"`
	Y             int    `json:"y"`
	ApplicationID ID     `json:"application_id,omitempty"`
	Exhibitor     string `json:"exhibitor,omitempty"`
}

// NewBooth is the form of a booth.
type NewBooth struct {
	Number   string `json:"number"`
	Size     string `json:"size"`
	PriceFen int64  `json:"price_fen"`
	X        int    `json:"x"`
	Y        int    `json:"y"`
}

// Validate checks the form.
func (n *NewBooth) Validate() error {
	n.Number, n.Size = strings.TrimSpace(n.Number), strings.TrimSpace(n.Size)
	var f Fields
	textField(&f, "number", n.Number, true, 20)
	textField(&f, "size", n.Size, false, 40)
	if n.PriceFen < 0 || n.PriceFen > MaxAmountFen {
		f.Add("price_fen", "err.invalid_value")
	}
	if n.X < 0 || n.X > 49 {
		f.Add("x", "err.invalid_value")
	}
	if n.Y < 0 || n.Y > 49 {
		f.Add("y", "err.invalid_value")
	}
	return f.Err()
}

// Exhibitor application statuses.
const (
	ExhibitorPending   = "pending"
	ExhibitorAllocated = "allocated"
)

// ExhibitorApplication is a member's application to exhibit, with the
// booth allocated and the products it promotes (展销推介).
type ExhibitorApplication struct {
	ID          ID                  `json:"id"`
	EventID     ID                  `json:"event_id"`
	MemberID    ID                  `json:"member_id"`
	Company     string              `json:"company"`
	Note        string              `json:"note,omitempty"`
	Status      string              `json:"status"`
	BoothID     ID                  `json:"booth_id,omitempty"`
	BoothNumber string              `json:"booth_number,omitempty"`
	Products    []*ExhibitorProduct `json:"products"`
}

// NewExhibitorApplication is a member's application (the portal applies
// for its own member; staff give member_id).
type NewExhibitorApplication struct {
	MemberID ID     `json:"member_id"`
	Note     string `json:"note"`
}

// ExhibitorProduct is a product an exhibitor promotes, shown publicly.
type ExhibitorProduct struct {
	ID          ID     `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// NewExhibitorProduct is the form of a product entry.
type NewExhibitorProduct struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Validate checks the form.
func (n *NewExhibitorProduct) Validate() error {
	n.Name, n.Description = strings.TrimSpace(n.Name), strings.TrimSpace(n.Description)
	var f Fields
	textField(&f, "name", n.Name, true, 100)
	longText(&f, "description", n.Description, false, 1000)
	return f.Err()
}

// ExhibitionService runs exhibitions.
type ExhibitionService interface {
	AddBooth(ctx context.Context, eventID ID, n NewBooth) (*Booth, error)
	ListBooths(ctx context.Context, eventID ID) ([]*Booth, error)
	ApplyExhibitor(ctx context.Context, eventID ID, n NewExhibitorApplication) (*ExhibitorApplication, error)
	// ListExhibitors: staff see every application, others the allocated ones.
	ListExhibitors(ctx context.Context, eventID ID) ([]*ExhibitorApplication, error)
	AllocateBooth(ctx context.Context, applicationID, boothID ID) (*ExhibitorApplication, error)
	AddExhibitorProduct(ctx context.Context, applicationID ID, n NewExhibitorProduct) (*ExhibitorProduct, error)
}

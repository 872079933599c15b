package chamber

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// The knowledge base (资料库, 政策法规库, 资料汇编): collections of entries
// (a law or policy with its source, a compiled experience report, a link
// to an issued document) with files attached, for the legal-aid and
// policy services. A collection is read by staff, or by members too.

// Knowledge base audiences.
const (
	KBStaff   = "staff"
	KBMembers = "members"
)

// KBAudiences lists who may read a collection.
var KBAudiences = []string{KBStaff, KBMembers}

// KBCollection is one collection.
type KBCollection struct {
	ID          ID        `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Audience    string    `json:"audience"`
	CreatedBy   ID        `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	Items       []*KBItem `json:"items,omitempty"`
}

// KBItem is one entry of a collection.
type KBItem struct {
	ID           ID        `json:"id"`
	CollectionID ID        `json:"collection_id"`
	Collection   string    `json:"collection"`
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	BodyHTML     string    `json:"body_html,omitempty"`
	Source       string    `json:"source"`
	DocumentID   ID        `json:"document_id,omitempty"`
	CreatedBy    ID        `json:"created_by"`
	Author       string    `json:"author"`
	CreatedAt    time.Time `json:"created_at"`
}

// NewKBCollection creates a collection.
type NewKBCollection struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Audience    string `json:"audience"`
}

// Validate checks a new collection.
func (n *NewKBCollection) Validate() error {
	var f Fields
	n.Name, n.Description = strings.TrimSpace(n.Name), strings.TrimSpace(n.Description)
	if n.Audience == "" {
		n.Audience = KBStaff
	}
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 100 {
		f.Add("name", "kb.err.name")
	}
	if utf8.RuneCountInString(n.Description) > 1000 {
		f.Add("description", "kb.err.description")
	}
	if !oneOf(n.Audience, KBAudiences) {
		f.Add("audience", "kb.err.audience")
	}
	return f.Err()
}

// NewKBItem adds an entry to a collection.
type NewKBItem struct {
	Title      string `json:"title"`
	Body       string `json:"body"`
	Source     string `json:"source"`
	DocumentID ID     `json:"document_id"`
}

// Validate checks a new entry.
func (n *NewKBItem) Validate() error {
	var f Fields
	n.Title, n.Source = strings.TrimSpace(n.Title), strings.TrimSpace(n.Source)
	if n.Title == "" || utf8.RuneCountInString(n.Title) > 200 {
		f.Add("title", "doc.err.title")
	}
	if len(n.Body) > 1<<20 {
		f.Add("body", "doc.err.body")
	}
	if utf8.RuneCountInString(n.Source) > 200 {
		f.Add("source", "kb.err.source")
	}
	if n.DocumentID < 0 {
		f.Add("document_id", "doc.err.not_found")
	}
	return f.Err()
}

// KnowledgeService is the knowledge base.
type KnowledgeService interface {
	CreateCollection(ctx context.Context, n NewKBCollection) (*KBCollection, error)
	ListCollections(ctx context.Context) ([]*KBCollection, error)
	// FindCollection is a collection with its entries (bodies left out).
	FindCollection(ctx context.Context, id ID) (*KBCollection, error)
	AddKBItem(ctx context.Context, collectionID ID, n NewKBItem) (*KBItem, error)
	FindKBItem(ctx context.Context, id ID) (*KBItem, error)
}

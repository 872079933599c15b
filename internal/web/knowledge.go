package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// knowledgeRoutes: the knowledge base (资料库, 政策法规库), pages and API.
// Reading is for every login (a member portal sees the collections for
// members); the store decides who adds to it.
func (s *Server) knowledgeRoutes() []*route {
	return []*route{
		user("GET", "/knowledge", s.knowledgePage),
		user("POST", "/knowledge", s.knowledgeCreateSubmit),
		user("GET", "/knowledge/{id}", s.collectionPage),
		user("POST", "/knowledge/{id}/items", s.kbItemSubmit),
		user("GET", "/knowledge-items/{id}", s.kbItemPage),
		user("GET", "/search", s.searchPage),

		api(user("POST", "/api/v1/knowledge", s.apiCollectionCreate), "Create a knowledge-base collection (资料库, 政策法规库) read by staff or by members too (document.write or ticket.handle)", "NewKBCollection"),
		api(user("GET", "/api/v1/knowledge", s.apiCollectionList), "The collections the caller may read", ""),
		api(user("GET", "/api/v1/knowledge/{id}", s.apiCollectionGet), "One collection with its entries (bodies left out)", ""),
		api(user("POST", "/api/v1/knowledge/{id}/items", s.apiKBItemCreate), "Add an entry (Markdown body, source, optional link to a document); files attach as owner_kind kb_item", "NewKBItem"),
		api(user("GET", "/api/v1/knowledge-items/{id}", s.apiKBItemGet), "One entry with its rendered body", ""),
	}
}

func knowledgeSchemas() obj {
	return obj{
		"NewKBCollection": oaObject([]string{"name"}, obj{"name": oaString, "description": oaString, "audience": oaEnum(chamber.KBAudiences...)}),
		"NewKBItem":       oaObject([]string{"title"}, obj{"title": oaString, "body": oaString, "source": oaString, "document_id": oaInteger}),
	}
}

// KBAudiences lists who may read a collection, for the templates.
func (p *Page) KBAudiences() []string { return chamber.KBAudiences }

// mayWriteKB mirrors the store's rule, to show the forms.
func (p *Page) MayWriteKB() bool {
	return p.Actor != nil && (p.Actor.Can(chamber.PermDocumentWrite) || p.Actor.Can(chamber.PermTicketHandle))
}

type knowledgePage struct {
	Page
	Collections []*chamber.KBCollection
	Form        chamber.NewKBCollection
}

func (s *Server) knowledgePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderKnowledge(w, r, http.StatusOK, &knowledgePage{Page: s.page(r, "kb.title")})
}

func (s *Server) renderKnowledge(w http.ResponseWriter, r *http.Request, status int, p *knowledgePage) error {
	var err error
	if p.Collections, err = s.store.ListCollections(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "knowledge", p)
	return nil
}

func (s *Server) knowledgeCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	n := chamber.NewKBCollection{Name: f.Get("name"), Description: f.Get("description"), Audience: f.Get("audience")}
	err := n.Validate() // the form's own mistakes first; the store decides who may
	var c *chamber.KBCollection
	if err == nil {
		c, err = s.store.CreateCollection(r.Context(), n)
	}
	if err != nil {
		p := &knowledgePage{Page: s.page(r, "kb.title"), Form: n}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderKnowledge(w, r, http.StatusUnprocessableEntity, p)
	}
	http.Redirect(w, r, "/knowledge/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

type collectionPage struct {
	Page
	Collection *chamber.KBCollection
	Form       chamber.NewKBItem
}

func (s *Server) collectionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCollection(w, r, http.StatusOK, &collectionPage{Page: s.page(r, "kb.title")})
}

func (s *Server) renderCollection(w http.ResponseWriter, r *http.Request, status int, p *collectionPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.Collection, err = s.store.FindCollection(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, status, "knowledge_collection", p)
	return nil
}

func (s *Server) kbItemSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	n := chamber.NewKBItem{Title: f.Get("title"), Body: f.Get("body"), Source: f.Get("source")}
	if v := f.Get("document_id"); v != "" {
		if n.DocumentID, err = strconv.ParseInt(v, 10, 64); err != nil {
			n.DocumentID = -1 // refused by Validate
		}
	}
	err = n.Validate() // the form's own mistakes first; the store decides who may
	var it *chamber.KBItem
	if err == nil {
		it, err = s.store.AddKBItem(r.Context(), id, n)
	}
	if err != nil {
		p := &collectionPage{Page: s.page(r, "kb.title"), Form: n}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderCollection(w, r, http.StatusUnprocessableEntity, p)
	}
	http.Redirect(w, r, "/knowledge-items/"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
	return nil
}

type kbItemPage struct {
	Page
	Item *chamber.KBItem
	Body template.HTML
	Att  attachmentBox
}

func (s *Server) kbItemPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	it, err := s.store.FindKBItem(r.Context(), id)
	if err != nil {
		return err
	}
	p := &kbItemPage{Page: s.page(r, "kb.title"), Item: it, Body: template.HTML(renderMarkdown(it.Body)), // sanitised by bluemonday
		Att: s.attachments(r, chamber.OwnerKBItem, id)}
	s.render(w, r, http.StatusOK, "knowledge_item", p)
	return nil
}

type searchPage struct {
	Page
	Q    string
	Hits []searchHitView
}

type searchHitView struct {
	chamber.SearchHit
	Link    string
	Snippet template.HTML
}

// searchPage is GET /search?q=: the same search as the API, with links.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	p := &searchPage{Page: s.page(r, "search.title"), Q: r.URL.Query().Get("q")}
	if p.Q != "" {
		hits, err := s.store.SearchDocuments(r.Context(), p.Q, 50)
		if err != nil {
			if !p.withFieldErrors(err) {
				return err
			}
			s.render(w, r, http.StatusUnprocessableEntity, "search", p)
			return nil
		}
		for _, h := range hits {
			v := searchHitView{SearchHit: h, Snippet: template.HTML(h.Snippet)} // escaped by Snippet, only <mark> added
			switch h.Kind {
			case "document":
				v.Link = "/documents/" + strconv.FormatInt(h.ID, 10)
			case "knowledge":
				v.Link = "/knowledge-items/" + strconv.FormatInt(h.ID, 10)
			case "attachment":
				v.Link = ownerURL(h.OwnerKind, h.OwnerID) + "#attachments"
			case "announcement":
				v.Link = "/announcements/" + strconv.FormatInt(h.ID, 10)
			case "minutes":
				v.Link = "/meetings/" + strconv.FormatInt(h.ID, 10) + "/minutes"
			case "archive":
				v.Link = "/archive#archive-" + strconv.FormatInt(h.ID, 10)
			}
			p.Hits = append(p.Hits, v)
		}
	}
	s.render(w, r, http.StatusOK, "search", p)
	return nil
}

func (s *Server) apiCollectionCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewKBCollection
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateCollection(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiCollectionList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListCollections(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list, "next_cursor": ""})
	return nil
}

func (s *Server) apiCollectionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.FindCollection(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiKBItemCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewKBItem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	it, err := s.store.AddKBItem(r.Context(), id, in)
	if err != nil {
		return err
	}
	it.BodyHTML = renderMarkdown(it.Body)
	writeJSON(w, http.StatusCreated, it)
	return nil
}

func (s *Server) apiKBItemGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	it, err := s.store.FindKBItem(r.Context(), id)
	if err != nil {
		return err
	}
	it.BodyHTML = renderMarkdown(it.Body)
	writeJSON(w, http.StatusOK, it)
	return nil
}

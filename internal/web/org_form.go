package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/chamber-org/chamber"
)

// orgForm is the one shape of the org chart's create and update forms:
// read the form, save it, then go to the record's page, or show the form
// again with the errors (a new record on the overview, an edited one on its
// own page).
type orgForm[T any] struct {
	read   func(*http.Request, *chamber.Fields) T
	setID  func(*T, chamber.ID)
	create func(context.Context, T) (chamber.ID, error)
	update func(context.Context, T) error
	path   string // the record's page, with %d for its id
	// again renders the edit page with the form and the errors' status.
	again func(w http.ResponseWriter, r *http.Request, form T, err error) error
}

func (o orgForm[T]) createHandler(s *Server) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := parseForm(r); err != nil {
			return err
		}
		var f chamber.Fields
		rec := o.read(r, &f)
		err := f.Err()
		var id chamber.ID
		if err == nil {
			id, err = o.create(r.Context(), rec)
		}
		if err != nil {
			p := orgPage{Page: s.page(r, "org.title")}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderOrg(w, r, st, &p) })
		}
		http.Redirect(w, r, fmt.Sprintf(o.path+"?saved=1", id), http.StatusSeeOther)
		return nil
	}
}

func (o orgForm[T]) updateHandler() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		var f chamber.Fields
		rec := o.read(r, &f)
		o.setID(&rec, id)
		if err = f.Err(); err == nil {
			err = o.update(r.Context(), rec)
		}
		if err != nil {
			return o.again(w, r, rec, err)
		}
		http.Redirect(w, r, fmt.Sprintf(o.path+"?saved=1", id), http.StatusSeeOther)
		return nil
	}
}

func (s *Server) bodyForm() orgForm[chamber.Body] {
	return orgForm[chamber.Body]{read: bodyFromForm, path: "/org/bodies/%d",
		setID: func(b *chamber.Body, id chamber.ID) { b.ID = id },
		create: func(ctx context.Context, b chamber.Body) (chamber.ID, error) {
			out, err := s.store.CreateBody(ctx, b)
			return idOf(out, err, func(b *chamber.Body) chamber.ID { return b.ID })
		},
		update: func(ctx context.Context, b chamber.Body) error { _, err := s.store.UpdateBody(ctx, b); return err },
		again: func(w http.ResponseWriter, r *http.Request, b chamber.Body, err error) error {
			p := orgBodyPage{Page: s.page(r, "org.body"), Form: b}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderBody(w, r, st, &p) })
		}}
}

func (s *Server) departmentForm() orgForm[chamber.Department] {
	return orgForm[chamber.Department]{read: departmentFromForm, path: "/org/departments/%d",
		setID: func(d *chamber.Department, id chamber.ID) { d.ID = id },
		create: func(ctx context.Context, d chamber.Department) (chamber.ID, error) {
			out, err := s.store.CreateDepartment(ctx, d)
			return idOf(out, err, func(d *chamber.Department) chamber.ID { return d.ID })
		},
		update: func(ctx context.Context, d chamber.Department) error {
			_, err := s.store.UpdateDepartment(ctx, d)
			return err
		},
		again: func(w http.ResponseWriter, r *http.Request, d chamber.Department, err error) error {
			p := orgDepartmentPage{Page: s.page(r, "org.department"), Form: d}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderDepartment(w, r, st, &p) })
		}}
}

func (s *Server) positionForm() orgForm[chamber.Position] {
	return orgForm[chamber.Position]{read: positionFromForm, path: "/org/positions/%d",
		setID: func(p *chamber.Position, id chamber.ID) { p.ID = id },
		create: func(ctx context.Context, p chamber.Position) (chamber.ID, error) {
			out, err := s.store.CreatePosition(ctx, p)
			return idOf(out, err, func(p *chamber.Position) chamber.ID { return p.ID })
		},
		update: func(ctx context.Context, p chamber.Position) error {
			_, err := s.store.UpdatePosition(ctx, p)
			return err
		},
		again: func(w http.ResponseWriter, r *http.Request, pos chamber.Position, err error) error {
			p := orgPositionPage{Page: s.page(r, "org.position"), Form: pos}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderPosition(w, r, st, &p) })
		}}
}

// idOf is the id of what a create returned, or its error.
func idOf[T any](v *T, err error, id func(*T) chamber.ID) (chamber.ID, error) {
	if err != nil {
		return 0, err
	}
	return id(v), nil
}

package sqlstore

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/search"
)

// The contacts register (外联, 联系单位): outside organisations with their
// people and a log of interactions. Staff who handle services (ticket.handle)
// or hold org.write keep it; any staff login that reads the org chart reads it.

func mayReadContacts(a *chamber.Actor) error {
	if a.Can(chamber.PermTicketHandle) || a.Can(chamber.PermOrgWrite) || a.Can(chamber.PermLegalHandle) {
		return nil // legal.handle: the advisers are contacts
	}
	return a.Require(chamber.PermOrgRead)
}

func mayWriteContacts(a *chamber.Actor) error {
	if a.Can(chamber.PermOrgWrite) {
		return nil
	}
	return a.Require(chamber.PermTicketHandle)
}

// contactSearch is what a contact is found by: its name and its people's
// names, in Chinese, full pinyin and initials.
func contactSearch(c *chamber.Contact) string {
	parts := []string{strings.ToLower(c.Name)}
	full, ini := search.Romanize(c.Name)
	parts = append(parts, full, ini)
	for _, p := range c.People {
		f, i := search.Romanize(p.Name)
		parts = append(parts, strings.ToLower(p.Name), f, i)
	}
	return strings.Join(parts, " ")
}

// CreateContact adds an organisation to the register.
func (db *DB) CreateContact(ctx context.Context, c chamber.Contact) (*chamber.Contact, error) {
	actor := chamber.ActorFrom(ctx)
	if err := mayWriteContacts(actor); err != nil {
		return nil, err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.People == nil {
		c.People = []chamber.ContactPerson{}
	}
	if c.OwnerID == 0 {
		c.OwnerID = actor.UserID
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if c.OwnerID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, c.OwnerID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("owner_user_id", "err.user_not_found")
			}
		}
		c.CreatedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO contacts(kind, name, country, owner_id, notes, search, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.Kind, c.Name, c.Country, c.OwnerID, c.Notes, contactSearch(&c), micros(tx.now)).Scan(&c.ID); err != nil {
			return err
		}
		for _, p := range c.People {
			if _, err := tx.ExecContext(ctx, `INSERT INTO contact_people(contact_id, name, title, phone, email) VALUES ($1, $2, $3, $4, $5)`,
				c.ID, p.Name, p.Title, p.Phone, p.Email); err != nil {
				return err
			}
		}
		return tx.Audit("contact.create", "contact", c.ID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return db.FindContact(ctx, c.ID)
}

const contactColumns = `c.id, c.kind, c.name, c.country, c.owner_id, COALESCE(u.name, ''), c.notes, c.created_at`

func scanContact(sc interface{ Scan(...any) error }) (*chamber.Contact, error) {
	var c chamber.Contact
	var at int64
	if err := sc.Scan(&c.ID, &c.Kind, &c.Name, &c.Country, &c.OwnerID, &c.Owner, &c.Notes, &at); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMicros(at)
	c.People = []chamber.ContactPerson{}
	return &c, nil
}

// FindContact returns a contact with its people and its interaction log.
func (db *DB) FindContact(ctx context.Context, id chamber.ID) (*chamber.Contact, error) {
	if err := mayReadContacts(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	c, err := scanContact(db.read.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "contact.err.not_found")
	}
	people, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ContactPerson, error) {
		var p chamber.ContactPerson
		err := sc.Scan(&p.Name, &p.Title, &p.Phone, &p.Email)
		return p, err
	}, `SELECT name, title, phone, email FROM contact_people WHERE contact_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	if people != nil {
		c.People = people
	}
	c.Log, err = queryAll(ctx, db.read, scanInteraction, `SELECT id, contact_id, date, kind, summary, user_ids, created_by, created_at
		FROM interactions WHERE contact_id = $1 ORDER BY date DESC, id DESC LIMIT 200`, id)
	if err != nil {
		return nil, err
	}
	if c.Log == nil {
		c.Log = []*chamber.Interaction{}
	}
	return c, nil
}

func scanInteraction(sc interface{ Scan(...any) error }) (*chamber.Interaction, error) {
	var i chamber.Interaction
	var users string
	var at int64
	if err := sc.Scan(&i.ID, &i.ContactID, &i.Date, &i.Kind, &i.Summary, &users, &i.CreatedBy, &at); err != nil {
		return nil, err
	}
	i.CreatedAt = fromMicros(at)
	if err := json.Unmarshal([]byte(users), &i.UserIDs); err != nil {
		return nil, err
	}
	return &i, nil
}

// ListContacts lists the register by name, filtered by kind and by a
// query that matches the name or a person's name in Chinese, full pinyin
// or initials. The register is small (hundreds), so the match is a scan of
// its search column.
func (db *DB) ListContacts(ctx context.Context, q, kind string, p chamber.Page) ([]*chamber.Contact, string, error) {
	if err := mayReadContacts(chamber.ActorFrom(ctx)); err != nil {
		return nil, "", err
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if kind != "" {
		if !containsStr(chamber.ContactKinds, kind) {
			return nil, "", fieldErr("kind", "err.invalid_value")
		}
		where = append(where, "c.kind = "+arg(kind))
	}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
		where = append(where, "c.search LIKE "+arg("%"+q+"%")+` ESCAPE '\'`)
	}
	p = p.Normalize()
	if p.Cursor != "" {
		after, err := idCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "c.id > "+arg(after))
	}
	sqlq := `SELECT ` + contactColumns + ` FROM contacts c LEFT JOIN users u ON u.id = c.owner_id`
	if len(where) > 0 {
		sqlq += " WHERE " + strings.Join(where, " AND ")
	}
	sqlq += " ORDER BY c.id LIMIT " + arg(p.Limit+1)
	items, err := queryAll(ctx, db.read, scanContact, sqlq, args...)
	if err != nil {
		return nil, "", err
	}
	items, next := idPage(items, p.Limit, func(x *chamber.Contact) chamber.ID { return x.ID })
	if items == nil {
		items = []*chamber.Contact{}
	}
	return items, next, nil
}

// AddInteraction logs a visit, reception, meeting, call or letter.
func (db *DB) AddInteraction(ctx context.Context, in chamber.Interaction) (*chamber.Interaction, error) {
	actor := chamber.ActorFrom(ctx)
	if err := mayWriteContacts(actor); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.UserIDs == nil {
		in.UserIDs = []chamber.ID{}
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE id = $1`, in.ContactID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "contact.err.not_found")
		}
		for _, u := range in.UserIDs {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, u).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("user_ids", "err.user_not_found")
			}
		}
		users, _ := json.Marshal(in.UserIDs)
		in.CreatedBy, in.CreatedAt = actor.UserID, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO interactions(contact_id, date, kind, summary, user_ids, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, in.ContactID, in.Date, in.Kind, in.Summary, string(users), actor.UserID, micros(tx.now)).Scan(&in.ID); err != nil {
			return err
		}
		return tx.Audit("contact.interaction", "contact", in.ContactID, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

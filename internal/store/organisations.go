package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

const orgColumns = `id, name, type, country, city, phone, email, website, address, require_totp, retention_days, created_at`

type scanner interface{ Scan(...any) error }

func scanOrg(s scanner) (account.Organisation, error) {
	var o account.Organisation
	var typ string
	err := s.Scan(&o.ID, &o.Name, &typ, &o.Country, &o.City, &o.Phone, &o.Email, &o.Website, &o.Address,
		&o.RequireTOTP, &o.RetentionDays, &o.CreatedAt)
	o.Type = account.OrgType(typ)
	o.CreatedAt = o.CreatedAt.UTC()
	return o, err
}

// CreateOrganisation adds an organisation (PermOrgCreate: platform
// administrators and the system). A nil ID is given a new UUIDv7; ID and
// CreatedAt are set on o. The event opens the new organisation's chain.
func (db *DB) CreateOrganisation(ctx context.Context, o *account.Organisation) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermOrgCreate) {
		return ErrForbidden
	}
	n := *o
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	if n.ID == uuid.Nil {
		if n.ID, err = uuid.NewV7(); err != nil {
			return err
		}
	}
	n.CreatedAt = now()
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO organisations (`+orgColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			n.ID, n.Name, string(n.Type), n.Country, n.City, n.Phone, n.Email, n.Website, n.Address,
			n.RequireTOTP, n.RetentionDays, n.CreatedAt); err != nil {
			return fmt.Errorf("store: create organisation: %w", err)
		}
		t.audit(event(a, n.ID, "org.create", "organisation", n.ID.String(), ""))
		return nil
	})
	if err != nil {
		return err
	}
	*o = n
	return nil
}

// GetOrganisation returns the actor's own organisation (PermOrgView), or any
// for a platform administrator; another organisation is ErrNotFound.
func (db *DB) GetOrganisation(ctx context.Context, id uuid.UUID) (account.Organisation, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return account.Organisation{}, err
	}
	if err := orgAccess(a, id, auth.PermOrgView); err != nil {
		return account.Organisation{}, err
	}
	o, err := scanOrg(db.readRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
	return o, notFound(err)
}

// UpdateOrganisation saves every editable field of o (not CreatedAt):
// PermOrgEdit in the actor's own organisation, or a platform administrator.
// The audit detail lists the names of the fields that changed.
func (db *DB) UpdateOrganisation(ctx context.Context, o account.Organisation) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := orgAccess(a, o.ID, auth.PermOrgEdit); err != nil {
		return err
	}
	o.Normalise()
	if es := o.Validate(); len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error { return t.updateOrg(ctx, a, o) })
}

// updateOrg writes o's editable fields within t (checked and normalised by
// the caller) and audits the names of those that changed.
func (t *tx) updateOrg(ctx context.Context, a auth.Actor, o account.Organisation) error {
	old, err := scanOrg(t.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`+t.db.forNoKeyUpdate(), o.ID))
	if err != nil {
		return notFound(err)
	}
	changed := orgChanges(old, o)
	if len(changed) == 0 {
		return nil
	}
	if _, err := t.ExecContext(ctx, `UPDATE organisations SET name = $1, type = $2, country = $3, city = $4,
		phone = $5, email = $6, website = $7, address = $8, require_totp = $9, retention_days = $10 WHERE id = $11`,
		o.Name, string(o.Type), o.Country, o.City, o.Phone, o.Email, o.Website, o.Address, o.RequireTOTP,
		o.RetentionDays, o.ID); err != nil {
		return fmt.Errorf("store: update organisation: %w", err)
	}
	t.audit(event(a, o.ID, "org.update", "organisation", o.ID.String(), "fields="+strings.Join(changed, ",")))
	return nil
}

// orgChanges names the fields that differ (names only: values may be personal).
func orgChanges(a, b account.Organisation) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("name", a.Name != b.Name)
	add("type", a.Type != b.Type)
	add("country", a.Country != b.Country)
	add("city", a.City != b.City)
	add("phone", a.Phone != b.Phone)
	add("email", a.Email != b.Email)
	add("website", a.Website != b.Website)
	add("address", a.Address != b.Address)
	add("require_totp", a.RequireTOTP != b.RequireTOTP)
	add("retention_days", a.RetentionDays != b.RetentionDays)
	return out
}

// ListOrganisations returns every organisation ordered by name. Platform
// administrators see every field; others see the network directory: name,
// type, country, city, phone, e-mail and website (plus every field of their
// own organisation).
func (db *DB) ListOrganisations(ctx context.Context) ([]account.Organisation, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	full := a.IsAdmin() && a.Can(auth.PermOrgListAll)
	if !full && !a.Can(auth.PermDirectory) {
		return nil, ErrForbidden
	}
	rows, err := db.read(ctx, `SELECT `+orgColumns+` FROM organisations ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list organisations: %w", err)
	}
	defer rows.Close()
	var out []account.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		if !full && !(o.ID == a.OrgID && a.Can(auth.PermOrgView)) {
			o = account.Organisation{ID: o.ID, Name: o.Name, Type: o.Type, Country: o.Country, City: o.City,
				Phone: o.Phone, Email: o.Email, Website: o.Website}
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// lockOrg is orgExists that also holds the organisation row until the end
// of the transaction in PostgreSQL (FOR NO KEY UPDATE: inserts referring to
// it still go on), so that checks such as "one org_admin remains" cannot be
// raced by a concurrent transaction.
func (t *tx) lockOrg(ctx context.Context, id uuid.UUID) error {
	return t.orgRow(ctx, id, t.db.forNoKeyUpdate())
}

// orgExists is ErrNotFound when there is no organisation id.
func (t *tx) orgExists(ctx context.Context, id uuid.UUID) error {
	return t.orgRow(ctx, id, "")
}

// orgRow reads organisation id's row with the given locking clause;
// ErrNotFound when there is none.
func (t *tx) orgRow(ctx context.Context, id uuid.UUID, lock string) error {
	var one int
	return notFound(t.QueryRowContext(ctx, `SELECT 1 FROM organisations WHERE id = $1`+lock, id).Scan(&one))
}

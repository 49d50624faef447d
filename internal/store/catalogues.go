package store

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// An organisation may load its own indicator catalogues (a country's
// identification form, a corrected ILO list): one with the id of an embedded
// catalogue replaces it for that organisation's screenings, another id adds
// to them. Catalogues are data, not personal data, and every load is audited.

// LoadCatalogue validates the catalogue in body (identify.LoadCatalogue: the
// error names each faulty indicator) and stores it for the actor's
// organisation (auth.PermOrgEdit), replacing one of the same id.
func (db *DB) LoadCatalogue(ctx context.Context, body []byte) (*identify.Catalogue, error) {
	a, err := catalogueEditor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := identify.LoadCatalogue(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM indicator_catalogues WHERE organisation_id = $1 AND catalogue_id = $2`, a.OrgID, c.ID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO indicator_catalogues (organisation_id, catalogue_id, version, body, loaded_by, loaded_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.OrgID, c.ID, c.Version, string(body), a.UserID, now()); err != nil {
			return err
		}
		t.audit(event(a, a.OrgID, "catalogue.load", "catalogue", c.ID, "version="+c.Version))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ResetCatalogue removes the organisation's own catalogue id, so screenings
// use the embedded one again (or none, for an added id). ErrNotFound when the
// organisation has no such catalogue.
func (db *DB) ResetCatalogue(ctx context.Context, id string) error {
	a, err := catalogueEditor(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `DELETE FROM indicator_catalogues WHERE organisation_id = $1 AND catalogue_id = $2`, a.OrgID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		t.audit(event(a, a.OrgID, "catalogue.reset", "catalogue", id, ""))
		return nil
	})
}

// catalogueEditor is the actor when it may change its organisation's
// catalogues (auth.PermOrgEdit). The system may act for an organisation (the
// command line names it).
func catalogueEditor(ctx context.Context) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, err
	}
	if a.OrgID == uuid.Nil || !a.Can(auth.PermOrgEdit) {
		return a, ErrForbidden
	}
	return a, nil
}

// Catalogues returns the catalogues the actor's organisation screens with:
// the embedded ones, replaced or completed by the organisation's own. An
// actor without an organisation gets the embedded set.
func (db *DB) Catalogues(ctx context.Context) (*identify.CatalogueSet, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	base := identify.Catalogues()
	if a.OrgID == uuid.Nil {
		return base, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT body FROM indicator_catalogues WHERE organisation_id = $1`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: catalogues: %w", err)
	}
	defer rows.Close()
	byID := map[string]*identify.Catalogue{}
	for _, id := range base.IDs() {
		byID[id], _ = base.Get(id)
	}
	own := 0
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		c, err := identify.LoadCatalogue(strings.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("store: a stored catalogue no longer loads: %w", err)
		}
		byID[c.ID] = c
		own++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if own == 0 {
		return base, nil
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	cs := make([]*identify.Catalogue, 0, len(ids))
	for _, id := range ids {
		cs = append(cs, byID[id])
	}
	return identify.NewCatalogueSet(cs...)
}

package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// DirectoryImport is what ImportDirectory did.
type DirectoryImport struct {
	Created, Updated, Unchanged int
}

// ExportDirectory returns the whole directory (public details and profiles)
// for a file (PermDirectory), and audits the export.
func (db *DB) ExportDirectory(ctx context.Context) ([]directory.Listing, error) {
	ls, err := db.SearchDirectory(ctx, directory.Filter{})
	if err != nil {
		return nil, err
	}
	a, _ := actorOf(ctx)
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, a.OrgID, "directory.export", "directory", "", "organisations="+strconv.Itoa(len(ls))))
		return nil
	})
	return ls, err
}

// ImportDirectory loads listings (a national directory, or an export of
// another deployment) all or nothing: coordinators (PermDirectoryCurate),
// platform administrators and the system. An organisation is matched by its
// id: a new one is created (a directory entry that has no users yet), an
// existing one has its public details (name, type, country, city, phone,
// e-mail, website; never its address or settings) and its profile replaced.
// Every problem of every record is returned at once, as valid.Errors whose
// fields begin "records[i]." (i counts from 0 in the file's order), and then
// nothing is written.
func (db *DB) ImportDirectory(ctx context.Context, ls []directory.Listing) (DirectoryImport, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return DirectoryImport{}, err
	}
	if !a.Can(auth.PermDirectoryCurate) {
		return DirectoryImport{}, ErrForbidden
	}
	var es valid.Errors
	seen := map[uuid.UUID]int{}
	for i := range ls {
		l := &ls[i]
		prefix := "records[" + strconv.Itoa(i) + "]."
		if l.Org.ID == uuid.Nil {
			es.Add(valid.New(prefix+"id", valid.RuleRequired, nil))
		} else if _, dup := seen[l.Org.ID]; dup {
			es.Add(valid.New(prefix+"id", directory.RuleDuplicate, nil))
		}
		seen[l.Org.ID] = i
		l.Org = directory.PublicOrg(l.Org)
		l.Org.Normalise()
		l.Profile.OrgID = l.Org.ID
		l.Profile.Normalise()
		for _, e := range append(l.Org.Validate(), l.Profile.Validate()...) {
			es.Add(&valid.FieldError{Field: prefix + e.Field, Rule: e.Rule, Params: e.Params, Kind: e.Kind})
		}
	}
	if len(es) > 0 {
		return DirectoryImport{}, es
	}
	var res DirectoryImport
	err = db.write(ctx, func(t *tx) error {
		res = DirectoryImport{}
		for _, l := range ls {
			full, err := scanOrg(t.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`+t.db.forNoKeyUpdate(), l.Org.ID))
			switch {
			case err == nil:
				o := full
				o.Name, o.Type, o.Country, o.City = l.Org.Name, l.Org.Type, l.Org.Country, l.Org.City
				o.Phone, o.Email, o.Website = l.Org.Phone, l.Org.Email, l.Org.Website
				before := len(t.pending)
				if err := t.updateOrg(ctx, a, o); err != nil {
					return err
				}
				if err := t.saveProfile(ctx, a, l.Profile, "directory.update"); err != nil {
					return err
				}
				if len(t.pending) > before {
					res.Updated++
				} else {
					res.Unchanged++
				}
			case notFound(err) == ErrNotFound:
				n := l.Org
				n.CreatedAt = now()
				if _, err := t.ExecContext(ctx, `INSERT INTO organisations (`+orgColumns+`)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
					n.ID, n.Name, string(n.Type), n.Country, n.City, n.Phone, n.Email, n.Website, "",
					false, 0, n.CreatedAt); err != nil {
					return fmt.Errorf("store: import directory: %w", mapErr(err))
				}
				t.audit(event(a, n.ID, "org.create", "organisation", n.ID.String(), "source=directory_import"))
				if err := t.saveProfile(ctx, a, l.Profile, "directory.update"); err != nil {
					return err
				}
				res.Created++
			default:
				return err
			}
		}
		t.audit(event(a, a.OrgID, "directory.import", "directory", "", fmt.Sprintf("created=%d updated=%d unchanged=%d",
			res.Created, res.Updated, res.Unchanged)))
		return nil
	})
	if err != nil {
		return DirectoryImport{}, err
	}
	return res, nil
}

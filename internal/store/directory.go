package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The directory of services: one profile per organisation (directory.Profile),
// readable by every signed-in user (PermDirectory), edited by the
// organisation itself (PermDirectoryEdit) or by a coordinator for any
// organisation (PermDirectoryCurate). Every change is one "directory.update"
// audit entry on the organisation's chain naming the fields that changed.

// directoryEditAccess: a curator may edit any organisation's profile; anyone
// else only their own, with PermDirectoryEdit (orgAccess: another
// organisation is ErrNotFound).
func directoryEditAccess(a auth.Actor, org uuid.UUID) error {
	if a.Can(auth.PermDirectoryCurate) {
		return nil
	}
	return orgAccess(a, org, auth.PermDirectoryEdit)
}

// queryFunc is what both the reader pool and a transaction offer.
type queryFunc func(ctx context.Context, q string, args ...any) (*sql.Rows, error)

// DirectoryListing returns one organisation's public details and profile
// (every signed-in user: the directory is public within the network).
func (db *DB) DirectoryListing(ctx context.Context, org uuid.UUID) (directory.Listing, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return directory.Listing{}, err
	}
	if !a.Can(auth.PermDirectory) {
		return directory.Listing{}, ErrForbidden
	}
	ls, err := db.listings(ctx, db.read, `WHERE o.id = $1`, org)
	if err != nil {
		return directory.Listing{}, err
	}
	if len(ls) == 0 {
		return directory.Listing{}, ErrNotFound
	}
	return ls[0], nil
}

// DirectoryProfile is DirectoryListing's profile.
func (db *DB) DirectoryProfile(ctx context.Context, org uuid.UUID) (directory.Profile, error) {
	l, err := db.DirectoryListing(ctx, org)
	return l.Profile, err
}

// MayEditDirectory reports whether the actor may edit org's profile
// (ErrNotFound for another organisation without PermDirectoryCurate), for
// pages that offer the edit link; the write checks it again.
func (db *DB) MayEditDirectory(ctx context.Context, org uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return directoryEditAccess(a, org)
}

// MayCurateDirectory is nil when the actor curates the whole directory
// (PermDirectoryCurate: edits every profile, imports and exports files).
func (db *DB) MayCurateDirectory(ctx context.Context) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermDirectoryCurate) {
		return ErrForbidden
	}
	return nil
}

// SearchDirectory lists the organisations that answer f, by name (every
// signed-in user). A country matches a country of operation, or the
// organisation's own country when it has given none; a population matches a
// service for it or for everyone (with the service asked for, if any).
func (db *DB) SearchDirectory(ctx context.Context, f directory.Filter) ([]directory.Listing, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.PermDirectory) {
		return nil, ErrForbidden
	}
	f.Normalise()
	if es := f.Validate(); len(es) > 0 {
		return nil, es
	}
	where, args := directoryWhere(f)
	return db.listings(ctx, db.read, where, args...)
}

// directoryWhere is the SQL of a filter, on organisations o and profiles p.
func directoryWhere(f directory.Filter) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Country != "" {
		c := arg(f.Country)
		conds = append(conds, `(EXISTS (SELECT 1 FROM directory_countries dc WHERE dc.organisation_id = o.id AND dc.country = `+c+`)
			OR (o.country = `+c+` AND NOT EXISTS (SELECT 1 FROM directory_countries dc WHERE dc.organisation_id = o.id)))`)
	}
	if f.Service != "" || f.Population != "" {
		q := `EXISTS (SELECT 1 FROM directory_services ds WHERE ds.organisation_id = o.id`
		if f.Service != "" {
			q += ` AND ds.service = ` + arg(string(f.Service))
		}
		if f.Population != "" {
			q += ` AND (ds.populations = '' OR ds.populations LIKE ` + arg("%,"+string(f.Population)+",%") + `)`
		}
		conds = append(conds, q+`)`)
	}
	if f.Language != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM directory_languages dl WHERE dl.organisation_id = o.id AND dl.language = `+arg(f.Language)+`)`)
	}
	if f.Accepting {
		conds = append(conds, `p.accepts_referrals = `+arg(true))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// listings reads the organisations selected by where (on o and p) with their
// profiles, ordered by name.
func (db *DB) listings(ctx context.Context, query queryFunc, where string, args ...any) ([]directory.Listing, error) {
	rows, err := query(ctx, `SELECT o.id, o.name, o.type, o.country, o.city, o.phone, o.email, o.website,
		p.accepts_referrals, p.capacity_places, p.capacity_available, p.hours, p.updated_at
		FROM organisations o LEFT JOIN directory_profiles p ON p.organisation_id = o.id `+where+`
		ORDER BY o.name, o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: directory: %w", err)
	}
	var out []directory.Listing
	index := map[uuid.UUID]int{}
	for rows.Next() {
		var l directory.Listing
		var typ string
		var accepts sql.NullBool
		var places, available sql.NullInt64
		var hours sql.NullString
		var updated sql.NullTime
		if err := rows.Scan(&l.Org.ID, &l.Org.Name, &typ, &l.Org.Country, &l.Org.City, &l.Org.Phone, &l.Org.Email,
			&l.Org.Website, &accepts, &places, &available, &hours, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		l.Org.Type = account.OrgType(typ)
		p := &l.Profile
		p.OrgID = l.Org.ID
		p.AcceptsReferrals = accepts.Bool
		p.Capacity.Places = nullInt(places)
		p.Capacity.Available = nullInt(available)
		p.Hours = parseHours(hours.String)
		if updated.Valid {
			p.UpdatedAt = updated.Time.UTC()
		}
		index[l.Org.ID] = len(out)
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The profiles' lists, for the organisations selected only (the same
	// filter: a list of ids would make a new statement for each length).
	from := func(table, alias string) string {
		return ` FROM ` + table + ` ` + alias + ` JOIN organisations o ON o.id = ` + alias + `.organisation_id
			LEFT JOIN directory_profiles p ON p.organisation_id = o.id ` + where + ` ORDER BY 1, 2`
	}
	if err := db.each(ctx, query, `SELECT x.organisation_id, x.service, x.populations`+from("directory_services", "x"), args,
		func(org uuid.UUID, a, b string) {
			if i, ok := index[org]; ok {
				p := &out[i].Profile
				p.Services = append(p.Services, directory.Offer{Service: directory.Service(a), Populations: splitVocab[directory.Population](b)})
			}
		}); err != nil {
		return nil, err
	}
	if err := db.each(ctx, query, `SELECT x.organisation_id, x.country, x.roles`+from("directory_countries", "x"), args,
		func(org uuid.UUID, a, b string) {
			if i, ok := index[org]; ok {
				p := &out[i].Profile
				p.Countries = append(p.Countries, directory.Operation{Country: a, Roles: splitVocab[directory.Role](b)})
			}
		}); err != nil {
		return nil, err
	}
	if err := db.each(ctx, query, `SELECT x.organisation_id, x.language, ''`+from("directory_languages", "x"), args,
		func(org uuid.UUID, a, _ string) {
			if i, ok := index[org]; ok {
				out[i].Profile.Languages = append(out[i].Profile.Languages, a)
			}
		}); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Profile.Normalise()
	}
	return out, nil
}

// each runs q (three columns: organisation, two texts) and calls fn per row.
func (db *DB) each(ctx context.Context, query queryFunc, q string, args []any, fn func(uuid.UUID, string, string)) error {
	rows, err := query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: directory: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org uuid.UUID
		var a, b string
		if err := rows.Scan(&org, &a, &b); err != nil {
			return err
		}
		fn(org, a, b)
	}
	return rows.Err()
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func intArg(n *int) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}

// joinVocab writes codes as ",a,b," (” for none): one LIKE pattern finds a code.
func joinVocab[T ~string](vs []T) string {
	if len(vs) == 0 {
		return ""
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return "," + strings.Join(s, ",") + ","
}

func splitVocab[T ~string](s string) []T {
	var out []T
	for _, v := range strings.Split(strings.Trim(s, ","), ",") {
		if v != "" {
			out = append(out, T(v))
		}
	}
	return out
}

// formatHours writes opening hours as "MO 09:00-17:00;TU 09:00-12:00".
func formatHours(hs []directory.Opening) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = string(h.Day) + " " + h.Opens + "-" + h.Closes
	}
	return strings.Join(parts, ";")
}

func parseHours(s string) []directory.Opening {
	var out []directory.Opening
	for _, part := range strings.Split(s, ";") {
		day, span, ok := strings.Cut(part, " ")
		if !ok {
			continue
		}
		opens, closes, _ := strings.Cut(span, "-")
		out = append(out, directory.Opening{Day: directory.Day(day), Opens: opens, Closes: closes})
	}
	return out
}

// UpdateDirectoryProfile replaces organisation p.OrgID's profile: the
// organisation's own administrators (PermDirectoryEdit) or a coordinator
// (PermDirectoryCurate). Bad input is valid.Errors and changes nothing.
func (db *DB) UpdateDirectoryProfile(ctx context.Context, p directory.Profile) error {
	return db.SaveDirectoryEntry(ctx, nil, &p)
}

// SaveDirectoryEntry saves, in one transaction, an organisation's details
// (o, as UpdateOrganisation: PermOrgEdit in one's own organisation) and its
// directory profile (p, as UpdateDirectoryProfile); either may be nil. Both
// are checked before anything is written.
func (db *DB) SaveDirectoryEntry(ctx context.Context, o *account.Organisation, p *directory.Profile) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	var es valid.Errors
	if o != nil {
		if err := orgAccess(a, o.ID, auth.PermOrgEdit); err != nil {
			return err
		}
		o.Normalise()
		es = append(es, o.Validate()...)
	}
	if p != nil {
		if err := directoryEditAccess(a, p.OrgID); err != nil {
			return err
		}
		p.Normalise()
		es = append(es, p.Validate()...)
	}
	if len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error {
		if o != nil {
			if err := t.updateOrg(ctx, a, *o); err != nil {
				return err
			}
		}
		if p != nil {
			if err := t.lockOrg(ctx, p.OrgID); err != nil {
				return err
			}
			return t.saveProfile(ctx, a, *p, "directory.update")
		}
		return nil
	})
}

// saveProfile replaces p.OrgID's profile within t and audits action on the
// organisation's chain, naming the parts that changed (nothing changed:
// nothing written, no entry).
func (t *tx) saveProfile(ctx context.Context, a auth.Actor, p directory.Profile, action string) error {
	old, err := t.directoryProfile(ctx, p.OrgID)
	if err != nil {
		return err
	}
	changed := profileChanges(old, p)
	if len(changed) == 0 {
		return nil
	}
	for _, table := range []string{"directory_services", "directory_countries", "directory_languages", "directory_profiles"} {
		if _, err := t.ExecContext(ctx, `DELETE FROM `+table+` WHERE organisation_id = $1`, p.OrgID); err != nil {
			return fmt.Errorf("store: directory: %w", err)
		}
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO directory_profiles (organisation_id, accepts_referrals, capacity_places,
		capacity_available, hours, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.OrgID, p.AcceptsReferrals, intArg(p.Capacity.Places), intArg(p.Capacity.Available), formatHours(p.Hours), now()); err != nil {
		return fmt.Errorf("store: directory: %w", err)
	}
	for _, s := range p.Services {
		if _, err := t.ExecContext(ctx, `INSERT INTO directory_services (organisation_id, service, populations) VALUES ($1, $2, $3)`,
			p.OrgID, string(s.Service), joinVocab(s.Populations)); err != nil {
			return fmt.Errorf("store: directory: %w", err)
		}
	}
	for _, c := range p.Countries {
		if _, err := t.ExecContext(ctx, `INSERT INTO directory_countries (organisation_id, country, roles) VALUES ($1, $2, $3)`,
			p.OrgID, c.Country, joinVocab(c.Roles)); err != nil {
			return fmt.Errorf("store: directory: %w", err)
		}
	}
	for _, l := range p.Languages {
		if _, err := t.ExecContext(ctx, `INSERT INTO directory_languages (organisation_id, language) VALUES ($1, $2)`,
			p.OrgID, l); err != nil {
			return fmt.Errorf("store: directory: %w", err)
		}
	}
	t.audit(event(a, p.OrgID, action, "organisation", p.OrgID.String(), "fields="+strings.Join(changed, ",")))
	return nil
}

// directoryProfile reads org's profile within t (an empty profile when it
// has none; ErrNotFound when there is no such organisation). Referrals check
// their receiver with it, in their own transaction:
//
//	p, err := t.directoryProfile(ctx, to)
//	if ok, why := directory.Offers(p, service); !ok { ... valid.New("services", string(why), nil) }
func (t *tx) directoryProfile(ctx context.Context, org uuid.UUID) (directory.Profile, error) {
	ls, err := t.db.listings(ctx, t.QueryContext, `WHERE o.id = $1`, org)
	if err != nil {
		return directory.Profile{}, err
	}
	if len(ls) == 0 {
		return directory.Profile{}, ErrNotFound
	}
	return ls[0].Profile, nil
}

// checkOffers is the rule a referral keeps about its receiver, within t:
// organisation org offers every service and accepts referrals now. A
// refusal is a valid error on "<field>[i]" whose rule is the reason
// (directory.NotOffered, NotAccepting, UnknownService); no such
// organisation is ErrNotFound.
func (t *tx) checkOffers(ctx context.Context, org uuid.UUID, field string, services []directory.Service) error {
	p, err := t.directoryProfile(ctx, org)
	if err != nil {
		return err
	}
	var es valid.Errors
	for i, s := range services {
		if ok, why := directory.Offers(p, s); !ok {
			es.Add(valid.New(field+"["+strconv.Itoa(i)+"]", string(why), nil))
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// profileChanges names the parts of a profile that differ.
func profileChanges(a, b directory.Profile) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("services", !slices.EqualFunc(a.Services, b.Services, func(x, y directory.Offer) bool {
		return x.Service == y.Service && slices.Equal(x.Populations, y.Populations)
	}))
	add("countries", !slices.EqualFunc(a.Countries, b.Countries, func(x, y directory.Operation) bool {
		return x.Country == y.Country && slices.Equal(x.Roles, y.Roles)
	}))
	add("languages", !slices.Equal(a.Languages, b.Languages))
	add("hours", !slices.Equal(a.Hours, b.Hours))
	add("capacity", !equalInt(a.Capacity.Places, b.Capacity.Places) || !equalInt(a.Capacity.Available, b.Capacity.Available))
	add("accepts_referrals", a.AcceptsReferrals != b.AcceptsReferrals)
	return out
}

func equalInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

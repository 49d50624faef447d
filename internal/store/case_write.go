package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// CreateCase records a new case (PermCaseWrite) in the actor's organisation
// (the system may name c.OrgID). It sets ID (UUIDv7 when nil), OrgID, Code
// (casework.NewCode with the organisation's country, unique in it), Status
// Active, AssignedTo (the actor when nil), CreatedAt and UpdatedAt on c.
func (db *DB) CreateCase(ctx context.Context, c *casework.Case) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	n := *c
	n.Status = casework.Active
	n.ClosedAt, n.ErasedAt = nil, nil
	n.CreatedAt = time.Time{}
	ps, err := db.prepareCases(ctx, a, []*casework.Case{&n}, false)
	if err != nil {
		return err
	}
	if err := db.insertCases(ctx, a, ps, ""); err != nil {
		return err
	}
	*c = n
	return nil
}

// CreateCases records many cases in one transaction, all or nothing (an
// import). Validation errors name the case by index: "cases[3].birth_date".
// A case keeps its Status when set (Closed imports get ClosedAt), its
// CreatedAt when set; the rest is as CreateCase.
func (db *DB) CreateCases(ctx context.Context, cs []*casework.Case) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	copies := make([]*casework.Case, len(cs))
	for i, c := range cs {
		n := *c
		copies[i] = &n
	}
	ps, err := db.prepareCases(ctx, a, copies, true)
	if err != nil {
		return err
	}
	if err := db.insertCases(ctx, a, ps, "import"); err != nil {
		return err
	}
	for i := range cs {
		*cs[i] = *copies[i]
	}
	return nil
}

// prepareCases checks, completes and seals cases; nothing is written but
// the subject keys.
func (db *DB) prepareCases(ctx context.Context, a auth.Actor, cs []*casework.Case, many bool) ([]preparedCase, error) {
	at := now()
	var es valid.Errors
	countries := map[uuid.UUID]string{}
	for i, c := range cs {
		org := a.OrgID
		if a.System && c.OrgID != uuid.Nil {
			org = c.OrgID
		}
		if c.OrgID != uuid.Nil && c.OrgID != org {
			return nil, ErrNotFound
		}
		if org == uuid.Nil {
			return nil, ErrNotFound
		}
		if _, ok := countries[org]; !ok {
			var country string
			if err := db.readRow(ctx, `SELECT country FROM organisations WHERE id = $1`, org).Scan(&country); err != nil {
				return nil, notFound(err)
			}
			countries[org] = country
		}
		c.OrgID = org
		if c.Status == "" {
			c.Status = casework.Active
		}
		c.ClosureRequested, c.ClosureStatus, c.ClosureReason, c.ClosureRequestedBy = false, "", "", uuid.Nil
		c.ErasedAt = nil
		for _, e := range c.Validate(at) {
			if many {
				e = &valid.FieldError{Field: fmt.Sprintf("cases[%d].%s", i, e.Field), Rule: e.Rule, Params: e.Params}
			}
			es = append(es, e)
		}
	}
	if len(es) > 0 {
		return nil, es
	}
	// Check assignees before sealing anything (sealing makes keys).
	members := map[uuid.UUID]bool{a.UserID: true}
	for i, c := range cs {
		if c.AssignedTo == uuid.Nil || members[c.AssignedTo] {
			continue
		}
		var n int
		if err := db.readRow(ctx, `SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND user_id = $2`,
			c.OrgID, c.AssignedTo).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			field := "assigned_to"
			if many {
				field = fmt.Sprintf("cases[%d].assigned_to", i)
			}
			return nil, valid.Errors{valid.New(field, valid.RuleOneOf, nil)}
		}
		members[c.AssignedTo] = true
	}
	for _, c := range cs {
		var err error
		if c.ID == uuid.Nil {
			if c.ID, err = uuid.NewV7(); err != nil {
				return nil, err
			}
		}
		if c.AssignedTo == uuid.Nil {
			c.AssignedTo = a.UserID
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = at
		}
		c.CreatedAt = c.CreatedAt.UTC().Truncate(time.Microsecond)
		c.UpdatedAt = at
		if c.Status.IsClosed() && c.ClosedAt == nil {
			c.ClosedAt = &at
		}
		if !c.Status.IsClosed() {
			c.ClosedAt = nil
		}
		c.Code = countries[c.OrgID] // prefix; completed in the transaction
	}
	return db.sealAll(ctx, cs)
}

// sealAll seals cases on a few goroutines: making each person's key is a
// small write of its own, which PostgreSQL can overlap.
func (db *DB) sealAll(ctx context.Context, cs []*casework.Case) ([]preparedCase, error) {
	out := make([]preparedCase, len(cs))
	workers := 1
	if db.dialect == Postgres && len(cs) > 1 {
		workers = min(8, len(cs))
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(cs); i += workers {
				p, err := db.prepareCase(ctx, cs[i])
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = p
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertCases writes prepared cases in one transaction, giving each a code
// not yet used in its organisation, and audits each "case.create".
func (db *DB) insertCases(ctx context.Context, a auth.Actor, ps []preparedCase, detail string) error {
	return db.write(ctx, func(t *tx) error { return t.insertCases(ctx, a, ps, detail) })
}

// insertCases is insertCases within t, for writes that add their own rows
// to the same transaction (an import job's end).
func (t *tx) insertCases(ctx context.Context, a auth.Actor, ps []preparedCase, detail string) error {
	used := map[string]bool{}
	members := map[uuid.UUID]bool{a.UserID: true}
	for i, p := range ps {
		c := p.c
		if !members[c.AssignedTo] {
			ok, err := t.memberOf(ctx, c.AssignedTo, c.OrgID)
			if err != nil {
				return err
			}
			if !ok {
				field := "assigned_to"
				if len(ps) > 1 || detail != "" {
					field = fmt.Sprintf("cases[%d].assigned_to", i)
				}
				return valid.Errors{valid.New(field, valid.RuleOneOf, nil)}
			}
			members[c.AssignedTo] = true
		}
		code, err := t.newCode(ctx, c.OrgID, c.Code, used)
		if err != nil {
			return err
		}
		c.Code = code
		if err := t.insertCase(ctx, p); err != nil {
			return err
		}
		t.audit(event(a, c.OrgID, "case.create", "case", c.ID.String(), detail))
	}
	return nil
}

// newCode draws codes until one is free in org (and in this batch).
func (t *tx) newCode(ctx context.Context, org uuid.UUID, country string, used map[string]bool) (string, error) {
	for range 20 {
		code := casework.NewCode(country, time.Now())
		if used[code] {
			continue
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE organisation_id = $1 AND code = $2`,
			org, code).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			used[code] = true
			return code, nil
		}
	}
	return "", fmt.Errorf("%w: no free case code", ErrConflict)
}

// UpdateCase saves the person and the HTCDS facts of c (PermCaseWrite), not
// its status, closure or code. It refuses (ErrConflict) when c.UpdatedAt is
// set and the case was saved since, and when the case was erased. The audit
// detail lists the names of the fields that changed.
func (db *DB) UpdateCase(ctx context.Context, c casework.Case) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	old, sc, err := db.loadCase(ctx, db.r, scopeOrg(a), c.ID, false)
	if err != nil {
		return err
	}
	if old.ErasedAt != nil {
		return fmt.Errorf("%w: the case was erased", ErrConflict)
	}
	if !c.UpdatedAt.IsZero() && !c.UpdatedAt.Equal(old.UpdatedAt) {
		return fmt.Errorf("%w: the case was changed by someone else", ErrConflict)
	}
	c.Status = old.Status
	if es := c.Validate(now()); len(es) > 0 {
		return es
	}
	if err := db.openCase(ctx, &old, sc); err != nil {
		return err
	}
	n := old
	n.Person, n.Gender, n.Citizenship, n.AgeWhenTrafficked, n.PresumedMinor = c.Person, c.Gender, c.Citizenship, c.AgeWhenTrafficked, c.PresumedMinor
	n.TraffickingStatus, n.StatusDecidedBy, n.Relationship = c.TraffickingStatus, c.StatusDecidedBy, c.Relationship
	n.RecruitmentMethods, n.RecruitmentPlace, n.MethodsOfControl = c.RecruitmentMethods, c.RecruitmentPlace, c.MethodsOfControl
	n.Exploitation, n.LabourIndustry, n.SexExploitation = c.Exploitation, c.LabourIndustry, c.SexExploitation
	n.Events, n.Justice = c.Events, c.Justice
	if c.AssignedTo != uuid.Nil {
		n.AssignedTo = c.AssignedTo
	}
	changed := caseChanges(old, n)
	if len(changed) == 0 {
		return nil
	}
	n.UpdatedAt = now()
	p, err := db.prepareCase(ctx, &n)
	if err != nil {
		return err
	}
	p.closureReason = sc.closureReason // unchanged, sealed already
	return db.write(ctx, func(t *tx) error {
		var at time.Time
		var erased bool
		if err := t.QueryRowContext(ctx, `SELECT updated_at, erased_at IS NOT NULL FROM cases WHERE id = $1 AND organisation_id = $2`+
			db.forNoKeyUpdate(), n.ID, n.OrgID).Scan(&at, &erased); err != nil {
			return notFound(err)
		}
		if erased || !at.Equal(old.UpdatedAt) {
			return fmt.Errorf("%w: the case was changed by someone else", ErrConflict)
		}
		if n.AssignedTo != old.AssignedTo {
			ok, err := t.memberOf(ctx, n.AssignedTo, n.OrgID)
			if err != nil {
				return err
			}
			if !ok {
				return valid.Errors{valid.New("assigned_to", valid.RuleOneOf, nil)}
			}
		}
		if _, err := t.ExecContext(ctx, `UPDATE cases SET assigned_to = $1, gender = $2, citizenship = $3,
			age_when_trafficked = $4, presumed_minor = $5, age_group = $6, trafficking_status = $7, status_decided_by = $8,
			relationship = $9, labour_industry = $10, recruitment_methods = $11, methods_of_control = $12,
			exploitation = $13, sex_exploitation = $14, events = $15, justice = $16, person = $17, display_name = $18,
			birth_hash = $19, updated_at = $20 WHERE id = $21 AND organisation_id = $22`,
			n.AssignedTo, n.Gender, n.Citizenship, ageArg(n.AgeWhenTrafficked), n.PresumedMinor, n.AgeGroup(),
			n.TraffickingStatus, n.StatusDecidedBy, n.Relationship, n.LabourIndustry, joinCodes(n.RecruitmentMethods),
			joinCodes(n.MethodsOfControl), joinCodes(n.Exploitation), joinCodes(n.SexExploitation), eventsJSON(n.Events),
			justiceJSON(n.Justice), p.person, p.display, p.birth, n.UpdatedAt, n.ID, n.OrgID); err != nil {
			return fmt.Errorf("store: update case: %w", err)
		}
		if err := t.replaceIndexes(ctx, p); err != nil {
			return err
		}
		if err := t.refreshFacts(ctx, n.OrgID, n.ID); err != nil {
			return err
		}
		t.audit(event(a, n.OrgID, "case.update", "case", n.ID.String(), "fields="+strings.Join(changed, ",")))
		return nil
	})
}

// replaceIndexes rewrites the facets and name indexes of a case.
func (t *tx) replaceIndexes(ctx context.Context, p preparedCase) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM case_tags WHERE organisation_id = $1 AND case_id = $2`, p.c.OrgID, p.c.ID); err != nil {
		return err
	}
	if err := t.deleteNameIndexes(ctx, p.c.OrgID, p.c.ID); err != nil {
		return err
	}
	if err := t.insertTags(ctx, p.c.OrgID, p.c.ID, p.c.Status, p.tags); err != nil {
		return err
	}
	return t.insertNameIndexes(ctx, p)
}

// caseChanges names the fields that differ (names only, never values).
func caseChanges(a, b casework.Case) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	pa, pb := a.Person, b.Person
	add("given_name", pa.GivenName != pb.GivenName)
	add("family_name", pa.FamilyName != pb.FamilyName)
	add("other_names", pa.OtherNames != pb.OtherNames)
	add("birth_date", pa.BirthDate != pb.BirthDate)
	add("phone", pa.Phone != pb.Phone)
	add("email", pa.Email != pb.Email)
	add("address", pa.Address != pb.Address)
	add("identity_number", pa.IdentityNumber != pb.IdentityNumber)
	add("narrative", pa.Narrative != pb.Narrative)
	add("assigned_to", a.AssignedTo != b.AssignedTo)
	add("gender", a.Gender != b.Gender)
	add("citizenship", a.Citizenship != b.Citizenship)
	add("age_when_trafficked", !sameAge(a.AgeWhenTrafficked, b.AgeWhenTrafficked))
	add("presumed_minor", a.PresumedMinor != b.PresumedMinor)
	add("trafficking_status", a.TraffickingStatus != b.TraffickingStatus)
	add("status_decided_by", a.StatusDecidedBy != b.StatusDecidedBy)
	add("relationship", a.Relationship != b.Relationship)
	add("recruitment_methods", !slices.Equal(a.RecruitmentMethods, b.RecruitmentMethods))
	add("recruitment_place", a.RecruitmentPlace != b.RecruitmentPlace)
	add("methods_of_control", !slices.Equal(a.MethodsOfControl, b.MethodsOfControl))
	add("exploitation", !slices.Equal(a.Exploitation, b.Exploitation))
	add("labour_industry", a.LabourIndustry != b.LabourIndustry)
	add("sex_exploitation", !slices.Equal(a.SexExploitation, b.SexExploitation))
	add("events", !slices.Equal(a.Events, b.Events))
	add("justice", !sameJustice(a.Justice, b.Justice))
	return out
}

func sameAge(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

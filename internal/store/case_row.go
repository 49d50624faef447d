package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// caseColumns are read by scanCase, in this order.
const caseColumns = `id, organisation_id, code, status, assigned_to, gender, citizenship, age_when_trafficked,
	presumed_minor, trafficking_status, status_decided_by, relationship, labour_industry, recruitment_methods,
	methods_of_control, exploitation, sex_exploitation, events, justice, person, closure_requested, closure_status,
	closure_reason, closure_requested_by, created_at, updated_at, closed_at, erased_at`

// sealedCase holds the sealed columns of a case row until they are opened.
type sealedCase struct {
	person, closureReason []byte
}

func scanCase(s scanner) (casework.Case, sealedCase, error) {
	var c casework.Case
	var sc sealedCase
	var status, closureStatus, recruit, control, expl, sexExpl, events, justice string
	var age sql.NullInt64
	var closed, erased sql.NullTime
	err := s.Scan(&c.ID, &c.OrgID, &c.Code, &status, &c.AssignedTo, &c.Gender, &c.Citizenship, &age,
		&c.PresumedMinor, &c.TraffickingStatus, &c.StatusDecidedBy, &c.Relationship, &c.LabourIndustry, &recruit,
		&control, &expl, &sexExpl, &events, &justice, &sc.person, &c.ClosureRequested, &closureStatus,
		&sc.closureReason, &c.ClosureRequestedBy, &c.CreatedAt, &c.UpdatedAt, &closed, &erased)
	if err != nil {
		return c, sc, err
	}
	c.Status, c.ClosureStatus = casework.Status(status), casework.Status(closureStatus)
	if age.Valid {
		v := int(age.Int64)
		c.AgeWhenTrafficked = &v
	}
	c.RecruitmentMethods, c.MethodsOfControl = splitCodes(recruit), splitCodes(control)
	c.Exploitation, c.SexExploitation = splitCodes(expl), splitCodes(sexExpl)
	if c.Events, err = parseEvents(events); err != nil {
		return c, sc, err
	}
	if err := json.Unmarshal([]byte(justice), &c.Justice); err != nil {
		return c, sc, fmt.Errorf("store: case justice: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.ClosedAt, c.ErasedAt = timePtr(closed), timePtr(erased)
	return c, sc, nil
}

// loadCase reads case id within the actor's scope (ErrNotFound otherwise);
// lock holds the row in PostgreSQL until the transaction ends.
func (db *DB) loadCase(ctx context.Context, q querier, scope, id uuid.UUID, lock bool) (casework.Case, sealedCase, error) {
	query, args := `SELECT `+caseColumns+` FROM cases WHERE id = $1`, []any{id}
	if scope != uuid.Nil {
		query += ` AND organisation_id = $2`
		args = append(args, scope)
	}
	if lock {
		query += db.forNoKeyUpdate()
	}
	c, sc, err := scanCase(db.rowOn(ctx, q, query, args...))
	if err != nil {
		return c, sc, notFound(err)
	}
	return c, sc, nil
}

// openCase fills the personal fields of c from its sealed columns; after
// erasure they stay empty.
func (db *DB) openCase(ctx context.Context, c *casework.Case, sc sealedCase) error {
	s := db.subject(c.OrgID, c.ID)
	return openCaseWith(c, sc, func(column string, id uuid.UUID, sealed []byte) ([]byte, error) {
		return s.open(ctx, column, id, sealed)
	})
}

// openCaseWith fills the personal fields of c with open.
func openCaseWith(c *casework.Case, sc sealedCase, open func(column string, id uuid.UUID, sealed []byte) ([]byte, error)) error {
	b, err := open("cases.person", c.ID, sc.person)
	if err != nil {
		return err
	}
	if b != nil {
		var p private
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("store: case person: %w", err)
		}
		c.Person, c.RecruitmentPlace = p.Person, p.RecruitmentPlace
		for i := range c.Events {
			if i < len(p.Places) {
				c.Events[i].Place = p.Places[i]
			}
			if i < len(p.Dates) && p.Dates[i] != "" {
				c.Events[i].Date = p.Dates[i]
			}
		}
		p.Justice.mergeInto(&c.Justice)
	}
	reason, err := open("cases.closure_reason", c.ID, sc.closureReason)
	c.ClosureReason = string(reason)
	return err
}

// preparedCase is a case ready to insert: sealed columns and indexes made
// outside the transaction.
type preparedCase struct {
	c                      *casework.Case
	person, display, birth []byte
	closureReason          []byte
	names                  [][]byte
	tags                   []string
}

// prepareCase seals the personal data of c (whose ID and OrgID are set) and
// computes its indexes.
func (db *DB) prepareCase(ctx context.Context, c *casework.Case) (preparedCase, error) {
	p := preparedCase{c: c, tags: caseTags(c)}
	priv := private{Person: c.Person, RecruitmentPlace: c.RecruitmentPlace, Justice: privateOf(c.Justice)}
	for _, e := range c.Events {
		priv.Places = append(priv.Places, e.Place)
		priv.Dates = append(priv.Dates, e.Date)
	}
	plain, err := json.Marshal(priv)
	if err != nil {
		return p, err
	}
	s := db.subject(c.OrgID, c.ID)
	if p.person, err = s.seal(ctx, "cases.person", c.ID, plain); err != nil {
		return p, err
	}
	if p.display, err = s.sealString(ctx, "cases.display_name", c.ID, displayName(c.Person)); err != nil {
		return p, err
	}
	if p.closureReason, err = s.sealString(ctx, "cases.closure_reason", c.ID, c.ClosureReason); err != nil {
		return p, err
	}
	if p.birth, err = db.birthHash(ctx, c.OrgID, c.Person.BirthDate); err != nil {
		return p, err
	}
	p.names, err = db.nameHashes(ctx, c.OrgID, c.Person)
	return p, err
}

// justiceJSON is what the justice column holds: the de-identified part of
// the track (see publicJustice).
func justiceJSON(j casework.Justice) string {
	b, _ := json.Marshal(publicJustice{Investigation: j.Investigation, Prosecution: j.Prosecution})
	return string(b)
}

func ageArg(age *int) any {
	if age == nil {
		return nil
	}
	return int64(*age)
}

// insertCase writes a prepared case, its facets and name indexes.
func (t *tx) insertCase(ctx context.Context, p preparedCase) error {
	c := p.c
	_, err := t.ExecContext(ctx, `INSERT INTO cases (id, organisation_id, code, status, assigned_to, gender, citizenship,
		age_when_trafficked, presumed_minor, age_group, trafficking_status, status_decided_by, relationship,
		labour_industry, recruitment_methods, methods_of_control, exploitation, sex_exploitation, events, justice,
		person, display_name, birth_hash, closure_requested, closure_status, closure_reason, closure_requested_by,
		created_at, updated_at, closed_at, erased_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $27, $28, $29, $30, NULL)`,
		c.ID, c.OrgID, c.Code, string(c.Status), c.AssignedTo, c.Gender, c.Citizenship, ageArg(c.AgeWhenTrafficked),
		c.PresumedMinor, c.AgeGroup(), c.TraffickingStatus, c.StatusDecidedBy, c.Relationship, c.LabourIndustry,
		joinCodes(c.RecruitmentMethods), joinCodes(c.MethodsOfControl), joinCodes(c.Exploitation),
		joinCodes(c.SexExploitation), eventsJSON(c.Events), justiceJSON(c.Justice), p.person, p.display, p.birth,
		c.ClosureRequested, string(c.ClosureStatus), p.closureReason, c.ClosureRequestedBy, c.CreatedAt, c.UpdatedAt,
		nullTime(c.ClosedAt))
	if err != nil {
		return fmt.Errorf("store: insert case: %w", err)
	}
	if err := t.insertTags(ctx, c.OrgID, c.ID, c.Status, p.tags); err != nil {
		return err
	}
	if err := t.writeFacts(ctx, *c, nil, nil); err != nil {
		return err
	}
	return t.insertNameIndexes(ctx, p)
}

func (t *tx) insertTags(ctx context.Context, org, id uuid.UUID, status casework.Status, tags []string) error {
	for _, tag := range tags {
		if _, err := t.ExecContext(ctx, `INSERT INTO case_tags (organisation_id, tag, status, case_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, org, tag, string(status), id); err != nil {
			return fmt.Errorf("store: case tags: %w", err)
		}
	}
	return nil
}

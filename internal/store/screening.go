package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// Recording a screening has one owner, RecordScreening: a store method that
// takes the person's intent (the facts, in the engine's vocabulary) rather
// than a screening assembled by its caller. The pages, the API and any
// command only translate their medium (a form, a JSON body) into
// identify.Facts and the result back; everything a screening must be is
// decided here, once:
//
//   - permission and scope: PermCaseWrite on a case of the actor's
//     organisation (another organisation's case is ErrNotFound);
//   - the catalogues are the organisation's (Catalogues), so the page and the
//     API screen against the same lists;
//   - the facts are validated and assessed by identify.AssessWith; bad facts
//     are its *identify.FieldError (fault kind Invalid), naming the field;
//   - the catalogue used is recorded as identify.CatalogueRef ("<id>@<version>");
//   - an erased case takes no new screening (ErrConflict);
//   - the version is the case's previous one plus one, ScreenedBy the actor, At
//     the store's clock; the write and its audit entry ("screening.create")
//     share one transaction.

// RecordScreening screens case caseID on facts and records the result as the
// case's next screening version, which it returns.
func (db *DB) RecordScreening(ctx context.Context, caseID uuid.UUID, facts identify.Facts) (casework.Screening, error) {
	a, org, err := db.caseFor(ctx, db.r, auth.PermCaseWrite, caseID)
	if err != nil {
		return casework.Screening{}, err
	}
	cats, err := db.Catalogues(ctx)
	if err != nil {
		return casework.Screening{}, err
	}
	res, err := identify.AssessWith(facts, cats)
	if err != nil {
		return casework.Screening{}, err
	}
	sc := casework.Screening{CaseID: caseID, Facts: facts, Result: res, ScreenedBy: a.UserID, At: now()}
	if res.ILO != nil {
		sc.CatalogueVersion = res.ILO.CatalogueRef()
	}
	if err := newID(&sc.ID); err != nil {
		return casework.Screening{}, err
	}
	sealedFacts, assessment, summary, err := db.sealScreening(ctx, org, sc)
	if err != nil {
		return casework.Screening{}, err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, caseID); err != nil {
			return err
		}
		if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM case_screenings
			WHERE organisation_id = $1 AND case_id = $2`, org, caseID).Scan(&sc.Version); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_screenings (id, organisation_id, case_id, version, facts, result,
			assessment, catalogue_version, screened_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			sc.ID, org, caseID, sc.Version, sealedFacts, summary, assessment, sc.CatalogueVersion, sc.ScreenedBy, sc.At); err != nil {
			return fmt.Errorf("store: record screening: %w", err)
		}
		t.audit(event(a, org, "screening.create", "case", caseID.String(), "version="+strconv.Itoa(sc.Version)))
		return nil
	})
	if err != nil {
		return casework.Screening{}, err
	}
	return sc, nil
}

// sealScreening seals a screening's facts and full result and returns the
// clear summary of the result.
func (db *DB) sealScreening(ctx context.Context, org uuid.UUID, sc casework.Screening) (facts, assessment []byte, summary string, err error) {
	factsJSON, err := json.Marshal(sc.Facts)
	if err != nil {
		return nil, nil, "", err
	}
	resultJSON, err := json.Marshal(sc.Result)
	if err != nil {
		return nil, nil, "", err
	}
	s := db.subject(org, sc.CaseID)
	if facts, err = s.seal(ctx, "case_screenings.facts", sc.ID, factsJSON); err != nil {
		return nil, nil, "", err
	}
	if assessment, err = s.seal(ctx, "case_screenings.assessment", sc.ID, resultJSON); err != nil {
		return nil, nil, "", err
	}
	return facts, assessment, screeningSummary(sc.Result), nil
}

// screeningSummary is the result kept in clear: the elements met, the
// pattern, the recommendation and the indicator catalogue's verdict, which
// statistics count and which place no one. The reasons (they restate the age
// and the indicators) and the indicators found stay sealed.
func screeningSummary(r identify.Result) string {
	r.Reasons = nil
	if r.ILO != nil {
		ilo := *r.ILO
		ilo.Dimensions, ilo.Unknown, ilo.Reasons = nil, nil, nil
		r.ILO = &ilo
	}
	b, _ := json.Marshal(r)
	return string(b)
}

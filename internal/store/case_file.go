package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// Every read of a case's sealed data goes through readCaseFile: the actor's
// scope is checked once (casework.MayAccess, in the query itself for members
// of an organisation), the read is audited once ("case.read", record "case",
// detail "parts=..." naming what was read, never a value), and the case file
// costs at most four queries whatever its size: the case with its subject
// key, screenings with consents, attachments with notes, the plan with its
// follow-ups. Each record query filters by organisation and case.

// CasePart names parts of a case file; a read asks for a set of them.
type CasePart uint8

// The parts of a case file.
const (
	PartCase        CasePart = 1 << iota // the case, its person and justice track
	PartScreenings                       // screening versions
	PartConsents                         // consents, withdrawn ones included
	PartNotes                            // notes, bodies opened
	PartPlan                             // plan items with their follow-ups
	PartAttachments                      // attachments' names and types, not their content

	WholeCase = PartCase | PartScreenings | PartConsents | PartNotes | PartPlan | PartAttachments
)

var partNames = []struct {
	p    CasePart
	name string
}{{PartCase, "case"}, {PartScreenings, "screenings"}, {PartConsents, "consents"}, {PartNotes, "notes"},
	{PartPlan, "plan"}, {PartAttachments, "attachments"}}

// String lists the parts, comma-separated (the audit detail).
func (p CasePart) String() string {
	var out []string
	for _, n := range partNames {
		if p&n.p != 0 {
			out = append(out, n.name)
		}
	}
	return strings.Join(out, ",")
}

// GetCaseFile reads case id with every record (PermCaseRead) in one scoped,
// audited read: see CasePart for what a file holds. After erasure the
// personal fields are empty.
func (db *DB) GetCaseFile(ctx context.Context, id uuid.UUID) (casework.CaseFile, error) {
	return db.ReadCaseFile(ctx, id, WholeCase)
}

// ReadCaseFile reads the given parts of case id (PermCaseRead), audited as
// one "case.read" naming them; parts not asked for stay empty.
func (db *DB) ReadCaseFile(ctx context.Context, id uuid.UUID, parts CasePart) (casework.CaseFile, error) {
	var f casework.CaseFile
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return f, err
	}
	c, sc, wrapped, err := db.caseWithKey(ctx, a, id)
	if err != nil {
		return f, err
	}
	org := c.OrgID
	var sealed sealedRecords
	if parts&(PartScreenings|PartConsents) != 0 {
		if err := db.readScreeningsConsents(ctx, org, id, &f, &sealed); err != nil {
			return casework.CaseFile{}, err
		}
	}
	if parts&(PartNotes|PartAttachments) != 0 {
		if err := db.readNotesAttachments(ctx, org, id, &sealed); err != nil {
			return casework.CaseFile{}, err
		}
	}
	if parts&PartPlan != 0 {
		if err := db.readPlan(ctx, org, id, &sealed); err != nil {
			return casework.CaseFile{}, err
		}
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, org, "case.read", "case", id.String(), "parts="+parts.String()))
		return nil
	})
	if err != nil {
		return casework.CaseFile{}, err
	}
	key, err := db.keys.SubjectOpener(ctx, org, id, wrapped)
	if err != nil {
		return casework.CaseFile{}, err
	}
	o := opener{key}
	if parts&PartCase != 0 {
		if err := openCaseWith(&c, sc, o.open); err != nil {
			return casework.CaseFile{}, err
		}
		f.Case = c
	}
	if err := sealed.open(o, parts, &f); err != nil {
		return casework.CaseFile{}, err
	}
	if parts&PartScreenings == 0 {
		f.Screenings = nil
	}
	if parts&PartConsents == 0 {
		f.Consents = nil
	}
	return f, nil
}

// caseWithKeyColumns are caseColumns read from cases c, then the subject key.
var caseWithKeyColumns = func() string {
	cols := strings.Split(caseColumns, ",")
	for i, c := range cols {
		cols[i] = "c." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ") + ", k.wrapped, k.shredded_at IS NOT NULL"
}()

// caseWithKey reads the case row and its wrapped subject key in one query,
// within a's scope (the organisation is in the query for its members).
func (db *DB) caseWithKey(ctx context.Context, a auth.Actor, id uuid.UUID) (casework.Case, sealedCase, []byte, error) {
	q := `SELECT ` + caseWithKeyColumns + ` FROM cases c LEFT JOIN subject_keys k
		ON k.organisation_id = c.organisation_id AND k.subject_id = c.id WHERE c.id = $1`
	args := []any{id}
	if s := scopeOrg(a); s != uuid.Nil {
		q += ` AND c.organisation_id = $2`
		args = append(args, s)
	}
	var wrapped []byte
	var shredded sql.NullBool
	c, sc, err := scanCase(withExtra{db.readRow(ctx, q, args...), []any{&wrapped, &shredded}})
	if err != nil {
		return c, sc, nil, notFound(err)
	}
	if err := caseAccess(a, auth.PermCaseRead, c.OrgID); err != nil {
		return casework.Case{}, sealedCase{}, nil, err
	}
	if shredded.Valid && shredded.Bool {
		wrapped = nil
	}
	return c, sc, wrapped, nil
}

// withExtra scans extra columns after the ones its caller asks for.
type withExtra struct {
	s     scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra...)...) }

// opener opens the sealed values of one case with its key read once; a
// shredded or missing key opens to nothing (erased data).
type opener struct {
	o *secure.SubjectOpener
}

func (o opener) open(column string, id uuid.UUID, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	b, err := o.o.Open(sealed, aadFor(column, id))
	if errors.Is(err, secure.ErrKeyShredded) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", column, err)
	}
	return b, nil
}

func (o opener) openString(column string, id uuid.UUID, sealed []byte) (string, error) {
	b, err := o.open(column, id, sealed)
	return string(b), err
}

// readScreeningsConsents reads both record kinds in one query (a union with
// the consent's columns first: SQLite takes the result's column types, which
// its driver needs for times, from the first select).
func (db *DB) readScreeningsConsents(ctx context.Context, org, caseID uuid.UUID, f *casework.CaseFile, s *sealedRecords) error {
	rows, err := db.read(ctx, `SELECT 'c', id, 0, purpose, org_types, given_by, method, language, given_at, withdrawn_at,
		recorded_by, NULL, NULL FROM case_consents WHERE organisation_id = $1 AND case_id = $2
		UNION ALL
		SELECT 's', id, version, result, '', catalogue_version, '', '', at, NULL, screened_by, facts, assessment
		FROM case_screenings WHERE organisation_id = $1 AND case_id = $2
		ORDER BY 1, 3, 9, 2`, org, caseID)
	if err != nil {
		return fmt.Errorf("store: read case file: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, t1, t2, t3, t4, t5 string
		var id, by uuid.UUID
		var n int
		var at sql.NullTime
		var withdrawn sql.NullTime
		var facts, assessment []byte
		if err := rows.Scan(&kind, &id, &n, &t1, &t2, &t3, &t4, &t5, &at, &withdrawn, &by, &facts, &assessment); err != nil {
			return err
		}
		switch kind {
		case "c":
			f.Consents = append(f.Consents, casework.Consent{ID: id, CaseID: caseID, Purpose: casework.Purpose(t1),
				OrgTypes: splitCodes(t2), GivenBy: t3, Method: t4, Language: t5, GivenAt: at.Time.UTC(),
				WithdrawnAt: timePtr(withdrawn), RecordedBy: by})
		case "s":
			sc := casework.Screening{ID: id, CaseID: caseID, Version: n, CatalogueVersion: t3, ScreenedBy: by, At: at.Time.UTC()}
			if err := json.Unmarshal([]byte(t1), &sc.Result); err != nil {
				return fmt.Errorf("store: screening result: %w", err)
			}
			f.Screenings = append(f.Screenings, sc)
			s.screenings = append(s.screenings, sealedScreening{facts, assessment})
		}
	}
	return rows.Err()
}

// sealedRecords holds the records read whose texts are still sealed.
type sealedRecords struct {
	screenings  []sealedScreening // in f.Screenings order
	notes       []sealedNote
	attachments []sealedAttachment
	plan        []sealedPlanItem
	followUps   []sealedFollowUp
}

// sealedScreening holds a screening's facts and full result; the clear
// summary of the result stands in for the full one once erased.
type sealedScreening struct {
	facts, assessment []byte
}

type sealedNote struct {
	n    casework.Note
	body []byte
}

type sealedAttachment struct {
	a    casework.Attachment
	name []byte
}

type sealedPlanItem struct {
	p              casework.PlanItem
	obj, prov, out []byte
}

type sealedFollowUp struct {
	item, id uuid.UUID
	f        casework.PlanFollowUp
	note     []byte
}

// readNotesAttachments reads both in one query (attachments' columns first).
func (db *DB) readNotesAttachments(ctx context.Context, org, caseID uuid.UUID, s *sealedRecords) error {
	rows, err := db.read(ctx, `SELECT 'a', id, name, content_type, size, by_user, at FROM case_attachments
		WHERE organisation_id = $1 AND case_id = $2
		UNION ALL
		SELECT 'n', id, body, '', 0, by_user, at FROM case_notes WHERE organisation_id = $1 AND case_id = $2
		ORDER BY 1, 7, 2`, org, caseID)
	if err != nil {
		return fmt.Errorf("store: read case file: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, ctype string
		var id, by uuid.UUID
		var sealed []byte
		var size int64
		var at sql.NullTime
		if err := rows.Scan(&kind, &id, &sealed, &ctype, &size, &by, &at); err != nil {
			return err
		}
		switch kind {
		case "a":
			s.attachments = append(s.attachments, sealedAttachment{casework.Attachment{ID: id, CaseID: caseID,
				ContentType: ctype, Size: size, By: by, At: at.Time.UTC()}, sealed})
		case "n":
			s.notes = append(s.notes, sealedNote{casework.Note{ID: id, CaseID: caseID, By: by, At: at.Time.UTC()}, sealed})
		}
	}
	return rows.Err()
}

// readPlan reads the plan items with their follow-ups in one query.
func (db *DB) readPlan(ctx context.Context, org, caseID uuid.UUID, s *sealedRecords) error {
	rows, err := db.read(ctx, `SELECT p.id, p.objective, p.type, p.domain, p.provider, p.planned_start, p.planned_end,
		p.actual_start, p.actual_end, p.status, p.outcome, f.id, f.at, f.by_user, f.note
		FROM case_plan_items p LEFT JOIN case_plan_followups f
		ON f.organisation_id = p.organisation_id AND f.case_id = p.case_id AND f.item_id = p.id
		WHERE p.organisation_id = $1 AND p.case_id = $2
		ORDER BY p.created_at, p.id, f.at, f.id`, org, caseID)
	if err != nil {
		return fmt.Errorf("store: read case file: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x sealedPlanItem
		var fid uuid.NullUUID
		var fat sql.NullTime
		var fby uuid.NullUUID
		var note []byte
		if err := rows.Scan(&x.p.ID, &x.obj, &x.p.Type, &x.p.Domain, &x.prov, &x.p.PlannedStart, &x.p.PlannedEnd,
			&x.p.ActualStart, &x.p.ActualEnd, &x.p.Status, &x.out, &fid, &fat, &fby, &note); err != nil {
			return err
		}
		x.p.CaseID = caseID
		if n := len(s.plan); n == 0 || s.plan[n-1].p.ID != x.p.ID {
			s.plan = append(s.plan, x)
		}
		if fid.Valid {
			s.followUps = append(s.followUps, sealedFollowUp{item: x.p.ID, id: fid.UUID,
				f: casework.PlanFollowUp{At: fat.Time.UTC(), By: fby.UUID}, note: note})
		}
	}
	return rows.Err()
}

// open fills f's parts from the sealed records.
func (s *sealedRecords) open(o opener, parts CasePart, f *casework.CaseFile) error {
	var err error
	if parts&PartScreenings != 0 {
		for i, x := range s.screenings {
			if err := openScreening(o, &f.Screenings[i], x); err != nil {
				return err
			}
		}
	}
	if parts&PartNotes != 0 {
		f.Notes = make([]casework.Note, len(s.notes))
		for i, x := range s.notes {
			if x.n.Body, err = o.openString("case_notes.body", x.n.ID, x.body); err != nil {
				return err
			}
			f.Notes[i] = x.n
		}
	}
	if parts&PartAttachments != 0 {
		f.Attachments = make([]casework.Attachment, len(s.attachments))
		for i, x := range s.attachments {
			if x.a.Name, err = o.openString("case_attachments.name", x.a.ID, x.name); err != nil {
				return err
			}
			f.Attachments[i] = x.a
		}
	}
	if parts&PartPlan != 0 {
		f.Plan = make([]casework.PlanItem, len(s.plan))
		index := map[uuid.UUID]int{}
		for i, x := range s.plan {
			p := x.p
			if p.Objective, err = o.openString("case_plan_items.objective", p.ID, x.obj); err != nil {
				return err
			}
			if p.Provider, err = o.openString("case_plan_items.provider", p.ID, x.prov); err != nil {
				return err
			}
			if p.Outcome, err = o.openString("case_plan_items.outcome", p.ID, x.out); err != nil {
				return err
			}
			f.Plan[i], index[p.ID] = p, i
		}
		for _, x := range s.followUps {
			if x.f.Note, err = o.openString("case_plan_followups.note", x.id, x.note); err != nil {
				return err
			}
			i := index[x.item]
			f.Plan[i].FollowUps = append(f.Plan[i].FollowUps, x.f)
		}
	}
	return nil
}

func openScreening(o opener, sc *casework.Screening, x sealedScreening) error {
	b, err := o.open("case_screenings.facts", sc.ID, x.facts)
	if err != nil {
		return err
	}
	if b != nil {
		if err := json.Unmarshal(b, &sc.Facts); err != nil {
			return fmt.Errorf("store: screening facts: %w", err)
		}
	}
	if b, err = o.open("case_screenings.assessment", sc.ID, x.assessment); err != nil {
		return err
	}
	if b != nil {
		sc.Result = identify.Result{}
		if err := json.Unmarshal(b, &sc.Result); err != nil {
			return fmt.Errorf("store: screening result: %w", err)
		}
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
)

// Justice figures: investigations, prosecutions and convictions by country,
// year and form of exploitation. The counted side comes from the cases'
// clear justice track (cases.justice: the state of the proceedings only),
// their forms of exploitation, the year the case was recorded and the
// country of the organisation that recorded it: no case is read, nothing
// about a person leaves. The entered side is what justice agencies type,
// with its source, one figure per organisation and cell. Both are read by
// holders of PermProgrammeView across the network; figures are entered by
// members with PermProgrammeOwn for their organisation.

// EnterJusticeFigure records (or replaces) the organisation's figure for
// one country, year, form and stage (PermProgrammeOwn); it sets ID, OrgID
// and UpdatedAt on f.
func (db *DB) EnterJusticeFigure(ctx context.Context, f *justicefig.Figure) error {
	a, org, err := programmeActor(ctx, f.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *f
	n.Normalise()
	if es := n.Validate(now()); len(es) > 0 {
		return es
	}
	n.OrgID, n.UpdatedAt = org, now()
	err = db.write(ctx, func(tx *tx) error {
		n.ID = uuid.Nil
		err := tx.QueryRowContext(ctx, `SELECT id FROM justice_figures WHERE organisation_id = $1 AND country = $2
			AND year = $3 AND form = $4 AND stage = $5`, org, n.Country, n.Year, n.Form, n.Stage).Scan(&n.ID)
		action := "justice_figure.update"
		switch {
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE justice_figures SET count = $1, source = $2, updated_at = $3
				WHERE id = $4 AND organisation_id = $5`, n.Count, n.Source, n.UpdatedAt, n.ID, org)
		case notFound(err) == ErrNotFound:
			action = "justice_figure.create"
			if err = newID(&n.ID); err == nil {
				_, err = tx.ExecContext(ctx, `INSERT INTO justice_figures (id, organisation_id, country, year, form, stage,
					count, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
					n.ID, org, n.Country, n.Year, n.Form, n.Stage, n.Count, n.Source, n.UpdatedAt)
			}
		}
		if err != nil {
			return fmt.Errorf("store: enter justice figure: %w", err)
		}
		tx.audit(event(a, org, action, "justice_figure", n.ID.String(),
			"country="+n.Country+" year="+strconv.Itoa(n.Year)+" form="+n.Form+" stage="+n.Stage))
		return nil
	})
	if err != nil {
		return err
	}
	*f = n
	return nil
}

// justiceViewer checks PermProgrammeView (the network's figures).
func justiceViewer(ctx context.Context) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.System && (a.IsAdmin() || !a.Can(auth.PermProgrammeView)) {
		return ErrForbidden
	}
	return nil
}

// JusticeTable is the side-by-side table with the note of its release.
type JusticeTable struct {
	Lines      []justicefig.Line
	Note       string // catalogue code of the disclosure note
	NoteParams map[string]any
}

// JusticeFigures lists counted and entered figures side by side, for one
// country or all ("") (PermProgrammeView). The counted figures leave the
// store only through internal/disclosure: one table per stage (country,
// year, form), protected under the default policy; a withheld count is nil.
func (db *DB) JusticeFigures(ctx context.Context, country string) (JusticeTable, error) {
	if err := justiceViewer(ctx); err != nil {
		return JusticeTable{}, err
	}
	raw, err := db.countedJustice(ctx, country)
	if err != nil {
		return JusticeTable{}, err
	}
	counted, note, params, err := protectJustice(raw)
	if err != nil {
		return JusticeTable{}, err
	}
	q := `SELECT id, organisation_id, country, year, form, stage, count, source, updated_at FROM justice_figures`
	var args []any
	if country != "" {
		q += ` WHERE country = $1`
		args = append(args, country)
	}
	rows, err := db.read(ctx, q, args...)
	if err != nil {
		return JusticeTable{}, fmt.Errorf("store: justice figures: %w", err)
	}
	defer rows.Close()
	var entered []justicefig.Figure
	for rows.Next() {
		var f justicefig.Figure
		if err := rows.Scan(&f.ID, &f.OrgID, &f.Country, &f.Year, &f.Form, &f.Stage, &f.Count, &f.Source, &f.UpdatedAt); err != nil {
			return JusticeTable{}, err
		}
		entered = append(entered, f)
	}
	if err := rows.Err(); err != nil {
		return JusticeTable{}, err
	}
	return JusticeTable{Lines: justicefig.SideBySide(counted, entered), Note: note, NoteParams: params}, nil
}

// protectJustice releases the counts stage by stage (a case is counted at
// each stage it reached, so the stages are separate tables); the note says
// the policy and how many cells were withheld in all.
func protectJustice(raw map[justicefig.Key]int64) (map[justicefig.Key]*int64, string, map[string]any, error) {
	out := map[justicefig.Key]*int64{}
	policy := disclosure.DefaultPolicy()
	withheld := 0
	for _, stage := range justicefig.Stages {
		t := disclosure.Table{Vars: []string{"country", "year", "form"}}
		var keys []justicefig.Key
		for k, n := range raw {
			if k.Stage == stage {
				keys = append(keys, k)
				t.Cells = append(t.Cells, disclosure.Cell{Values: []string{k.Country, strconv.Itoa(k.Year), k.Form}, Count: n})
			}
		}
		if len(keys) == 0 {
			continue
		}
		rel, err := disclosure.Protect(t, policy)
		if err != nil {
			return nil, "", nil, err
		}
		for i, k := range keys {
			out[k] = rel.Cells[i].Count
		}
		withheld += rel.Suppressed
	}
	note, params := disclosure.Release{Policy: policy, Suppressed: withheld}.Message()
	return out, note, params, nil
}

// countedJustice counts, from the clear justice track, the cases at each
// stage by country of the recording organisation, year recorded and form
// of exploitation (a case of two forms counts in both; one without a form
// counts as "Other").
func (db *DB) countedJustice(ctx context.Context, country string) (map[justicefig.Key]int64, error) {
	q := `SELECT o.country, c.created_at, c.exploitation, c.justice FROM cases c
		JOIN organisations o ON o.id = c.organisation_id WHERE c.justice <> '{}'`
	var args []any
	if country != "" {
		q += ` AND o.country = $1`
		args = append(args, country)
	}
	rows, err := db.read(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: counted justice: %w", err)
	}
	defer rows.Close()
	out := map[justicefig.Key]int64{}
	for rows.Next() {
		var k justicefig.Key
		var at sql.NullTime
		var forms, track string
		if err := rows.Scan(&k.Country, &at, &forms, &track); err != nil {
			return nil, err
		}
		var j casework.Justice
		if json.Unmarshal([]byte(track), &j) != nil {
			continue
		}
		stages := justicefig.StagesOf(j.Investigation, j.Prosecution)
		if len(stages) == 0 {
			continue
		}
		k.Year = at.Time.Year()
		list := splitCodes(forms)
		if len(list) == 0 {
			list = []string{"Other"}
		}
		for _, form := range list {
			for _, s := range stages {
				k.Form, k.Stage = form, s
				out[k]++
			}
		}
	}
	return out, rows.Err()
}

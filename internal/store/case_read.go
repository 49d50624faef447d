package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// GetCase returns case id with its personal data opened (PermCaseRead): a
// read of the case part of its file, audited "case.read". After erasure
// Person is empty and ErasedAt is set.
func (db *DB) GetCase(ctx context.Context, id uuid.UUID) (casework.Case, error) {
	f, err := db.ReadCaseFile(ctx, id, PartCase)
	return f.Case, err
}

// ExportCases returns every case matching f (Limit and Cursor are ignored)
// with personal data opened (PermCaseExport), newest first; audited
// "case.export" with the count.
func (db *DB) ExportCases(ctx context.Context, f CaseFilter) ([]casework.Case, error) {
	a, err := caseActor(ctx, auth.PermCaseExport)
	if err != nil {
		return nil, err
	}
	out, err := db.exportRead(ctx, a, f)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, a.OrgID, "case.export", "case", "", "count="+strconv.Itoa(len(out))))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportRead is the one reading of cases for every export (HTCDS, CTDC):
// the cases of a's organisation matching f, opened, newest first. The
// caller has checked PermCaseExport and audits the export it makes.
func (db *DB) exportRead(ctx context.Context, a auth.Actor, f CaseFilter) ([]casework.Case, error) {
	org := a.OrgID
	if org == uuid.Nil {
		return nil, ErrNotFound
	}
	q, err := db.caseQuery(ctx, org, f)
	if err != nil {
		return nil, err
	}
	q.limit = 200
	var ids []uuid.UUID
	for {
		rows, more, err := db.runCaseQuery(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		if !more {
			break
		}
		q.cursor = rows[len(rows)-1].ID
	}
	out := make([]casework.Case, 0, len(ids))
	for _, id := range ids {
		c, sc, err := db.loadCase(ctx, db.r, org, id, false)
		if err != nil {
			return nil, err
		}
		if err := db.openCase(ctx, &c, sc); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ListCases returns a page of the actor's organisation's cases (PermCaseRead),
// newest first. A Name search is audited ("case.search", with the count).
func (db *DB) ListCases(ctx context.Context, f CaseFilter) (CasePage, error) {
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return CasePage{}, err
	}
	org := a.OrgID
	if org == uuid.Nil {
		return CasePage{}, ErrNotFound
	}
	q, err := db.caseQuery(ctx, org, f)
	if err != nil {
		return CasePage{}, err
	}
	var page CasePage
	rows, more, err := db.runCaseQuery(ctx, q)
	if err != nil {
		return page, err
	}
	if page.Total, err = db.countCases(ctx, q); err != nil {
		return page, err
	}
	if page.Items, err = db.summaries(ctx, org, rows); err != nil {
		return page, err
	}
	if more {
		page.Next = encodeCursor(rows[len(rows)-1].ID)
	}
	if f.Name != "" {
		err = db.write(ctx, func(t *tx) error {
			t.audit(event(a, org, "case.search", "case", "", "results="+strconv.Itoa(page.Total)))
			return nil
		})
	}
	return page, err
}

func encodeCursor(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

func decodeCursor(s string) (uuid.UUID, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 16 {
		return uuid.Nil, false
	}
	id, err := uuid.FromBytes(b)
	return id, err == nil
}

// summaries opens the display names of one page only, on a few goroutines
// (each opening reads the person's key).
func (db *DB) summaries(ctx context.Context, org uuid.UUID, rows []summaryRow) ([]CaseSummary, error) {
	out := make([]CaseSummary, len(rows))
	workers := min(4, len(rows))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				s := rows[i].CaseSummary
				if !s.Erased {
					name, err := db.subject(org, s.ID).openString(ctx, "cases.display_name", s.ID, rows[i].display)
					if err != nil {
						errs[w] = err
						return
					}
					s.DisplayName = name
				}
				out[i] = s
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

// similarLimit is how many similar cases SimilarCases returns at most.
const similarLimit = 20

// SimilarCases lists the organisation's cases that may be the same person as
// c (PermCaseRead): the same full name (given and family, normalised), or the
// same birth date and at least one name token; the 20 newest. c itself is
// left out.
//
// Each way of matching is one index range in case order, read newest first
// and cut at similarLimit+1 (c may be among them): the cost does not grow
// with the number of cases sharing a name or a birth date.
func (db *DB) SimilarCases(ctx context.Context, c casework.Case) ([]CaseSummary, error) {
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return nil, err
	}
	org := a.OrgID
	if org == uuid.Nil {
		return nil, ErrNotFound
	}
	tokens, full := nameTokens(c.Person)
	args := []any{org}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	cut := ` ORDER BY case_id DESC LIMIT ` + strconv.Itoa(similarLimit+1)
	var parts []string
	if full != "" {
		h, err := db.keys.BlindIndex(ctx, org, "name", full)
		if err != nil {
			return nil, err
		}
		parts = append(parts, `SELECT case_id FROM case_name_index WHERE organisation_id = $1 AND hash = `+arg(h)+cut)
	}
	birth, err := db.birthHash(ctx, org, c.Person.BirthDate)
	if err != nil {
		return nil, err
	}
	if birth != nil && len(tokens) > 0 {
		b := arg(birth)
		for _, tok := range tokens {
			h, err := db.keys.BlindIndex(ctx, org, "name", tok)
			if err != nil {
				return nil, err
			}
			parts = append(parts, `SELECT case_id FROM case_birth_name_index WHERE organisation_id = $1 AND birth_hash = `+
				b+` AND name_hash = `+arg(h)+cut)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	for i, p := range parts {
		parts[i] = `SELECT case_id FROM (` + p + `) p` + strconv.Itoa(i)
	}
	query := `SELECT ` + summaryColumns + ` FROM cases c WHERE c.id IN (` + strings.Join(parts, " UNION ") +
		`) AND c.id <> ` + arg(c.ID) + ` ORDER BY c.id DESC LIMIT ` + strconv.Itoa(similarLimit)
	rs, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: similar cases: %w", err)
	}
	var rows []summaryRow
	for rs.Next() {
		r, err := scanSummary(rs)
		if err != nil {
			rs.Close()
			return nil, err
		}
		rows = append(rows, r)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	return db.summaries(ctx, org, rows)
}

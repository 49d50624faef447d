package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/secure"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// A list query is driven by one index range read backwards in case ID order,
// so a page costs about its length whatever the register's size:
//   - a code filter drives from cases (organisation_id, code);
//   - a name search reads each token's blind-index range (contiguous, in case
//     order), intersects them here, and looks the page up by ID;
//   - otherwise from case_tags, one range per status (merged here), using
//     the most specific facet: the caseworker, the exploitation-country pair,
//     the country, the exploitation, the age group, or "*".
// Other conditions are probes of the same primary keys.

type caseQuery struct {
	org      uuid.UUID
	statuses []string // filter, or every status
	filtered bool     // statuses came from the filter
	tags     []string // facets that must all be present
	names    [][]byte // name blind indexes that must all be present, rarest first
	codeLo   string
	codeHi   string
	limit    int
	cursor   uuid.UUID
	empty    bool        // a name token matches nothing
	cands    []uuid.UUID // name search: cases with every token, newest first
	sqlite   bool
}

// caseQuery checks f and plans its query.
func (db *DB) caseQuery(ctx context.Context, org uuid.UUID, f CaseFilter) (*caseQuery, error) {
	q := &caseQuery{org: org, limit: f.Limit, sqlite: db.dialect == SQLite}
	var es valid.Errors
	for _, s := range f.Status {
		es.Add(valid.OneOf("status", string(s), casework.Statuses...))
		if !slices.Contains(q.statuses, string(s)) {
			q.statuses = append(q.statuses, string(s))
		}
	}
	q.filtered = len(q.statuses) > 0
	if !q.filtered {
		q.statuses = casework.Statuses
	}
	if q.limit <= 0 {
		q.limit = 50
	}
	q.limit = min(q.limit, 200)
	country := strings.ToUpper(strings.TrimSpace(f.Country))
	if f.Exploitation != "" {
		es.Add(valid.OneOf("exploitation", f.Exploitation, casework.ExploitationTypes...))
	}
	if country != "" {
		es.Add(account.Country("country", country))
	}
	if f.AgeGroup != "" {
		es.Add(valid.OneOf("age_group", f.AgeGroup, AgeGroups...))
	}
	if f.Cursor != "" {
		id, ok := decodeCursor(f.Cursor)
		if !ok {
			es.Add(valid.New("cursor", valid.RuleUUID, nil))
		}
		q.cursor = id
	}
	es.Add(valid.MaxLen("code", f.Code, 40), valid.MaxLen("name", f.Name, casework.MaxName))
	if len(es) > 0 {
		return nil, es
	}
	// Facets, most specific first: the first drives the query.
	if f.AssignedTo != uuid.Nil {
		q.tags = append(q.tags, "u:"+f.AssignedTo.String())
	}
	switch {
	case f.Exploitation != "" && country != "":
		q.tags = append(q.tags, "xc:"+f.Exploitation+"|"+country)
	case country != "":
		q.tags = append(q.tags, "c:"+country)
	case f.Exploitation != "":
		q.tags = append(q.tags, "x:"+f.Exploitation)
	}
	if f.AgeGroup != "" {
		q.tags = append(q.tags, "g:"+f.AgeGroup)
	}
	if code := strings.ToUpper(strings.TrimSpace(f.Code)); code != "" {
		q.codeLo, q.codeHi = code, code+"\x7f"
	}
	if f.Name != "" {
		if err := db.planNames(ctx, q, f.Name); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// planNames hashes the search tokens.
func (db *DB) planNames(ctx context.Context, q *caseQuery, name string) error {
	seen := map[string]bool{}
	for _, t := range strings.Fields(secure.Normalize(name)) {
		h, err := db.keys.BlindIndex(ctx, q.org, "name", t)
		if err != nil {
			return err
		}
		if !seen[string(h)] {
			seen[string(h)] = true
			q.names = append(q.names, h)
		}
	}
	if len(q.names) == 0 {
		q.empty = true // nothing searchable (only punctuation)
	}
	return nil
}

// nameCandidates returns the cases having every name token, newest first.
// Each token's range is read in one pass: probing one token per candidate
// of another would touch a random page per candidate.
func (db *DB) nameCandidates(ctx context.Context, q *caseQuery) ([]uuid.UUID, error) {
	if q.cands != nil || q.empty {
		return q.cands, nil
	}
	lists := make([][]uuid.UUID, 0, len(q.names))
	for _, h := range q.names {
		ids, err := scanIDs(db.read(ctx, `SELECT case_id FROM case_name_index WHERE organisation_id = $1 AND hash = $2
			ORDER BY case_id DESC`, q.org, h))
		if err != nil {
			return nil, fmt.Errorf("store: name search: %w", err)
		}
		if len(ids) == 0 {
			q.empty = true
			return nil, nil
		}
		lists = append(lists, ids)
	}
	slices.SortFunc(lists, func(a, b []uuid.UUID) int { return len(a) - len(b) })
	cands := lists[0]
	for _, l := range lists[1:] {
		in := make(map[uuid.UUID]bool, len(l))
		for _, id := range l {
			in[id] = true
		}
		kept := cands[:0:0]
		for _, id := range cands {
			if in[id] {
				kept = append(kept, id)
			}
		}
		cands = kept
	}
	slices.SortFunc(cands, func(a, b uuid.UUID) int { return bytes.Compare(b[:], a[:]) })
	q.cands = cands
	if len(cands) == 0 {
		q.empty = true
	}
	return cands, nil
}

// sql builds the page (count false) or count query; status is "" unless
// the query is driven by case_tags; ids are the name-search candidates to
// look at.
func (q *caseQuery) sql(status string, count bool, ids []uuid.UUID) (string, []any) {
	args := []any{q.org}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var from, id, st string
	var where []string
	tags := q.tags
	joinCases := !count
	switch {
	case len(q.names) > 0:
		from, id, st = "cases c", "c.id", "c.status"
		in := make([]string, len(ids))
		for i, v := range ids {
			in[i] = arg(v)
		}
		// The candidates come from the organisation's own blind index. In
		// SQLite the unary + keeps the planner from scanning an
		// (organisation_id, ...) index instead of looking the IDs up.
		org := "c.organisation_id = $1"
		if q.sqlite {
			org = "+c.organisation_id = $1"
		}
		where = append(where, org, "c.id IN ("+strings.Join(in, ", ")+")")
		if q.codeLo != "" {
			where = append(where, "c.code >= "+arg(q.codeLo), "c.code < "+arg(q.codeHi))
		}
		joinCases = false
	case q.codeLo != "":
		from, id, st = "cases c", "c.id", "c.status"
		where = append(where, "c.organisation_id = $1", "c.code >= "+arg(q.codeLo), "c.code < "+arg(q.codeHi))
		joinCases = false
	default:
		drive := "*"
		if len(tags) > 0 {
			drive, tags = tags[0], tags[1:]
		}
		from, id, st = "case_tags d", "d.case_id", "d.status"
		where = append(where, "d.organisation_id = $1", "d.tag = "+arg(drive), "d.status = "+arg(status))
	}
	if joinCases {
		from += " CROSS JOIN cases c"
		where = append(where, "c.id = d.case_id")
	}
	if status == "" && q.filtered {
		in := make([]string, len(q.statuses))
		for i, s := range q.statuses {
			in[i] = arg(s)
		}
		where = append(where, st+" IN ("+strings.Join(in, ", ")+")")
	}
	if q.cursor != uuid.Nil && !count {
		where = append(where, id+" < "+arg(q.cursor))
	}
	for _, t := range tags {
		where = append(where, "EXISTS (SELECT 1 FROM case_tags e WHERE e.organisation_id = $1 AND e.tag = "+arg(t)+
			" AND e.status = "+st+" AND e.case_id = "+id+")")
	}
	cond := strings.Join(where, " AND ")
	if count {
		return "SELECT COUNT(*) FROM (SELECT 1 FROM " + from + " WHERE " + cond + " LIMIT " + arg(CaseTotalCap+1) + ") x", args
	}
	return "SELECT " + summaryColumns + " FROM " + from + " WHERE " + cond + " ORDER BY " + id + " DESC LIMIT " +
		arg(q.limit+1), args
}

// cacheable reports whether the query's text is one of a few shapes worth
// keeping prepared (name searches carry a list of IDs).
func (q *caseQuery) cacheable() bool { return len(q.names) == 0 }

func (db *DB) readQuery(ctx context.Context, q *caseQuery, query string, args ...any) (*sql.Rows, error) {
	if q.cacheable() {
		return db.read(ctx, query, args...)
	}
	return db.r.QueryContext(ctx, query, args...)
}

func (db *DB) readRowQuery(ctx context.Context, q *caseQuery, query string, args ...any) *sql.Row {
	if q.cacheable() {
		return db.readRow(ctx, query, args...)
	}
	return db.r.QueryRowContext(ctx, query, args...)
}

// split reports whether the query runs once per status.
func (q *caseQuery) split() bool { return q.codeLo == "" && len(q.names) == 0 }

// runCaseQuery returns up to q.limit rows and whether more follow.
func (db *DB) runCaseQuery(ctx context.Context, q *caseQuery) ([]summaryRow, bool, error) {
	if q.empty {
		return nil, false, nil
	}
	if len(q.names) > 0 {
		return db.runNameQuery(ctx, q)
	}
	statuses := []string{""}
	if q.split() {
		statuses = q.statuses
	}
	var rows []summaryRow
	for _, s := range statuses {
		query, args := q.sql(s, false, nil)
		rs, err := db.readQuery(ctx, q, query, args...)
		if err != nil {
			return nil, false, fmt.Errorf("store: list cases: %w", err)
		}
		for rs.Next() {
			r, err := scanSummary(rs)
			if err != nil {
				rs.Close()
				return nil, false, err
			}
			rows = append(rows, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, false, err
		}
	}
	if len(statuses) > 1 {
		slices.SortFunc(rows, func(a, b summaryRow) int { return bytes.Compare(b.ID[:], a.ID[:]) })
	}
	if len(rows) > q.limit {
		return rows[:q.limit], true, nil
	}
	return rows, false, nil
}

// countCases counts matches (without the cursor), up to CaseTotalCap.
func (db *DB) countCases(ctx context.Context, q *caseQuery) (int, error) {
	if q.empty {
		return 0, nil
	}
	if len(q.names) > 0 {
		return db.countNameQuery(ctx, q)
	}
	statuses := []string{""}
	if q.split() {
		statuses = q.statuses
	}
	total := 0
	for _, s := range statuses {
		query, args := q.sql(s, true, nil)
		var n int
		if err := db.readRowQuery(ctx, q, query, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count cases: %w", err)
		}
		total += n
		if total >= CaseTotalCap {
			return CaseTotalCap, nil
		}
	}
	return total, nil
}

// nameBatch is how many name-search candidates one query looks at.
const nameBatch = 200

// residual reports whether conditions other than the name apply.
func (q *caseQuery) residual() bool { return q.filtered || len(q.tags) > 0 || q.codeLo != "" }

// runNameQuery pages through the name-search candidates after the cursor,
// checking the other conditions a batch at a time.
func (db *DB) runNameQuery(ctx context.Context, q *caseQuery) ([]summaryRow, bool, error) {
	cands, err := db.nameCandidates(ctx, q)
	if err != nil {
		return nil, false, err
	}
	start := 0
	if q.cursor != uuid.Nil {
		start, _ = slices.BinarySearchFunc(cands, q.cursor, func(a, b uuid.UUID) int { return bytes.Compare(b[:], a[:]) })
		if start < len(cands) && cands[start] == q.cursor {
			start++
		}
	}
	var rows []summaryRow
	for start < len(cands) && len(rows) <= q.limit {
		n := nameBatch
		if !q.residual() {
			n = q.limit + 1 - len(rows)
		}
		end := min(start+n, len(cands))
		query, args := q.sql("", false, cands[start:end])
		rs, err := db.r.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, false, fmt.Errorf("store: name search: %w", err)
		}
		for rs.Next() {
			r, err := scanSummary(rs)
			if err != nil {
				rs.Close()
				return nil, false, err
			}
			rows = append(rows, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, false, err
		}
		start = end
	}
	if len(rows) > q.limit {
		return rows[:q.limit], true, nil
	}
	return rows, false, nil
}

// countNameQuery counts the candidates meeting the other conditions.
func (db *DB) countNameQuery(ctx context.Context, q *caseQuery) (int, error) {
	cands, err := db.nameCandidates(ctx, q)
	if err != nil || !q.residual() {
		return min(len(cands), CaseTotalCap), err
	}
	total := 0
	for start := 0; start < len(cands) && total < CaseTotalCap; start += nameBatch {
		query, args := q.sql("", true, cands[start:min(start+nameBatch, len(cands))])
		var n int
		if err := db.r.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count cases: %w", err)
		}
		total += n
	}
	return min(total, CaseTotalCap), nil
}

const summaryColumns = `c.id, c.code, c.status, c.closure_requested, c.assigned_to, c.gender, c.age_group, c.citizenship,
	c.exploitation, c.events, c.display_name, c.updated_at, c.erased_at`

type summaryRow struct {
	CaseSummary
	display []byte
}

func scanSummary(s scanner) (summaryRow, error) {
	var r summaryRow
	var status, expl, events string
	var erased sql.NullTime
	err := s.Scan(&r.ID, &r.Code, &status, &r.ClosureRequested, &r.AssignedTo, &r.Gender, &r.AgeGroup, &r.Citizenship,
		&expl, &events, &r.display, &r.UpdatedAt, &erased)
	if err != nil {
		return r, err
	}
	r.Status, r.Exploitation, r.Erased = casework.Status(status), splitCodes(expl), erased.Valid
	r.UpdatedAt = r.UpdatedAt.UTC()
	evs, err := parseEvents(events)
	if err != nil {
		return r, err
	}
	r.Route = casework.Case{Events: evs}.Route()
	return r, nil
}

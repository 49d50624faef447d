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
//   - a name search reads the range of its rarest token's blind index (in
//     case order), probing the others' for each case, and looks the page up
//     by ID;
//   - otherwise from case_tags, one range per status (merged here), using
//     the most specific facet: the caseworker, the exploitation-country pair,
//     the country, the exploitation, the age group, or "*".
// Other conditions are probes of the same primary keys.

type caseQuery struct {
	org      uuid.UUID
	statuses []string // filter, or every status
	filtered bool     // statuses came from the filter
	tags     []string // facets that must all be present
	names    [][]byte // name blind indexes that must all be present
	ranked   bool     // names are ordered rarest first
	codeLo   string
	codeHi   string
	limit    int
	cursor   uuid.UUID
	empty    bool // a name token matches nothing
	counted  int  // name search: the total once a first page read every match, else -1
	sqlite   bool
}

// caseQuery checks f and plans its query.
func (db *DB) caseQuery(ctx context.Context, org uuid.UUID, f CaseFilter) (*caseQuery, error) {
	q := &caseQuery{org: org, limit: f.Limit, sqlite: db.dialect == SQLite, counted: -1}
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

// rarityCap bounds the count of each token's range when ranking tokens:
// beyond it, a token is common and which is rarer matters little.
const rarityCap = 2000

// rankNames orders the search tokens rarest first (the rarest drives the
// search), with one statement counting each token's range up to rarityCap;
// a token that matches nothing empties the search.
func (db *DB) rankNames(ctx context.Context, q *caseQuery) error {
	if q.ranked || q.empty {
		return nil
	}
	q.ranked = true
	if len(q.names) < 2 {
		return nil
	}
	args := []any{q.org}
	cols := make([]string, len(q.names))
	for i, h := range q.names {
		args = append(args, h)
		cols[i] = `(SELECT COUNT(*) FROM (SELECT 1 FROM case_name_index WHERE organisation_id = $1 AND hash = $` +
			strconv.Itoa(len(args)) + ` LIMIT ` + strconv.Itoa(rarityCap) + `) r` + strconv.Itoa(i) + `)`
	}
	counts := make([]int, len(q.names))
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := db.r.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return fmt.Errorf("store: name search: %w", err)
	}
	order := make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return counts[a] - counts[b] })
	if counts[order[0]] == 0 {
		q.empty = true
		return nil
	}
	names := make([][]byte, len(order))
	for i, o := range order {
		names[i] = q.names[o]
	}
	q.names = names
	return nil
}

// candidateSQL selects up to n cases having every name token, newest
// first, older than after when set: one backward range of the rarest
// token's index, each case probed in the others' (primary-key lookups), so
// a page costs about its length whatever the number of cases sharing a
// token.
func (q *caseQuery) candidateSQL(after uuid.UUID, n int) (string, []any) {
	args := []any{q.org, q.names[0]}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	query := `SELECT n0.case_id FROM case_name_index n0 WHERE n0.organisation_id = $1 AND n0.hash = $2`
	if after != uuid.Nil {
		query += ` AND n0.case_id < ` + arg(after)
	}
	for _, h := range q.names[1:] {
		query += ` AND EXISTS (SELECT 1 FROM case_name_index n WHERE n.organisation_id = $1 AND n.hash = ` + arg(h) +
			` AND n.case_id = n0.case_id)`
	}
	return query + ` ORDER BY n0.case_id DESC LIMIT ` + arg(n), args
}

// nameCandidates returns up to n cases having every name token, newest
// first, older than after when set.
func (db *DB) nameCandidates(ctx context.Context, q *caseQuery, after uuid.UUID, n int) ([]uuid.UUID, error) {
	if err := db.rankNames(ctx, q); err != nil || q.empty {
		return nil, err
	}
	query, args := q.candidateSQL(after, n)
	ids, err := scanIDs(db.r.QueryContext(ctx, query, args...))
	if err != nil {
		return nil, fmt.Errorf("store: name search: %w", err)
	}
	return ids, nil
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
	var rows []summaryRow
	after := q.cursor
	for len(rows) <= q.limit {
		n := nameBatch
		if !q.residual() {
			n = q.limit + 1 - len(rows)
		}
		ids, err := db.nameCandidates(ctx, q, after, n)
		if err != nil {
			return nil, false, err
		}
		if len(ids) == 0 {
			break
		}
		query, args := q.sql("", false, ids)
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
		if len(ids) < n {
			if q.cursor == uuid.Nil && len(rows) <= q.limit {
				q.counted = len(rows) // every match was read: no need to count
			}
			break
		}
		after = ids[len(ids)-1]
	}
	if len(rows) > q.limit {
		return rows[:q.limit], true, nil
	}
	return rows, false, nil
}

// countNameQuery counts the candidates meeting the other conditions, up to
// CaseTotalCap.
func (db *DB) countNameQuery(ctx context.Context, q *caseQuery) (int, error) {
	if err := db.rankNames(ctx, q); err != nil || q.empty {
		return 0, err
	}
	if q.counted >= 0 {
		return min(q.counted, CaseTotalCap), nil
	}
	if !q.residual() {
		query, args := q.candidateSQL(uuid.Nil, CaseTotalCap+1)
		var n int
		if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+query+`) x`, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count cases: %w", err)
		}
		return min(n, CaseTotalCap), nil
	}
	total := 0
	var after uuid.UUID
	for total < CaseTotalCap {
		ids, err := db.nameCandidates(ctx, q, after, nameBatch)
		if err != nil || len(ids) == 0 {
			return min(total, CaseTotalCap), err
		}
		query, args := q.sql("", true, ids)
		var n int
		if err := db.r.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count cases: %w", err)
		}
		total += n
		if len(ids) < nameBatch {
			break
		}
		after = ids[len(ids)-1]
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

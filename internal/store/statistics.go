package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
)

// statsWhere is the scope of r for a (PermStatistics; a country's or the
// network's scope needs PermStatisticsNetwork): the condition on
// case_facts after "counted = $1", and its arguments. An actor with no
// organisation (a platform administrator) has no organisation's scope.
func statsWhere(a auth.Actor, r casestats.Request) (string, []any, error) {
	if !a.Can(auth.PermStatistics) {
		return "", nil, ErrForbidden
	}
	switch r.Scope {
	case casestats.ScopeOrganisation:
		if a.OrgID == [16]byte{} {
			return "", nil, ErrForbidden
		}
		return ` AND organisation_id = $2`, []any{a.OrgID}, nil
	case casestats.ScopeCountry:
		if !a.Can(auth.PermStatisticsNetwork) {
			return "", nil, ErrForbidden
		}
		return ` AND org_country = $2`, []any{r.Country}, nil
	case casestats.ScopeNetwork:
		if !a.Can(auth.PermStatisticsNetwork) {
			return "", nil, ErrForbidden
		}
		return "", nil, nil
	}
	return "", nil, ErrForbidden
}

// tabulateCases counts the cases of r's scope by r.By (r normalised), with
// those the statistics rule leaves out. The raw table never leaves the
// store: callers release it through disclosure control.
func (db *DB) tabulateCases(ctx context.Context, a auth.Actor, r casestats.Request) (casestats.Table, error) {
	where, args, err := statsWhere(a, r)
	if err != nil {
		return casestats.Table{}, err
	}
	var out casestats.Table
	groups, counted, err := db.factGroups(ctx, r.By, where, args)
	if err != nil {
		return out, err
	}
	q := `SELECT COUNT(*) FROM case_facts WHERE counted = $1` + where
	logStatement(ctx, q, false)
	if err := db.r.QueryRowContext(ctx, q, append([]any{false}, args...)...).Scan(&out.Excluded); err != nil {
		return out, fmt.Errorf("store: statistics: %w", err)
	}
	values, err := db.codeValues(ctx, groups)
	if err != nil {
		return out, err
	}
	tally := casestats.NewTally(r.By)
	facts := make([]string, len(r.By))
	for k, n := range groups {
		for i := range r.By {
			facts[i] = values[k[i]]
		}
		tally.Add(facts, n)
	}
	t := tally.Table()
	t.Counted, t.Excluded = counted, out.Excluded
	return t, nil
}

// factKey is the codes of one group of cases (unused places are 0).
type factKey [casestats.MaxBy]int64

// factGroups counts the counted cases of a scope by the codes of the
// columns by. PostgreSQL groups in SQL (hash aggregation); SQLite sorts to
// group, which is slower than reading the small integers and grouping here.
func (db *DB) factGroups(ctx context.Context, by []string, where string, args []any) (map[factKey]int64, int64, error) {
	cols := strings.Join(by, ", ")
	args = append([]any{true}, args...)
	groups := map[factKey]int64{}
	var total int64
	var k factKey
	dest := make([]any, len(by), len(by)+1)
	for i := range by {
		dest[i] = &k[i]
	}
	var q string
	var n int64
	if db.dialect == Postgres {
		q = `SELECT ` + cols + `, COUNT(*) FROM case_facts WHERE counted = $1` + where + ` GROUP BY ` + cols
		dest = append(dest, &n)
	} else {
		q = `SELECT ` + cols + ` FROM case_facts WHERE counted = $1` + where
		n = 1
	}
	logStatement(ctx, q, false)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: statistics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, 0, fmt.Errorf("store: statistics: %w", err)
		}
		groups[k] += n
		total += n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: statistics: %w", err)
	}
	return groups, total, nil
}

// codeValues reads the values of every code the groups use.
func (db *DB) codeValues(ctx context.Context, groups map[factKey]int64) (map[int64]string, error) {
	values := map[int64]string{0: ""}
	var codes []any
	for k := range groups {
		for _, c := range k {
			if _, ok := values[c]; !ok {
				values[c] = ""
				codes = append(codes, c)
			}
		}
	}
	for len(codes) > 0 {
		part := codes[:min(len(codes), 500)]
		codes = codes[len(part):]
		marks := make([]string, len(part))
		for i := range part {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		q := `SELECT code, value FROM stat_codes WHERE code IN (` + strings.Join(marks, ", ") + `)`
		logStatement(ctx, q, false)
		rows, err := db.r.QueryContext(ctx, q, part...)
		if err != nil {
			return nil, fmt.Errorf("store: statistics codes: %w", err)
		}
		for rows.Next() {
			var c int64
			var v string
			if err := rows.Scan(&c, &v); err != nil {
				rows.Close()
				return nil, err
			}
			values[c] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return values, nil
}

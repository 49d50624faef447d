package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
)

// statsScope is the scope of r for a (PermCaseStatistics; a country's or the
// network's scope needs PermStatisticsNetwork): the column case_facts is
// filtered on and its value ("" and nil for the whole network). An actor
// with no organisation (a platform administrator) has no organisation's
// scope.
func (db *DB) statsScope(a auth.Actor, r casestats.Request) (string, any, error) {
	if !a.Can(auth.PermCaseStatistics) {
		return "", nil, ErrForbidden
	}
	switch r.Scope {
	case casestats.ScopeOrganisation:
		if a.OrgID == uuid.Nil {
			return "", nil, ErrForbidden
		}
		return "organisation_id", db.factID(a.OrgID), nil
	case casestats.ScopeCountry:
		if !a.Can(auth.PermStatisticsNetwork) {
			return "", nil, ErrForbidden
		}
		return "org_country", r.Country, nil
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
	col, val, err := db.statsScope(a, r)
	if err != nil {
		return casestats.Table{}, err
	}
	groups, counted, excluded, err := db.factGroups(ctx, r.By, col, val)
	if err != nil {
		return casestats.Table{}, err
	}
	values, err := db.codeValues(ctx, groups)
	if err != nil {
		return casestats.Table{}, err
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
	t.Counted, t.Excluded = counted, excluded
	return t, nil
}

// factKey is the codes of one group of cases (unused places are 0).
type factKey [casestats.MaxBy]int64

// factGroups counts the cases of a scope (col = val; the whole table when
// col is "") by the codes of the columns by, and those the rule leaves out.
// PostgreSQL groups in SQL (hash aggregation); SQLite would sort to group,
// so it reads the narrow rows once, counted or not, and groups here.
func (db *DB) factGroups(ctx context.Context, by []string, col string, val any) (groups map[factKey]int64, counted, excluded int64, err error) {
	cols := strings.Join(by, ", ")
	groups = map[factKey]int64{}
	var k factKey
	dest := make([]any, 0, len(by)+2)
	for i := range by {
		dest = append(dest, &k[i])
	}
	var args []any
	scope := ""
	if col != "" {
		scope, args = col+` = $1`, []any{val}
	}
	if db.dialect == Postgres {
		where := ` WHERE counted = $` + fmt.Sprint(len(args)+1)
		if scope != "" {
			where += ` AND ` + scope
		}
		var n int64
		q := `SELECT ` + cols + `, COUNT(*) FROM case_facts` + where + ` GROUP BY ` + cols
		err = db.scanRows(ctx, q, append(args, true), append(dest, &n), func() {
			groups[k] += n
			counted += n
		})
		if err == nil {
			q = `SELECT COUNT(*) FROM case_facts` + where
			logStatement(ctx, q, false)
			err = db.r.QueryRowContext(ctx, q, append(args, false)...).Scan(&excluded)
		}
	} else {
		groups, counted, excluded, err = db.factGroupsSQLite(ctx, by, scope, args)
	}
	if err != nil {
		return nil, 0, 0, fmt.Errorf("store: statistics: %w", err)
	}
	return groups, counted, excluded, nil
}

// packBits is the width of one code in the key SQLite computes per row
// (three codes and the counted flag in one integer, so each row crosses the
// driver as one value); stat_codes beyond it fall back to separate columns.
const packBits = 20

// packLimit and parallelFrom choose the ways of reading (tests change them
// to read small tables every way).
// Every way gives the same counts, so a change races with nothing but the
// speed of other readers.
var packLimit, parallelFrom atomic.Int64

func init() {
	packLimit.Store(1 << packBits)
	parallelFrom.Store(100000)
}

// factGroupsSQLite reads the rows of the scope on as many reader
// connections as there are processors (rowid ranges) and groups them here.
func (db *DB) factGroupsSQLite(ctx context.Context, by []string, scope string, args []any) (map[factKey]int64, int64, int64, error) {
	var top, maxCode int64
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(rowid) FROM case_facts), 0),
		COALESCE((SELECT MAX(code) FROM stat_codes), 0)`).Scan(&top, &maxCode); err != nil {
		return nil, 0, 0, err
	}
	packed := maxCode < packLimit.Load()
	sel := `counted, ` + strings.Join(by, ", ")
	if packed {
		sel = `counted`
		for _, c := range by {
			sel = `(` + sel + ` << ` + fmt.Sprint(packBits) + `) | ` + c
		}
	}
	width := len(by) + 1
	if packed {
		width = 1
	}
	parts := min(runtime.NumCPU(), 4)
	if top < parallelFrom.Load() {
		parts = 1
	}
	type result struct {
		groups            map[factKey]int64
		counted, excluded int64
		err               error
	}
	results := make([]result, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := result{groups: map[factKey]int64{}}
			lo, hi := top*int64(p)/int64(parts), top*int64(p+1)/int64(parts)
			where := fmt.Sprintf(` WHERE rowid > %d AND rowid <= %d`, lo, hi)
			if scope != "" {
				where += ` AND ` + scope
			}
			mask := int64(1)<<packBits - 1
			res.err = db.scanSQLite(ctx, `SELECT `+sel+` FROM case_facts`+where, args, func(row []driver.Value) {
				var k factKey
				var in bool
				if packed {
					v := row[0].(int64)
					for i := len(by) - 1; i >= 0; i-- {
						k[i] = v & mask
						v >>= packBits
					}
					in = v != 0
				} else {
					in = row[0].(int64) != 0
					for i := range by {
						k[i] = row[i+1].(int64)
					}
				}
				if !in {
					res.excluded++
					return
				}
				res.groups[k]++
				res.counted++
			}, width)
			results[p] = res
		}()
	}
	wg.Wait()
	groups := map[factKey]int64{}
	var counted, excluded int64
	for _, r := range results {
		if r.err != nil {
			return nil, 0, 0, r.err
		}
		for k, n := range r.groups {
			groups[k] += n
		}
		counted, excluded = counted+r.counted, excluded+r.excluded
	}
	return groups, counted, excluded, nil
}

// scanSQLite runs q on a reader connection of SQLite and calls each with
// every row's n values (all int64), read through the
// driver itself: a million rows through database/sql's Scan cost more than
// the query.
func (db *DB) scanSQLite(ctx context.Context, q string, args []any, each func([]driver.Value), n int) error {
	logStatement(ctx, q, false)
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("store: the SQLite driver cannot query")
		}
		rows, err := qc.QueryContext(ctx, q, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		row := make([]driver.Value, n)
		for {
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			each(row)
		}
	})
}

// scanRows runs q on the reader pool and calls each after scanning a row
// into dest.
func (db *DB) scanRows(ctx context.Context, q string, args, dest []any, each func()) error {
	logStatement(ctx, q, false)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		each()
	}
	return rows.Err()
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
		var c int64
		var v string
		if err := db.scanRows(ctx, q, part, []any{&c, &v}, func() { values[c] = v }); err != nil {
			return nil, fmt.Errorf("store: statistics codes: %w", err)
		}
	}
	return values, nil
}

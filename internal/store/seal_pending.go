package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// Values stored in clear before they were sealed (a plan item's provider, a
// screening's facts and result, event dates, the justice track) were moved by
// a migration into seal_pending, since SQL cannot seal. sealPending runs at
// Open, before anything is served: it seals each value with the person's
// subject key, writes back the de-identified part in clear, deletes the
// pending row in the same transaction (with SQLite's secure_delete the freed
// bytes are zeroed), and drops the table once it is empty. A case erased
// before keeps only the de-identified part: its key is gone. Several servers
// starting at once on one PostgreSQL share the work: a batch whose pending
// rows another process already took is skipped.

const sealBatch = 200

// pendingValue is one row of seal_pending.
type pendingValue struct {
	table         string
	row, org, cid uuid.UUID
	column, value string
}

// sealPending seals what seal_pending holds, then drops it.
func (db *DB) sealPending(ctx context.Context) error {
	ok, err := db.tableExists(ctx, "seal_pending")
	if err != nil || !ok {
		return err
	}
	ctx = auth.WithActor(ctx, auth.SystemActor())
	sealed := 0
	for {
		batch, err := db.pendingBatch(ctx)
		if err == nil && len(batch) == 0 {
			break
		}
		if err == nil {
			err = db.sealBatch(ctx, batch)
		}
		if err != nil {
			if ok, _ := db.tableExists(ctx, "seal_pending"); !ok {
				return nil // another server finished and dropped it
			}
			return err
		}
		sealed += len(batch)
	}
	if _, err := db.w.ExecContext(ctx, `DROP TABLE IF EXISTS seal_pending`); err != nil {
		return fmt.Errorf("store: seal pending: %w", err)
	}
	if sealed > 0 {
		db.checkpoint(ctx)
	}
	return nil
}

func (db *DB) tableExists(ctx context.Context, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if db.dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	if err := db.w.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
		return false, fmt.Errorf("store: seal pending: %w", err)
	}
	return n > 0, nil
}

// pendingBatch reads up to sealBatch rows, grouped by record: a record whose
// rows the limit cut is left for the next batch (unless it is alone).
func (db *DB) pendingBatch(ctx context.Context) ([][]pendingValue, error) {
	rows, err := db.w.QueryContext(ctx, `SELECT table_name, row_id, organisation_id, case_id, col, value FROM seal_pending
		ORDER BY table_name, row_id, col LIMIT `+strconv.Itoa(sealBatch))
	if err != nil {
		return nil, fmt.Errorf("store: seal pending: %w", err)
	}
	defer rows.Close()
	var groups [][]pendingValue
	n := 0
	for rows.Next() {
		var v pendingValue
		if err := rows.Scan(&v.table, &v.row, &v.org, &v.cid, &v.column, &v.value); err != nil {
			return nil, err
		}
		if k := len(groups); k > 0 && groups[k-1][0].table == v.table && groups[k-1][0].row == v.row {
			groups[k-1] = append(groups[k-1], v)
		} else {
			groups = append(groups, []pendingValue{v})
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n == sealBatch && len(groups) > 1 {
		groups = groups[:len(groups)-1]
	}
	return groups, nil
}

// sealedUpdate is the write that replaces one record's pending values.
type sealedUpdate struct {
	rec   []pendingValue
	query string
	args  []any
}

// sealBatch seals a batch outside any transaction (sealing may create a key
// in its own), then writes it in one transaction with one audit entry per
// organisation and table.
func (db *DB) sealBatch(ctx context.Context, batch [][]pendingValue) error {
	var ups []sealedUpdate
	for _, rec := range batch {
		u, err := db.sealRecord(ctx, rec)
		if err != nil {
			return err
		}
		ups = append(ups, u)
	}
	return db.write(ctx, func(t *tx) error {
		counts := map[[2]string]int{}
		for _, u := range ups {
			first := u.rec[0]
			res, err := t.ExecContext(ctx, `DELETE FROM seal_pending WHERE table_name = $1 AND row_id = $2`, first.table, first.row)
			if err != nil {
				return fmt.Errorf("store: seal pending: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n != int64(len(u.rec)) {
				continue // another process sealed it
			}
			if _, err := t.ExecContext(ctx, u.query, u.args...); err != nil {
				return fmt.Errorf("store: seal %s: %w", first.table, err)
			}
			counts[[2]string{first.org.String(), first.table}]++
		}
		for k, n := range counts {
			org, _ := uuid.Parse(k[0])
			t.audit(event(auth.SystemActor(), org, "data.seal", k[1], "", "rows="+strconv.Itoa(n)))
		}
		return nil
	})
}

// sealRecord seals one record's pending values.
func (db *DB) sealRecord(ctx context.Context, rec []pendingValue) (sealedUpdate, error) {
	u := sealedUpdate{rec: rec}
	first := rec[0]
	values := map[string]string{}
	for _, v := range rec {
		values[v.column] = v.value
	}
	seal := func(column, plain string) ([]byte, error) {
		if plain == "" {
			return nil, nil
		}
		b, err := db.keys.SealSubject(ctx, first.org, first.cid, []byte(plain), aadFor(column, first.row))
		if errors.Is(err, secure.ErrKeyShredded) {
			return nil, nil // erased: only the de-identified part stays
		}
		return b, err
	}
	switch first.table {
	case "case_plan_items":
		prov, err := seal("case_plan_items.provider", values["provider"])
		u.query = `UPDATE case_plan_items SET provider = $1 WHERE id = $2 AND organisation_id = $3`
		u.args = []any{prov, first.row, first.org}
		return u, err
	case "case_screenings":
		facts, err := seal("case_screenings.facts", values["facts"])
		if err != nil {
			return u, err
		}
		assessment, err := seal("case_screenings.assessment", values["result"])
		if err != nil {
			return u, err
		}
		var r identify.Result
		if s := values["result"]; s != "" {
			if err := json.Unmarshal([]byte(s), &r); err != nil {
				return u, fmt.Errorf("store: seal screening result: %w", err)
			}
		}
		u.query = `UPDATE case_screenings SET facts = $1, assessment = $2, result = $3 WHERE id = $4 AND organisation_id = $5`
		u.args = []any{facts, assessment, screeningSummary(r), first.row, first.org}
		return u, nil
	case "cases":
		return db.sealCaseRecord(ctx, u, values)
	}
	return u, fmt.Errorf("store: seal pending: unknown table %q", first.table)
}

// legacyEvent is an event as the events column held it before dates were
// sealed.
type legacyEvent struct {
	Kind    string `json:"k"`
	Country string `json:"c"`
	Date    string `json:"d,omitempty"`
}

// sealCaseRecord moves a case's event dates and private justice facts into
// its sealed person column and writes back their de-identified parts.
func (db *DB) sealCaseRecord(ctx context.Context, u sealedUpdate, values map[string]string) (sealedUpdate, error) {
	first := u.rec[0]
	var evs []casework.Event
	if s, ok := values["events"]; ok {
		var old []legacyEvent
		if err := json.Unmarshal([]byte(s), &old); err != nil {
			return u, fmt.Errorf("store: seal case events: %w", err)
		}
		for _, e := range old {
			evs = append(evs, casework.Event{Kind: e.Kind, Country: e.Country, Date: e.Date})
		}
	}
	var j casework.Justice
	if s, ok := values["justice"]; ok {
		if err := json.Unmarshal([]byte(s), &j); err != nil {
			return u, fmt.Errorf("store: seal case justice: %w", err)
		}
	}
	var person []byte
	if err := db.w.QueryRowContext(ctx, `SELECT person FROM cases WHERE id = $1 AND organisation_id = $2`,
		first.row, first.org).Scan(&person); err != nil {
		return u, fmt.Errorf("store: seal case: %w", err)
	}
	s := db.subject(first.org, first.cid)
	plain, err := s.open(ctx, "cases.person", first.row, person)
	if err != nil {
		return u, err
	}
	if plain != nil {
		var p private
		if err := json.Unmarshal(plain, &p); err != nil {
			return u, fmt.Errorf("store: seal case person: %w", err)
		}
		p.Dates = nil
		for _, e := range evs {
			p.Dates = append(p.Dates, e.Date)
		}
		p.Justice = privateOf(j)
		b, err := json.Marshal(p)
		if err != nil {
			return u, err
		}
		if person, err = db.keys.SealSubject(ctx, first.org, first.cid, b, aadFor("cases.person", first.row)); err != nil {
			return u, err
		}
	}
	// An erased case (nothing opens) keeps its person column empty.
	u.query = `UPDATE cases SET events = $1, justice = $2, person = $3 WHERE id = $4 AND organisation_id = $5`
	u.args = []any{eventsJSON(evs), justiceJSON(j), person, first.row, first.org}
	return u, nil
}

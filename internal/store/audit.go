package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// appendAudit links e to the head of its organisation's chain and stores it,
// inside t. In PostgreSQL the head row is locked (FOR UPDATE) so concurrent
// writers of one organisation queue while other organisations go on; in
// SQLite the single writer connection already serialises appends.
func appendAudit(ctx context.Context, t *tx, e audit.Entry) (audit.Entry, error) {
	if _, err := t.exec(ctx, sqlHeadEnsure, e.OrgID); err != nil {
		return e, fmt.Errorf("store: audit head: %w", err)
	}
	q := sqlHeadRead
	if t.db.dialect == Postgres {
		q = sqlHeadLock
	}
	var head audit.Entry
	if err := t.queryRow(ctx, q, e.OrgID).Scan(&head.Seq, &head.Hash); err != nil {
		return e, fmt.Errorf("store: audit head: %w", err)
	}
	var prev *audit.Entry
	if head.Seq > 0 {
		prev = &head
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	audit.Seal(&e, prev)
	if _, err := t.exec(ctx, sqlAuditInsert, e.OrgID, e.Seq, e.At, e.ActorID, e.Action, e.RecordType, e.RecordID,
		e.IP, e.Detail, e.PrevHash, e.Hash); err != nil {
		return e, fmt.Errorf("store: audit append: %w", err)
	}
	if _, err := t.exec(ctx, sqlHeadUpdate, e.Seq, e.Hash, e.OrgID); err != nil {
		return e, fmt.Errorf("store: audit head: %w", err)
	}
	return e, nil
}

// The statements of every append, prepared once on the SQLite writer.
const (
	sqlHeadEnsure  = `INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, 0, '') ON CONFLICT (organisation_id) DO NOTHING`
	sqlHeadRead    = `SELECT seq, hash FROM audit_heads WHERE organisation_id = $1`
	sqlHeadLock    = sqlHeadRead + ` FOR UPDATE`
	sqlAuditInsert = `INSERT INTO audit_log (organisation_id, seq, at, actor_id, action, record_type, record_id, ip,
		detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	sqlHeadUpdate = `UPDATE audit_heads SET seq = $1, hash = $2 WHERE organisation_id = $3`
)

var auditWrites = []string{sqlHeadEnsure, sqlHeadRead, sqlAuditInsert, sqlHeadUpdate}

// MaxAuditField bounds the caller-supplied text of an audit entry.
const MaxAuditField = 500

// Audit appends an event that changes no data (logout, export, a view of
// personal data). The actor and address come from ctx; the chain is
// e.OrgID, or the actor's organisation when e.OrgID is nil.
func (db *DB) Audit(ctx context.Context, e audit.Entry) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	org := e.OrgID
	if org == uuid.Nil {
		org = a.OrgID
	}
	if org != a.OrgID && !a.IsAdmin() {
		return ErrNotFound
	}
	var es valid.Errors
	es.Add(valid.Required("action", e.Action), valid.MaxLen("action", e.Action, 100))
	es.Add(valid.MaxLen("record_type", e.RecordType, 100), valid.MaxLen("record_id", e.RecordID, 100))
	es.Add(valid.MaxLen("detail", e.Detail, MaxAuditField))
	if len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error {
		if org != uuid.Nil {
			if err := t.orgExists(ctx, org); err != nil {
				return err
			}
		}
		t.audit(event(a, org, e.Action, e.RecordType, e.RecordID, e.Detail))
		return nil
	})
}

// AuditFilter narrows ListAudit. Zero values do not filter.
type AuditFilter struct {
	ActorID      uuid.UUID
	ActionPrefix string // e.g. "login." or "user."
	RecordType   string
	RecordID     string
	From, To     time.Time // From inclusive, To exclusive
	Limit        int       // default 100, at most 1000
	Offset       int
}

// ListAudit returns org's entries, newest first. Needs PermAuditView in org
// (platform administrators: any chain, uuid.Nil being the platform's own).
func (db *DB) ListAudit(ctx context.Context, org uuid.UUID, f AuditFilter) ([]audit.Entry, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := orgAccess(a, org, auth.PermAuditView); err != nil {
		return nil, err
	}
	q := strings.Builder{}
	q.WriteString(`SELECT organisation_id, seq, at, actor_id, action, record_type, record_id, ip, detail, prev_hash, hash
		FROM audit_log WHERE organisation_id = $1`)
	args := []any{org}
	add := func(cond string, v any) {
		args = append(args, v)
		fmt.Fprintf(&q, " AND "+cond, len(args))
	}
	if f.ActorID != uuid.Nil {
		add("actor_id = $%d", f.ActorID)
	}
	if f.ActionPrefix != "" {
		add(`action LIKE $%d ESCAPE '\'`, likePrefix(f.ActionPrefix))
	}
	if f.RecordType != "" {
		add("record_type = $%d", f.RecordType)
	}
	if f.RecordID != "" {
		add("record_id = $%d", f.RecordID)
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < $%d", f.To.UTC())
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	args = append(args, limit, max(f.Offset, 0))
	fmt.Fprintf(&q, " ORDER BY seq DESC LIMIT $%d OFFSET $%d", len(args)-1, len(args))
	rows, err := db.r.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// likePrefix escapes LIKE wildcards in p and appends %.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

func scanEntry(rows *sql.Rows) (audit.Entry, error) {
	var e audit.Entry
	err := rows.Scan(&e.OrgID, &e.Seq, &e.At, &e.ActorID, &e.Action, &e.RecordType, &e.RecordID, &e.IP, &e.Detail,
		&e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}

// VerifyAudit checks every chain entry by entry (streaming, in sequence
// order) and against its recorded head, so a removed last entry is caught
// too. It returns the number of entries checked and, at the first broken
// entry, an error wrapping *audit.Break. Platform administrators only.
func (db *DB) VerifyAudit(ctx context.Context) (int64, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return 0, err
	}
	if !a.IsAdmin() {
		return 0, ErrForbidden
	}
	orgs, err := db.auditChains(ctx)
	if err != nil {
		return 0, err
	}
	var checked int64
	for _, org := range orgs {
		n, err := db.verifyChain(ctx, org)
		checked += n
		if err != nil {
			return checked, err
		}
	}
	return checked, nil
}

// auditChains lists every organisation with a head or an entry.
func (db *DB) auditChains(ctx context.Context) ([]uuid.UUID, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT organisation_id FROM audit_heads
		UNION SELECT DISTINCT organisation_id FROM audit_log ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	var orgs []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		orgs = append(orgs, id)
	}
	return orgs, rows.Err()
}

func (db *DB) verifyChain(ctx context.Context, org uuid.UUID) (int64, error) {
	// Read the head first: entries appended after it are beyond the head and
	// do not count as a mismatch.
	var headSeq int64
	var headHash string
	err := db.r.QueryRowContext(ctx, sqlHeadRead, org).
		Scan(&headSeq, &headHash)
	if err != nil && err != sql.ErrNoRows {
		return 0, fmt.Errorf("store: verify audit: %w", err)
	}
	noHead := err == sql.ErrNoRows
	rows, err := db.r.QueryContext(ctx, `SELECT organisation_id, seq, at, actor_id, action, record_type, record_id, ip,
		detail, prev_hash, hash FROM audit_log WHERE organisation_id = $1 ORDER BY seq`, org)
	if err != nil {
		return 0, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	v := audit.NewVerifier(org)
	var atHead *audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return v.Count(), err
		}
		if err := v.Next(e); err != nil {
			return v.Count(), fmt.Errorf("store: %w", err)
		}
		if e.Seq == headSeq {
			cp := e
			atHead = &cp
		}
	}
	if err := rows.Err(); err != nil {
		return v.Count(), err
	}
	last := v.Head()
	if last != nil && last.Seq > headSeq && !noHead {
		// Entries beyond the head read first: appended since (the head has
		// moved on with them) or forged at the end (it has not).
		var seq2 int64
		var hash2 string
		if err := db.r.QueryRowContext(ctx, sqlHeadRead, org).
			Scan(&seq2, &hash2); err != nil {
			return v.Count(), fmt.Errorf("store: verify audit: %w", err)
		}
		switch {
		case seq2 < last.Seq:
			return v.Count(), fmt.Errorf("store: %w", &audit.Break{OrgID: org, Seq: seq2 + 1,
				Code: "audit.finding.beyond_head"})
		case seq2 == last.Seq && hash2 != last.Hash:
			return v.Count(), fmt.Errorf("store: %w", &audit.Break{OrgID: org, Seq: seq2,
				Code: "audit.finding.head_mismatch"})
		}
		return v.Count(), nil
	}
	switch {
	case noHead:
		return v.Count(), fmt.Errorf("store: %w", &audit.Break{OrgID: org, Seq: 1, Code: "audit.finding.no_head"})
	case atHead == nil && headSeq > 0:
		var lastSeq int64
		if last != nil {
			lastSeq = last.Seq
		}
		return v.Count(), fmt.Errorf("store: %w", &audit.Break{OrgID: org, Seq: lastSeq + 1,
			Code: "audit.finding.tail_missing", Params: map[string]any{"Last": lastSeq, "Head": headSeq}})
	case atHead != nil && atHead.Hash != headHash:
		return v.Count(), fmt.Errorf("store: %w", &audit.Break{OrgID: org, Seq: headSeq,
			Code: "audit.finding.head_mismatch"})
	}
	return v.Count(), nil
}

package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestAuditAndList(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		start := time.Now().Add(-time.Second)
		for i := range 3 {
			must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint("case-", i)}))
		}
		must(t, db.Audit(w.asSuperA(), audit.Entry{Action: "case.export", RecordType: "case", RecordID: "case-1", Detail: "format=csv"}))
		must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "logout"}))

		all, err := db.ListAudit(w.asAdminA(), w.orgA.ID, AuditFilter{})
		must(t, err)
		if len(all) != auditCount(t, db, w.orgA.ID) || all[0].Action != "logout" || all[0].Seq != all[1].Seq+1 {
			t.Fatalf("list: %d entries, first %+v", len(all), all[0])
		}
		e := all[1]
		if e.ActorID != w.superA.ID || e.IP != "192.0.2.10" || e.OrgID != w.orgA.ID || e.Detail != "format=csv" ||
			e.Hash != audit.ComputeHash(e) {
			t.Fatalf("entry %+v", e)
		}
		check := func(name string, f AuditFilter, want int) {
			t.Helper()
			es, err := db.ListAudit(w.asAdminA(), w.orgA.ID, f)
			must(t, err)
			if len(es) != want {
				t.Errorf("%s: %d entries, want %d", name, len(es), want)
			}
		}
		check("actor", AuditFilter{ActorID: w.caseA.ID}, 4)
		check("prefix", AuditFilter{ActionPrefix: "case."}, 4)
		check("prefix is not a pattern", AuditFilter{ActionPrefix: "case_"}, 0)
		check("record type", AuditFilter{RecordType: "case"}, 4)
		check("record", AuditFilter{RecordType: "case", RecordID: "case-1"}, 2)
		check("from", AuditFilter{From: start, ActionPrefix: "case.read"}, 3)
		check("to", AuditFilter{To: start, ActionPrefix: "case.read"}, 0)
		check("limit", AuditFilter{ActionPrefix: "case.", Limit: 2}, 2)
		check("offset", AuditFilter{ActionPrefix: "case.", Limit: 2, Offset: 3}, 1)

		// Scope.
		_, err = db.ListAudit(w.asAdminB(), w.orgA.ID, AuditFilter{})
		wantErr(t, err, ErrNotFound)
		_, err = db.ListAudit(w.asSuperA(), w.orgA.ID, AuditFilter{})
		wantErr(t, err, ErrForbidden)
		_, err = db.ListAudit(w.asAdminA(), uuid.Nil, AuditFilter{})
		wantErr(t, err, ErrNotFound)
		_, err = db.ListAudit(context.Background(), w.orgA.ID, AuditFilter{})
		wantErr(t, err, ErrForbidden)
		if es, err := db.ListAudit(w.asPlatform(), uuid.Nil, AuditFilter{}); err != nil || len(es) == 0 {
			t.Fatalf("platform chain: %v", err)
		}
		before := snapshot(t, db)
		wantErr(t, db.Audit(w.asCaseA(), audit.Entry{OrgID: w.orgB.ID, Action: "case.read"}), ErrNotFound)
		wantErr(t, db.Audit(context.Background(), audit.Entry{Action: "case.read"}), ErrForbidden)
		var ves valid.Errors
		if err := db.Audit(w.asCaseA(), audit.Entry{}); !asErrors(err, &ves) || !ves.Has("action", valid.RuleRequired) {
			t.Fatalf("no action: %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))
	})
}

// TestAuditInSameTransaction: when the audit append fails, the change it
// records is rolled back too, and a refused change leaves no entry.
func TestAuditInSameTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		head := lastAudit(t, db, w.orgA.ID)
		// Occupy the next sequence number behind the store's back: the next
		// append to A's chain must fail.
		_, err := db.w.Exec(`INSERT INTO audit_log (organisation_id, seq, at, actor_id, action, record_type, record_id, ip,
			detail, prev_hash, hash) VALUES ($1, $2, $3, $4, 'squatter', '', '', '', '', '', '')`,
			w.orgA.ID, head.Seq+1, time.Now().UTC(), uuid.Nil)
		must(t, err)
		before := snapshot(t, db)
		o := w.orgA
		o.City = "Maradi"
		if err := db.UpdateOrganisation(w.asAdminA(), o); err == nil {
			t.Fatal("the update succeeded without its audit entry")
		}
		if got, _ := db.GetOrganisation(w.asAdminA(), o.ID); got.City != w.orgA.City {
			t.Fatal("the change was kept although its audit entry failed")
		}
		if err := db.SetMembership(w.asAdminA(), account.Membership{UserID: w.caseA.ID, OrgID: w.orgA.ID, Role: auth.Supervisor}); err == nil {
			t.Fatal("the role change succeeded without its audit entry")
		}
		sameSnapshot(t, before, snapshot(t, db))
		// Organisation B's chain is independent.
		o = w.orgB
		o.City = "Villeurbanne"
		must(t, db.UpdateOrganisation(w.asAdminB(), o))

		// A change refused by the database leaves no audit entry.
		before = snapshot(t, db)
		dup := account.User{Email: w.caseB.Email, DisplayName: "Doublon"}
		wantErr(t, db.CreateUser(w.asAdminB(), &dup, []account.Membership{{OrgID: w.orgB.ID, Role: auth.Caseworker}}), ErrConflict)
		sameSnapshot(t, before, snapshot(t, db))
	})
}

func TestVerifyAudit(t *testing.T) {
	// tamper damages a chain of at least 5 entries; want is the sequence
	// number VerifyAudit must name.
	cases := []struct {
		name   string
		tamper func(t *testing.T, db *DB, org uuid.UUID, last int64) int64
	}{
		{"untouched", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 { return 0 }},
		{"edited", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `UPDATE audit_log SET ip = '10.0.0.66' WHERE organisation_id = $1 AND seq = 3`, org)
			return 3
		}},
		{"edited and rehashed", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			e := entryAt(t, db, org, 2)
			e.Detail = "fields=name"
			exec(t, db, `UPDATE audit_log SET detail = $1, hash = $2 WHERE organisation_id = $3 AND seq = 2`,
				e.Detail, audit.ComputeHash(e), org)
			return 3 // entry 2 is self-consistent; entry 3 no longer links to it
		}},
		{"deleted middle", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `DELETE FROM audit_log WHERE organisation_id = $1 AND seq = 2`, org)
			return 2
		}},
		{"deleted first", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `DELETE FROM audit_log WHERE organisation_id = $1 AND seq = 1`, org)
			return 1
		}},
		{"deleted last", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `DELETE FROM audit_log WHERE organisation_id = $1 AND seq = $2`, org, last)
			return last
		}},
		{"deleted last two", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `DELETE FROM audit_log WHERE organisation_id = $1 AND seq >= $2`, org, last-1)
			return last - 1
		}},
		{"last replaced", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			e := entryAt(t, db, org, last)
			e.Action = "login.success"
			exec(t, db, `UPDATE audit_log SET action = $1, hash = $2 WHERE organisation_id = $3 AND seq = $4`,
				e.Action, audit.ComputeHash(e), org, last)
			return last
		}},
		{"forged entry appended", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			prev := entryAt(t, db, org, last)
			e := audit.Entry{OrgID: org, At: time.Now(), Action: "case.read", RecordType: "case", RecordID: "forged"}
			audit.Seal(&e, &prev)
			exec(t, db, `INSERT INTO audit_log (organisation_id, seq, at, actor_id, action, record_type, record_id, ip,
				detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				e.OrgID, e.Seq, e.At, e.ActorID, e.Action, e.RecordType, e.RecordID, e.IP, e.Detail, e.PrevHash, e.Hash)
			return last + 1
		}},
		{"whole chain deleted", func(t *testing.T, db *DB, org uuid.UUID, last int64) int64 {
			exec(t, db, `DELETE FROM audit_log WHERE organisation_id = $1`, org)
			return 1
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, db *DB) {
				w := newWorld(t, db)
				for i := range 3 {
					must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i)}))
				}
				total := int64(count(t, db, "audit_log"))
				n, err := db.VerifyAudit(w.asPlatform())
				must(t, err)
				if n != total {
					t.Fatalf("checked %d of %d", n, total)
				}
				last := lastAudit(t, db, w.orgA.ID).Seq
				want := c.tamper(t, db, w.orgA.ID, last)
				_, err = db.VerifyAudit(w.sys)
				if want == 0 {
					must(t, err)
					return
				}
				var b *audit.Break
				if !errors.As(err, &b) {
					t.Fatalf("want an *audit.Break, got %v", err)
				}
				if b.OrgID != w.orgA.ID || b.Seq != want {
					t.Fatalf("break at %s/%d (%s), want %d", b.OrgID, b.Seq, b.Code, want)
				}
			})
		})
	}
}

func TestVerifyAuditNeedsAdmin(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		_, err := db.VerifyAudit(w.asAdminA())
		wantErr(t, err, ErrForbidden)
		_, err = db.VerifyAudit(context.Background())
		wantErr(t, err, ErrForbidden)
	})
}

func exec(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	res, err := db.w.Exec(q, args...)
	must(t, err)
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("tampering changed nothing: %s", q)
	}
}

func entryAt(t *testing.T, db *DB, org uuid.UUID, seq int64) audit.Entry {
	t.Helper()
	rows, err := db.r.Query(`SELECT organisation_id, seq, at, actor_id, action, record_type, record_id, ip, detail,
		prev_hash, hash FROM audit_log WHERE organisation_id = $1 AND seq = $2`, org, seq)
	must(t, err)
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no entry %d", seq)
	}
	e, err := scanEntry(rows)
	must(t, err)
	return e
}

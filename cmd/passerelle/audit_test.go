package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
)

// TestAuditVerifyCatchesTamperings: each tampering is raw SQL on the
// database file followed by what a forger without the key can redo (chains
// rehashed, heads moved back, leaves renumbered, the tree recomputed);
// audit verify, given the public key alone, says BROKEN and where.
func TestAuditVerifyCatchesTamperings(t *testing.T) {
	cases := []struct{ name, sql, want string }{
		{"last 10 entries deleted, heads moved back",
			"DELETE FROM audit_log WHERE leaf >= (SELECT MAX(leaf) - 9 FROM audit_log)", "(truncated)"},
		{"an organisation's whole chain and head deleted",
			"DELETE FROM audit_log WHERE organisation_id = (SELECT organisation_id FROM audit_log GROUP BY organisation_id ORDER BY COUNT(*) DESC LIMIT 1)", "the whole chain is missing from the log"},
		{"an entry edited, the chain recomputed",
			"UPDATE audit_log SET actor_id = '00000000-0000-0000-0000-000000000000', ip = '10.0.0.66' WHERE leaf = 5", "was rewritten"},
		{"every entry of one action deleted, the chain recomputed",
			"DELETE FROM audit_log WHERE action = 'consent.give'", "are missing from the log: the checkpoint signed at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := seeded(t)
			// No master key anywhere: verification needs only audit.pub.
			if err := os.Rename(filepath.Join(dir, "master.key"), filepath.Join(t.TempDir(), "master.key")); err != nil {
				t.Fatal(err)
			}
			if code, out, errs := run(t, "audit", "verify", "--data", dir); code != 0 || !strings.Contains(out, "intact") {
				t.Fatalf("untouched: %d %s %s", code, out, errs)
			}
			db, err := sql.Open("sqlite", filepath.Join(dir, "passerelle.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			res, err := db.Exec(c.sql)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatal("the tampering changed nothing")
			}
			forge(t, db)
			code, out, _ := run(t, "audit", "verify", "--data", dir)
			if code != 1 || !strings.Contains(out, "BROKEN") || !strings.Contains(out, c.want) {
				t.Fatalf("want BROKEN ... %q, got %d %s", c.want, code, out)
			}
		})
	}
}

// TestAuditVerifyRefusesForeignCheckpoints: a checkpoint file edited, or
// signed with another key, is refused and named.
func TestAuditVerifyRefusesForeignCheckpoints(t *testing.T) {
	dir := seeded(t)
	cps := filepath.Join(dir, audit.CheckpointDir)
	files, err := audit.ReadCheckpointFiles(cps)
	if err != nil || len(files) == 0 {
		t.Fatalf("no checkpoint after the demo: %v", err)
	}
	lines := strings.SplitN(string(files[0].Data), "\n", 3)
	lines[1] = "1"
	os.WriteFile(filepath.Join(cps, "2001-01-01T00.checkpoint"), []byte(strings.Join(lines, "\n")), 0o600)
	code, out, _ := run(t, "audit", "verify", "--data", dir)
	if code != 1 || !strings.Contains(out, "2001-01-01T00.checkpoint: refused") {
		t.Fatalf("edited checkpoint: %d %s", code, out)
	}
	os.Remove(filepath.Join(cps, "2001-01-01T00.checkpoint"))
	// The whole data folder signed anew by someone with another key: the
	// operator's own copy of the public key refuses it.
	pub := filepath.Join(t.TempDir(), "audit.pub")
	b, _ := os.ReadFile(filepath.Join(dir, audit.PublicKeyFile))
	os.WriteFile(pub, b, 0o600)
	seed := uuid.New()
	other, err := audit.NewSigner(append(seed[:], seed[:]...))
	if err != nil {
		t.Fatal(err)
	}
	c, err := audit.OpenCheckpoint(files[0].Data, mustKeys(t, b))
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := other.Sign(c)
	os.WriteFile(files[0].Path, forged, 0o600)
	os.WriteFile(filepath.Join(dir, audit.PublicKeyFile), []byte(other.PublicKey()+"\n"), 0o644)
	code, out, _ = run(t, "audit", "verify", "--data", dir, "--public-key", pub)
	if code != 1 || !strings.Contains(out, "refused") {
		t.Fatalf("checkpoint signed with another key: %d %s", code, out)
	}
}

func mustKeys(t *testing.T, b []byte) audit.Verifiers {
	t.Helper()
	k, err := audit.ParsePublicKeys(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// forge recomputes everything inside the database after a tampering, as
// anyone with the file can: chains, heads, leaf numbers and the tree.
func forge(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT organisation_id, seq, at, actor_id, action, record_type, record_id, ip, detail
		FROM audit_log ORDER BY leaf IS NULL, leaf, organisation_id, seq`)
	if err != nil {
		t.Fatal(err)
	}
	var es []audit.Entry
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&e.OrgID, &e.Seq, &e.At, &e.ActorID, &e.Action, &e.RecordType, &e.RecordID, &e.IP, &e.Detail); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	rows.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(`DELETE FROM audit_log`)
	mustExec(`DELETE FROM audit_heads`)
	heads := map[uuid.UUID]*audit.Entry{}
	var edge audit.Edge
	for i := range es {
		e := &es[i]
		audit.Seal(e, heads[e.OrgID])
		heads[e.OrgID] = e
		mustExec(`INSERT INTO audit_log (organisation_id, seq, at, actor_id, action, record_type, record_id, ip, detail,
			prev_hash, hash, leaf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			e.OrgID, e.Seq, e.At, e.ActorID, e.Action, e.RecordType, e.RecordID, e.IP, e.Detail, e.PrevHash, e.Hash, i)
		edge.Append(audit.LeafHash(*e))
	}
	for org, h := range heads {
		mustExec(`INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, $2, $3)`, org, h.Seq, h.Hash)
	}
	root := edge.Root()
	mustExec(`UPDATE audit_tree SET size = $1, root = $2, edge = $3`, edge.Size, root[:], edge.MarshalBinary())
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

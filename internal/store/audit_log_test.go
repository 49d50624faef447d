package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/fixture"
)

// auditDB is a database opened with a data folder (where checkpoints and
// audit.pub go), on SQLite or PostgreSQL.
type auditDB struct {
	*DB
	cfg Config
}

// eachAuditDB runs fn on SQLite and, when configured, PostgreSQL, each with
// its own data folder.
func eachAuditDB(t *testing.T, fn func(t *testing.T, db auditDB)) {
	t.Helper()
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		cfg := Config{DataDir: t.TempDir()}
		fn(t, auditDB{openCfg(t, cfg), cfg})
	})
	t.Run("postgres", func(t *testing.T) {
		cfg := Config{DataDir: t.TempDir(), DatabaseURL: fixture.PostgresDatabase(t)}
		fn(t, auditDB{openCfg(t, cfg), cfg})
	})
}

func openCfg(t *testing.T, cfg Config) *DB {
	t.Helper()
	return openTest(t, cfg)
}

// source is what audit verify reads: the database and the checkpoint
// folders, with the public key taken from audit.pub alone.
func (db auditDB) source(t *testing.T) AuditSource { return db.sourceB(t) }

func (db auditDB) sourceB(t testing.TB) AuditSource {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(db.cfg.DataDir, audit.PublicKeyFile))
	must(t, err)
	keys, err := audit.ParsePublicKeys(b)
	must(t, err)
	return AuditSource{Config: db.cfg, Checkpoints: auditDirs(db.cfg), Keys: keys}
}

func (db auditDB) verify(t *testing.T) audit.Report {
	t.Helper()
	r, err := VerifyAuditLog(context.Background(), db.source(t))
	must(t, err)
	return r
}

// fill writes entries to both organisations' chains, exports among them,
// and checkpoints the log.
func fill(t *testing.T, db auditDB, w *world) {
	t.Helper()
	for i := range 12 {
		must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint("a-", i)}))
		if i%4 == 0 {
			must(t, db.Audit(w.asSuperA(), audit.Entry{Action: "case.export", RecordType: "case", Detail: "format=csv"}))
			must(t, db.Audit(w.asCaseB(), audit.Entry{Action: "case.export", RecordType: "case", Detail: "format=xlsx"}))
		}
		must(t, db.Audit(w.asCaseB(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint("b-", i)}))
	}
	_, err := db.CheckpointAudit(context.Background())
	must(t, err)
}

func TestAuditLogIntactVerifies(t *testing.T) {
	eachAuditDB(t, func(t *testing.T, db auditDB) {
		w := newWorld(t, db.DB)
		fill(t, db, w)
		r := db.verify(t)
		total := int64(count(t, db.DB, "audit_log"))
		if !r.Intact() || r.Leaves+r.Pending != total || r.Checkpoints == 0 || r.Latest == nil {
			t.Fatalf("intact log: %+v of %d entries", r, total)
		}
		// Entries written after the checkpoint are checked by their chains
		// and are no error; the next checkpoint covers them.
		must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "logout"}))
		if r := db.verify(t); !r.Intact() {
			t.Fatalf("after a new entry: %v", r.Findings)
		}
		c, err := db.CheckpointAudit(context.Background())
		must(t, err)
		if c.Size != total+1 {
			t.Fatalf("checkpoint of %d entries, want %d", c.Size, total+1)
		}
		if r := db.verify(t); !r.Intact() || r.Latest.Size != c.Size || r.Pending != 0 {
			t.Fatalf("after the second checkpoint: %+v", r)
		}
	})
}

// TestAuditLogTamperings: each tampering is done with raw SQL, then the
// forger recomputes everything the database holds (chains, heads, leaf
// numbers, the tree), which needs no key; the signed checkpoints outside
// the database still tell.
func TestAuditLogTamperings(t *testing.T) {
	// has reports whether a finding names org (any when uuid.Nil) and says what.
	has := func(r audit.Report, org uuid.UUID, what string) bool {
		for _, f := range r.Findings {
			if (org == uuid.Nil || f.OrgID == org) && strings.Contains(f.String(), what) {
				return true
			}
		}
		return false
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, db auditDB, w *world, size int64)
		check  func(r audit.Report, w *world, size int64) bool
	}{
		{"last 10 entries deleted, heads moved back", func(t *testing.T, db auditDB, w *world, size int64) {
			exec(t, db.DB, `DELETE FROM audit_log WHERE leaf >= $1`, size-10)
		}, func(r audit.Report, w *world, size int64) bool {
			return has(r, uuid.Nil, fmt.Sprintf("log leaves %d to %d", size-10, size-1)) &&
				has(r, uuid.Nil, "(truncated)") && (has(r, w.orgA.ID, "missing from the log") || has(r, w.orgB.ID, "missing from the log"))
		}},
		{"an organisation's whole chain and head deleted", func(t *testing.T, db auditDB, w *world, size int64) {
			exec(t, db.DB, `DELETE FROM audit_log WHERE organisation_id = $1`, w.orgB.ID)
			exec(t, db.DB, `DELETE FROM audit_heads WHERE organisation_id = $1`, w.orgB.ID)
		}, func(r audit.Report, w *world, size int64) bool {
			return r.Findings[0].OrgID == w.orgB.ID && has(r, w.orgB.ID, "entry 1, checkpoint") &&
				has(r, w.orgB.ID, "the whole chain is missing from the log")
		}},
		{"an entry edited, the chain recomputed", func(t *testing.T, db auditDB, w *world, size int64) {
			exec(t, db.DB, `UPDATE audit_log SET detail = 'format=pdf' WHERE action = 'case.export' AND organisation_id = $1 AND detail = 'format=csv'`, w.orgA.ID)
		}, func(r audit.Report, w *world, size int64) bool {
			return r.Findings[0].OrgID == w.orgA.ID && has(r, w.orgA.ID, "rewritten") && !has(r, w.orgB.ID, "") &&
				has(r, uuid.Nil, "the log differs from the checkpoint")
		}},
		{"every case.export deleted, the chain recomputed", func(t *testing.T, db auditDB, w *world, size int64) {
			exec(t, db.DB, `DELETE FROM audit_log WHERE action = 'case.export'`)
		}, func(r audit.Report, w *world, size int64) bool {
			// Three exports in each chain: each chain is three entries short.
			return has(r, w.orgA.ID, "missing from the log") && has(r, w.orgB.ID, "missing from the log") &&
				has(r, uuid.Nil, "the log holds 32 entries but the checkpoint")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachAuditDB(t, func(t *testing.T, db auditDB) {
				w := newWorld(t, db.DB)
				fill(t, db, w)
				size := int64(count(t, db.DB, "audit_log"))
				c.tamper(t, db, w, size)
				reseal(t, db.DB)
				r := db.verify(t)
				if r.Intact() || !c.check(r, w, size) {
					t.Fatalf("findings: %v", r.Findings)
				}
				// The server will not sign over the shortened or rewritten log.
				if _, err := db.CheckpointAudit(context.Background()); !errors.Is(err, ErrAuditBehind) {
					t.Fatalf("checkpoint over a tampered log: %v", err)
				}
			})
		})
	}
}

// TestAuditLogNamesANaiveEdit: when the chain was not recomputed, the
// entry itself is named.
func TestAuditLogNamesANaiveEdit(t *testing.T) {
	eachAuditDB(t, func(t *testing.T, db auditDB) {
		w := newWorld(t, db.DB)
		fill(t, db, w)
		exec(t, db.DB, `UPDATE audit_log SET ip = '10.0.0.66' WHERE organisation_id = $1 AND seq = 3`, w.orgA.ID)
		r := db.verify(t)
		var named bool
		for _, f := range r.Findings {
			named = named || (f.OrgID == w.orgA.ID && f.Seq == 3)
		}
		if !named {
			t.Fatalf("entry 3 not named: %v", r.Findings)
		}
	})
}

func TestAuditCheckpointFilesRefused(t *testing.T) {
	eachAuditDB(t, func(t *testing.T, db auditDB) {
		w := newWorld(t, db.DB)
		fill(t, db, w)
		dir := auditDirs(db.cfg)[0]
		files, err := audit.ReadCheckpointFiles(dir)
		must(t, err)
		if len(files) != 1 {
			t.Fatalf("%d checkpoint files", len(files))
		}
		// Edited: the size lowered to hide a truncation to come.
		edited := strings.Replace(string(files[0].Data), fmt.Sprintf("\n%d\n", count(t, db.DB, "audit_log")), "\n3\n", 1)
		if edited == string(files[0].Data) {
			t.Fatal("the edit changed nothing")
		}
		must(t, os.WriteFile(filepath.Join(dir, "2020-01-01T00.checkpoint"), []byte(edited), 0o600))
		// Signed with another key (a forger's).
		var seed [32]byte
		rand.Read(seed[:])
		other, err := audit.NewSigner(seed[:])
		must(t, err)
		forged, err := other.Sign(audit.Checkpoint{Size: 2, At: w.orgA.CreatedAt})
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, "2020-01-01T01.checkpoint"), forged, 0o600))
		r := db.verify(t)
		var refused []string
		for _, f := range r.Findings {
			if strings.Contains(f.String(), "refused") {
				refused = append(refused, filepath.Base(f.File))
			}
		}
		if len(r.Findings) != 2 || len(refused) != 2 || refused[0] != "2020-01-01T00.checkpoint" || refused[1] != "2020-01-01T01.checkpoint" {
			t.Fatalf("findings: %v", r.Findings)
		}
		if r.Checkpoints != 1 {
			t.Fatalf("the genuine checkpoint was not checked: %+v", r)
		}
	})
}

// TestAuditCheckpointsGoToTheConfiguredFolder: the extra folder (beside the
// backups) gets every checkpoint, and alone it is enough to catch a
// truncation after the data folder's checkpoints were deleted.
func TestAuditCheckpointsGoToTheConfiguredFolder(t *testing.T) {
	extra := t.TempDir()
	cfg := Config{DataDir: t.TempDir(), AuditCheckpointDir: extra}
	db := auditDB{openCfg(t, cfg), cfg}
	w := newWorld(t, db.DB)
	fill(t, db, w)
	for _, dir := range auditDirs(cfg) {
		if files, err := audit.ReadCheckpointFiles(dir); err != nil || len(files) != 1 {
			t.Fatalf("%s: %d files, %v", dir, len(files), err)
		}
	}
	must(t, os.RemoveAll(filepath.Join(cfg.DataDir, audit.CheckpointDir)))
	size := count(t, db.DB, "audit_log")
	exec(t, db.DB, `DELETE FROM audit_log WHERE leaf >= $1`, size-1)
	reseal(t, db.DB)
	if r := db.verify(t); r.Intact() || !strings.Contains(fmt.Sprint(r.Findings), "(truncated)") {
		t.Fatalf("findings: %v", r.Findings)
	}
}

// TestAuditVerifiesABackupCopy: a copy is verified read-only, from its file,
// with the public key; checkpoints newer than the copy are not a truncation.
func TestAuditVerifiesABackupCopy(t *testing.T) {
	cfg := Config{DataDir: t.TempDir()}
	db := auditDB{openCfg(t, cfg), cfg}
	w := newWorld(t, db.DB)
	fill(t, db, w)
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	c, err := db.CheckpointAudit(context.Background())
	must(t, err)
	must(t, db.Backup(context.Background(), copyFile))
	must(t, db.WriteAuditCheckpoint(c, copyFile+audit.CopyCheckpointExt))
	fill(t, db, w) // a newer checkpoint than the copy (the same hour: the same file)
	src := db.source(t)
	src.File = copyFile
	r, err := VerifyAuditLog(context.Background(), src)
	must(t, err)
	if !r.Intact() || r.Leaves == 0 || r.Checkpoints != 1 || r.Newer != 1 {
		t.Fatalf("copy: %+v", r)
	}
	// A copy shortened after the fact is caught by its own checkpoint.
	cut, err := sql.Open("sqlite", copyFile)
	must(t, err)
	_, err = cut.Exec(`DELETE FROM audit_log WHERE leaf = (SELECT MAX(leaf) FROM audit_log)`)
	must(t, err)
	cut.Close()
	r, err = VerifyAuditLog(context.Background(), src)
	must(t, err)
	if r.Intact() || !strings.Contains(fmt.Sprint(r.Findings), "truncated") {
		t.Fatalf("shortened copy: %+v", r)
	}
	// The copy was not written to.
	if _, err := os.Stat(copyFile + "-wal"); err == nil {
		t.Fatal("verifying the copy wrote to it")
	}
}

// reseal is the forger's work after a raw SQL tampering: every chain
// renumbered and rehashed, heads reset, leaves renumbered and the tree
// recomputed, so that nothing inside the database disagrees.
func reseal(t *testing.T, db *DB) {
	t.Helper()
	rows, err := db.w.Query(`SELECT ` + auditColumns + ` FROM audit_log ORDER BY leaf IS NULL, leaf, organisation_id, seq`)
	must(t, err)
	var es []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		must(t, err)
		es = append(es, e)
	}
	rows.Close()
	must(t, rows.Err())
	tx, err := db.w.Begin()
	must(t, err)
	defer tx.Rollback()
	_, err = tx.Exec(`DELETE FROM audit_log`)
	must(t, err)
	_, err = tx.Exec(`DELETE FROM audit_heads`)
	must(t, err)
	heads := map[uuid.UUID]*audit.Entry{}
	var edge audit.Edge
	for i := range es {
		e := &es[i]
		audit.Seal(e, heads[e.OrgID])
		heads[e.OrgID] = e
		_, err := tx.Exec(`INSERT INTO audit_log (organisation_id, seq, at, actor_id, action, record_type, record_id, ip,
			detail, prev_hash, hash, leaf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			e.OrgID, e.Seq, e.At, e.ActorID, e.Action, e.RecordType, e.RecordID, e.IP, e.Detail, e.PrevHash, e.Hash, i)
		must(t, err)
		edge.Append(audit.LeafHash(*e))
	}
	for org, h := range heads {
		_, err := tx.Exec(`INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, $2, $3)`, org, h.Seq, h.Hash)
		must(t, err)
	}
	root := edge.Root()
	_, err = tx.Exec(`UPDATE audit_tree SET size = $1, root = $2, edge = $3`, edge.Size, root[:], edge.MarshalBinary())
	must(t, err)
	must(t, tx.Commit())
}

// TestAuditLogConcurrentWritersAndServers: writers of several organisations
// run while integrations run, in PostgreSQL from two store handles (two
// servers on one database, each with its own data folder); every entry ends
// in the log once and the log verifies against both servers' checkpoints.
func TestAuditLogConcurrentWritersAndServers(t *testing.T) {
	eachAuditDB(t, func(t *testing.T, db auditDB) {
		w := newWorld(t, db.DB)
		servers := []auditDB{db}
		if db.Dialect() == Postgres {
			cfg := Config{DataDir: t.TempDir(), DatabaseURL: db.cfg.DatabaseURL}
			servers = append(servers, auditDB{openCfg(t, cfg), cfg})
		}
		ctxs := []context.Context{w.asCaseA(), w.asCaseB(), w.asSuperA(), w.asAdminB()}
		errc := make(chan error, len(ctxs)*len(servers)+len(servers))
		for i, ctx := range ctxs {
			s := servers[i%len(servers)]
			go func() {
				for j := range 40 {
					if err := s.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i, "-", j)}); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		for _, s := range servers {
			go func() {
				for range 10 {
					if _, err := s.CheckpointAudit(context.Background()); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		for range len(ctxs) + len(servers) {
			must(t, <-errc)
		}
		for _, s := range servers {
			_, err := s.CheckpointAudit(context.Background())
			must(t, err)
		}
		src := db.source(t)
		for _, s := range servers[1:] {
			src.Checkpoints = append(src.Checkpoints, auditDirs(s.cfg)...)
		}
		r, err := VerifyAuditLog(context.Background(), src)
		must(t, err)
		total := int64(count(t, db.DB, "audit_log"))
		if !r.Intact() || r.Leaves != total || r.Pending != 0 || r.Latest.Size != total {
			t.Fatalf("%d entries: %+v", total, r)
		}
	})
}

// TestAuditCheckpointAtClose: a process that writes and closes (a command,
// a server stopping) leaves a checkpoint covering every entry it wrote.
func TestAuditCheckpointAtClose(t *testing.T) {
	cfg := Config{DataDir: t.TempDir()}
	db, err := Open(context.Background(), cfg, testMaster)
	must(t, err)
	w := newWorld(t, db)
	must(t, db.Audit(w.asCaseA(), audit.Entry{Action: "logout"}))
	total := int64(count(t, db, "audit_log"))
	must(t, db.Close())
	r := auditDB{nil, cfg}.verify(t)
	if !r.Intact() || r.Latest == nil || r.Latest.Size != total || r.Pending != 0 {
		t.Fatalf("after close: %+v, %d entries", r, total)
	}
}

// TestAuditLogIntegratesOlderEntries: entries written before the log
// existed (an upgraded database: no leaf, an empty tree, no checkpoint) are
// integrated at the first start and verify.
func TestAuditLogIntegratesOlderEntries(t *testing.T) {
	eachAuditDB(t, func(t *testing.T, db auditDB) {
		w := newWorld(t, db.DB)
		fill(t, db, w)
		must(t, db.Close())
		// As migration 00008 leaves an older database.
		old, err := Open(context.Background(), db.cfg, testMaster)
		must(t, err)
		old.auditLog.mu.Lock() // its integrator waits while the database is made old
		_, err = old.w.Exec(`UPDATE audit_log SET leaf = NULL`)
		must(t, err)
		_, err = old.w.Exec(`UPDATE audit_tree SET size = 0, root = $1, edge = $1`, []byte{})
		must(t, err)
		_, err = old.w.Exec(`DELETE FROM audit_tree_chains`)
		must(t, err)
		must(t, os.RemoveAll(auditDirs(db.cfg)[0]))
		old.auditLog.checked, old.auditLog.signed = false, nil
		old.auditLog.mu.Unlock()
		_, err = old.CheckpointAudit(context.Background())
		must(t, err)
		r := auditDB{old, db.cfg}.verify(t)
		if !r.Intact() || r.Leaves != int64(count(t, old, "audit_log")) {
			t.Fatalf("upgraded: %+v", r)
		}
		must(t, old.Close())
	})
}

package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/fixture"
)

// The Merkle log's cost, on SQLite and (when configured) PostgreSQL:
//
//	go test -run '^$' -bench 'AuditLog' -benchmem ./internal/store/
//
// AuditLogWrite is one audited write as the server does it (the chain
// append in the transaction, the integration and signed checkpoints in the
// background), the last checkpoint included; compare BenchmarkAuditAppend.
// AuditLogIntegrate is the background work alone, per entry.

func benchDBs(b *testing.B, fn func(b *testing.B, db auditDB)) {
	b.Run("sqlite", func(b *testing.B) {
		cfg := Config{DataDir: b.TempDir()}
		fn(b, auditDB{openTest(b, cfg), cfg})
	})
	b.Run("postgres", func(b *testing.B) {
		if !fixture.PostgresConfigured() {
			b.Skip("no PostgreSQL")
		}
		cfg := Config{DataDir: b.TempDir(), DatabaseURL: fixture.PostgresDatabase(b)}
		fn(b, auditDB{openTest(b, cfg), cfg})
	})
}

func BenchmarkAuditLogWrite(b *testing.B) {
	benchDBs(b, func(b *testing.B, db auditDB) {
		w := newWorld(b, db.DB)
		ctx := w.asCaseA()
		e := audit.Entry{Action: "case.read", RecordType: "case", RecordID: "0192f1c4-7d1e-7a3b-9c2d-5e6f7a8b9c0d"}
		for b.Loop() {
			if err := db.Audit(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := db.CheckpointAudit(context.Background()); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkAuditLogIntegrate(b *testing.B) {
	benchDBs(b, func(b *testing.B, db auditDB) {
		w := newWorld(b, db.DB)
		ctx := w.asCaseA()
		l := db.auditLog
		const batch = 1000
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			l.mu.Lock() // the background integrator waits: the batch is integrated below
			for j := range batch {
				if err := db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i, "-", j)}); err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
			for {
				_, _, n, err := l.integrate(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
			l.mu.Unlock()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/entry")
	})
}

func BenchmarkAuditLogVerify(b *testing.B) {
	benchDBs(b, func(b *testing.B, db auditDB) {
		w := newWorld(b, db.DB)
		ctx := w.asCaseA()
		for i := range 10000 {
			if err := db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i)}); err != nil {
				b.Fatal(err)
			}
		}
		_, err := db.CheckpointAudit(context.Background())
		must(b, err)
		src := db.sourceB(b)
		for b.Loop() {
			r, err := VerifyAuditLog(context.Background(), src)
			if err != nil || !r.Intact() {
				b.Fatal(err, r.Findings)
			}
			b.ReportMetric(float64(r.Leaves+r.Pending), "entries/op")
		}
	})
}

package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// Benchmarks run on SQLite (the default deployment):
//
//	go test -run '^$' -bench . -benchmem ./internal/store/

func BenchmarkCreateUser(b *testing.B) {
	db := openTestSQLite(b)
	w := newWorld(b, db)
	ctx := w.asAdminA()
	ms := []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}
	for i := 0; b.Loop(); i++ {
		u := account.User{Email: fmt.Sprintf("agent.%d@espoir-niamey.example", i), DisplayName: "Agent de terrain"}
		if err := db.CreateUser(ctx, &u, ms); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuditAppend(b *testing.B) {
	db := openTestSQLite(b)
	w := newWorld(b, db)
	ctx := w.asCaseA()
	e := audit.Entry{Action: "case.read", RecordType: "case", RecordID: "0192f1c4-7d1e-7a3b-9c2d-5e6f7a8b9c0d"}
	for b.Loop() {
		if err := db.Audit(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetOrganisation(b *testing.B) {
	db := openTestSQLite(b)
	w := newWorld(b, db)
	ctx := w.asCaseA()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.GetOrganisation(ctx, w.orgA.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkVerifyAudit(b *testing.B) {
	db := openTestSQLite(b)
	w := newWorld(b, db)
	ctx := w.asCaseA()
	for i := range 10000 {
		if err := db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
	}
	sys := context.Background()
	sys = auth.WithActor(sys, auth.SystemActor())
	for b.Loop() {
		n, err := db.VerifyAudit(sys)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "entries/op")
	}
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// BenchmarkAdminAuditPage serves the first page (50 entries) of a trail of
// 1,000 entries, with the actor names resolved: the page an organisation
// administrator opens most.
func BenchmarkAdminAuditPage(b *testing.B) {
	e := newAdmEnv(b)
	cw := e.users["A.caseworker"]
	ctx := auth.WithActor(context.Background(), auth.Actor{UserID: cw.ID, OrgID: e.orgA.ID, Role: auth.Caseworker, IP: "192.0.2.7"})
	for i := range 1000 {
		if err := e.db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprintf("case-%04d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	c := e.client("A.org_admin", "fr")
	b.ResetTimer()
	for b.Loop() {
		if code, _ := c.get("/admin/audit?type=case&page=3"); code != http.StatusOK {
			b.Fatal(code)
		}
	}
}

// BenchmarkAdminDirectory serves the directory of a 300-organisation network
// filtered by country.
func BenchmarkAdminDirectory(b *testing.B) {
	e := newAdmEnv(b)
	types := account.OrgTypes
	countries := []string{"NGA", "NER", "SEN", "MLI", "CIV", "GHA", "BEN", "TGO", "BFA", "FRA", "ITA", "ESP", "DEU", "BEL", "AUT"}
	for i := range 300 {
		o := account.Organisation{Name: fmt.Sprintf("Réseau d'entraide %03d", i), Type: types[i%len(types)],
			Country: countries[i%len(countries)], City: "Ville", Email: fmt.Sprintf("contact%03d@reseau.example", i)}
		if err := e.db.CreateOrganisation(e.sys(), &o); err != nil {
			b.Fatal(err)
		}
	}
	c := e.client("A.caseworker", "fr")
	b.ResetTimer()
	for b.Loop() {
		if code, _ := c.get("/directory?country=NER"); code != http.StatusOK {
			b.Fatal(code)
		}
	}
}

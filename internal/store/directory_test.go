package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// asCoordinator is a coordinator of a third organisation (a ministry).
func (w *world) asCoordinator(t testing.TB) context.Context {
	t.Helper()
	o := account.Organisation{Name: "Agence nationale de lutte contre la traite", Type: account.CentralGovernmentOrganisation, Country: "NER"}
	must(t, w.db.CreateOrganisation(w.sys, &o))
	u := account.User{Email: "coord@anltp.example", DisplayName: "Halima Souley", Lang: "fr",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}
	must(t, w.db.CreateUser(w.sys, &u, []account.Membership{{OrgID: o.ID, Role: auth.Coordinator}}))
	return w.as(u, o.ID, auth.Coordinator)
}

func directoryCounts(t testing.TB, db *DB) map[string]int {
	t.Helper()
	return fixture.RowCounts(t, db.w, "organisations", "directory_profiles", "directory_services",
		"directory_countries", "directory_languages", "audit_log")
}

// shelterProfile: a shelter in Lyon for women, accepting referrals.
func shelterProfile(org uuid.UUID) directory.Profile {
	return directory.Profile{OrgID: org,
		Services: []directory.Offer{
			{Service: directory.Shelter, Populations: []directory.Population{directory.Women, directory.Children}},
			{Service: directory.LegalAssistance},
		},
		Countries:        []directory.Operation{{Country: "FRA", Roles: []directory.Role{directory.Destination}}},
		Languages:        []string{"fr", "en"},
		Hours:            []directory.Opening{{Day: directory.Monday, Opens: "09:00", Closes: "17:00"}},
		Capacity:         directory.Capacity{Places: ptr(24), Available: ptr(3)},
		AcceptsReferrals: true,
	}
}

func TestDirectoryProfileEditAndScope(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.asCoordinator(t)
		p := shelterProfile(w.orgB.ID)

		// An org_admin edits their own profile only; another organisation's
		// is not found, and a caseworker may not edit at all.
		before := directoryCounts(t, db)
		wantErr(t, db.UpdateDirectoryProfile(w.asAdminA(), p), ErrNotFound)
		wantErr(t, db.UpdateDirectoryProfile(w.asCaseB(), p), ErrForbidden)
		wantErr(t, db.UpdateDirectoryProfile(context.Background(), p), ErrForbidden)
		fixture.SameRowCounts(t, before, directoryCounts(t, db))

		must(t, db.UpdateDirectoryProfile(w.asAdminB(), p))
		got, err := db.DirectoryProfile(w.asCaseA(), w.orgB.ID)
		must(t, err)
		if ok, why := directory.Offers(got, directory.Shelter); !ok {
			t.Fatalf("shelter not offered: %s", why)
		}
		if ok, why := directory.Offers(got, directory.Health); ok || why != directory.NotOffered {
			t.Fatalf("health: %v %s", ok, why)
		}
		if !reflect.DeepEqual(got.Services, p.Services) || !reflect.DeepEqual(got.Languages, []string{"en", "fr"}) ||
			*got.Capacity.Available != 3 || got.Hours[0] != p.Hours[0] || got.UpdatedAt.IsZero() {
			t.Fatalf("stored %+v", got)
		}
		es, err := db.ListAudit(w.asAdminB(), w.orgB.ID, AuditFilter{ActionPrefix: "directory."})
		must(t, err)
		if len(es) != 1 || es[0].Action != "directory.update" || es[0].ActorID != w.adminB.ID {
			t.Fatalf("audit %+v", es)
		}

		// A coordinator curates anyone's: stop accepting referrals.
		p.AcceptsReferrals = false
		must(t, db.UpdateDirectoryProfile(coord, p))
		got, _ = db.DirectoryProfile(w.asCaseA(), w.orgB.ID)
		if ok, why := directory.Offers(got, directory.Shelter); ok || why != directory.NotAccepting {
			t.Fatalf("after curation: %v %s", ok, why)
		}
		es, _ = db.ListAudit(w.asAdminB(), w.orgB.ID, AuditFilter{ActionPrefix: "directory."})
		if len(es) != 2 || es[0].Detail != "fields=accepts_referrals" {
			t.Fatalf("audit %+v", es)
		}
		// Saving the same profile again writes nothing.
		n := count(t, db, "audit_log")
		must(t, db.UpdateDirectoryProfile(coord, p))
		if count(t, db, "audit_log") != n {
			t.Fatal("an unchanged profile was audited")
		}
	})
}

func TestDirectoryProfileBadInput(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		before := directoryCounts(t, db)
		bad := directory.Profile{OrgID: w.orgB.ID,
			Services:  []directory.Offer{{Service: "massage"}, {Service: directory.Health, Populations: []directory.Population{"elderly"}}},
			Countries: []directory.Operation{{Country: "XYZ", Roles: []directory.Role{"hub"}}, {Country: "NER"}},
			Languages: []string{"klingon"},
			Hours:     []directory.Opening{{Day: "XX", Opens: "9", Closes: "25:00"}, {Day: "TU", Opens: "18:00", Closes: "09:00"}},
			Capacity:  directory.Capacity{Places: ptr(-1), Available: ptr(2)},
		}
		err := db.UpdateDirectoryProfile(w.asAdminB(), bad)
		var ves valid.Errors
		if !asErrors(err, &ves) {
			t.Fatalf("want valid.Errors, got %v", err)
		}
		for _, want := range [][2]string{
			{"services[1].service", directory.RuleUnknownService}, // Normalise orders known services first
			{"services[0].populations[0]", directory.RuleUnknownPopulation},
			{"countries[1].country", account.RuleCountry},
			{"countries[1].roles[0]", directory.RuleUnknownRole},
			{"countries[0].roles", directory.RuleCountryRoles},
			{"languages[0]", directory.RuleUnknownLanguage},
			{"hours[0].closes", directory.RuleTimeOrder},
			{"hours[1].day", directory.RuleUnknownDay},
			{"hours[1].opens", directory.RuleTime},
			{"capacity.places", account.RuleRange},
			{"capacity.available", directory.RuleAvailable},
		} {
			if !ves.Has(want[0], want[1]) {
				t.Errorf("no %s/%s in %v", want[0], want[1], ves)
			}
		}
		fixture.SameRowCounts(t, before, directoryCounts(t, db))
	})
}

func TestSearchDirectory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		must(t, db.UpdateDirectoryProfile(w.asAdminA(), directory.Profile{OrgID: w.orgA.ID,
			Services: []directory.Offer{
				{Service: directory.ReturnReintegration, Populations: []directory.Population{directory.Women, directory.Men}},
				{Service: directory.Shelter, Populations: []directory.Population{directory.Men}},
			},
			Countries: []directory.Operation{
				{Country: "NER", Roles: []directory.Role{directory.Transit}},
				{Country: "NGA", Roles: []directory.Role{directory.Source}},
			},
			Languages: []string{"ha", "fr"}, AcceptsReferrals: true,
		}))
		// An organisation without a profile is found by its own country only.
		o := account.Organisation{Name: "Centre médical Ahmadou", Type: account.HealthServiceOrganisation, Country: "FRA"}
		must(t, db.CreateOrganisation(w.sys, &o))

		names := func(f directory.Filter) []string {
			t.Helper()
			ls, err := db.SearchDirectory(w.asCaseA(), f)
			must(t, err)
			var out []string
			for _, l := range ls {
				out = append(out, l.Org.Name)
				if l.Org.Address != "" {
					t.Fatalf("address leaked: %+v", l.Org)
				}
			}
			return out
		}
		A, B, C := w.orgA.Name, w.orgB.Name, o.Name
		for _, c := range []struct {
			f    directory.Filter
			want []string
		}{
			{directory.Filter{}, []string{A, B, C}},
			{directory.Filter{Country: "fra"}, []string{B, C}},
			{directory.Filter{Country: "NGA"}, []string{A}},
			{directory.Filter{Service: directory.Shelter}, []string{A, B}},
			{directory.Filter{Service: directory.Shelter, Population: directory.Women}, []string{B}},
			{directory.Filter{Service: directory.LegalAssistance, Population: directory.LGBTQI}, []string{B}}, // for everyone
			{directory.Filter{Population: directory.Men}, []string{A, B}},                                     // B's legal assistance is for everyone
			{directory.Filter{Language: "hau"}, []string{A}},
			{directory.Filter{Country: "NER", Service: directory.Shelter, Population: directory.Women}, nil},
			{directory.Filter{Service: directory.Health}, nil},
			{directory.Filter{Accepting: true, Language: "fr"}, []string{A, B}},
		} {
			if got := names(c.f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%+v: got %v, want %v", c.f, got, c.want)
			}
			// The SQL and the domain's rule for lists in memory agree.
			all, err := db.SearchDirectory(w.asCaseA(), directory.Filter{})
			must(t, err)
			var inMemory []string
			f := c.f
			f.Normalise()
			for _, l := range all {
				if l.Matches(f) {
					inMemory = append(inMemory, l.Org.Name)
				}
			}
			if !reflect.DeepEqual(inMemory, c.want) {
				t.Errorf("%+v: Listing.Matches gives %v, want %v", c.f, inMemory, c.want)
			}
		}
		_, err := db.SearchDirectory(w.asCaseA(), directory.Filter{Service: "massage", Country: "ZZZ", Language: "klingon"})
		var ves valid.Errors
		if !asErrors(err, &ves) || !ves.Has("service", directory.RuleUnknownService) || !ves.Has("country", account.RuleCountry) ||
			!ves.Has("language", directory.RuleUnknownLanguage) {
			t.Fatalf("bad filters: %v", err)
		}
		if _, err := db.SearchDirectory(context.Background(), directory.Filter{}); err != ErrForbidden {
			t.Fatalf("no actor: %v", err)
		}
	})
}

func TestImportDirectoryAllOrNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.asCoordinator(t)
		good := directory.Listing{Org: account.Organisation{ID: uuid.New(), Name: "Maison d'Ellen", Type: account.Shelter,
			Country: "FRA", City: "Lyon"}, Profile: shelterProfile(uuid.Nil)}
		bad := directory.Listing{Org: account.Organisation{ID: uuid.New(), Name: "", Type: account.NGO, Country: "NGA"},
			Profile: directory.Profile{Services: []directory.Offer{{Service: "massage"}}}}
		before := directoryCounts(t, db)
		_, err := db.ImportDirectory(coord, []directory.Listing{good, bad})
		var ves valid.Errors
		if !asErrors(err, &ves) || !ves.Has("records[1].name", valid.RuleRequired) ||
			!ves.Has("records[1].services[0].service", directory.RuleUnknownService) || len(ves) != 2 {
			t.Fatalf("bad record: %v", err)
		}
		fixture.SameRowCounts(t, before, directoryCounts(t, db))
		_, err = db.ImportDirectory(w.asAdminA(), []directory.Listing{good})
		wantErr(t, err, ErrForbidden)

		// An existing organisation keeps its address and settings.
		upd := directory.Listing{Org: w.orgA, Profile: directory.Profile{AcceptsReferrals: true}}
		upd.Org.Phone = "+227 20 73 00 00"
		res, err := db.ImportDirectory(coord, []directory.Listing{good, upd})
		must(t, err)
		if res.Created != 1 || res.Updated != 1 {
			t.Fatalf("result %+v", res)
		}
		a, err := db.GetOrganisation(w.asAdminA(), w.orgA.ID)
		must(t, err)
		if a.Phone != "+227 20 73 00 00" || a.Address != w.orgA.Address || a.RetentionDays != w.orgA.RetentionDays {
			t.Fatalf("updated %+v", a)
		}
		l, err := db.DirectoryListing(w.asCaseA(), good.Org.ID)
		must(t, err)
		if l.Org.Name != good.Org.Name || len(l.Profile.Services) != 2 {
			t.Fatalf("imported %+v", l)
		}
		// Importing the same again changes nothing but the import's own entry.
		res, err = db.ImportDirectory(coord, []directory.Listing{good, upd})
		must(t, err)
		if res.Unchanged != 2 {
			t.Fatalf("second import %+v", res)
		}
	})
}

// TestCheckOffers: the referral rule about a receiver, inside a transaction.
func TestCheckOffers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		check := func(org uuid.UUID, services ...directory.Service) error {
			return db.write(w.sys, func(t *tx) error { return t.checkOffers(context.Background(), org, "services", services) })
		}
		must(t, check(w.orgB.ID, directory.Shelter, directory.LegalAssistance))
		err := check(w.orgB.ID, directory.Shelter, directory.Health, "massage")
		var ves valid.Errors
		if !asErrors(err, &ves) || len(ves) != 2 || !ves.Has("services[1]", directory.RuleNotOffered) ||
			!ves.Has("services[2]", directory.RuleUnknownService) {
			t.Fatalf("not offered: %v", err)
		}
		// A has no profile: it offers nothing and accepts nothing.
		if err := check(w.orgA.ID, directory.Shelter); !asErrors(err, &ves) || !ves.Has("services[0]", directory.RuleNotOffered) {
			t.Fatalf("no profile: %v", err)
		}
		wantErr(t, check(uuid.New(), directory.Shelter), ErrNotFound)
		p := shelterProfile(w.orgB.ID)
		p.AcceptsReferrals = false
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), p))
		if err := check(w.orgB.ID, directory.Shelter); !asErrors(err, &ves) || !ves.Has("services[0]", directory.RuleNotAccepting) {
			t.Fatalf("not accepting: %v", err)
		}
	})
}

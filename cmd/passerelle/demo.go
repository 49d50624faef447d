package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

func init() {
	register("demo", "cli.summary.demo", runDemo)
}

// demoPassword is printed with the logins: the demo data is invented and the
// folder is meant for trying Passerelle out, never for real cases.
const demoPassword = "passerelle-demo-2026"

type demoOrg struct {
	key string
	org account.Organisation
}

// The demo corridor: recruitment in Edo State (Nigeria), transit through
// Agadez and Niamey (Niger), exploitation and assistance in Lyon and Paris
// (France). Every name here is invented.
var demoOrgs = []demoOrg{
	{"edo", account.Organisation{Name: "Fondation Lumière d'Edo", Type: "NGO", Country: "NGA", City: "Benin City",
		Phone: "+234 802 555 0142", Email: "contact@lumiere-edo.example.org", Website: "https://lumiere-edo.example.org", RequireTOTP: false}},
	{"agadez", account.Organisation{Name: "Refuge Sahel Agadez", Type: "Shelter", Country: "NER", City: "Agadez",
		Phone: "+227 20 55 01 77", Email: "accueil@refuge-sahel.example.org"}},
	{"niamey", account.Organisation{Name: "Coordination nationale contre la traite (démo)", Type: "CentralGovernmentOrganisation", Country: "NER", City: "Niamey",
		Phone: "+227 20 55 02 10", Email: "coordination@cnt-demo.example.org"}},
	{"lyon", account.Organisation{Name: "Association Passage Lyon", Type: "NGO", Country: "FRA", City: "Lyon",
		Phone: "+33 4 72 55 01 23", Email: "equipe@passage-lyon.example.org", Website: "https://passage-lyon.example.org", RequireTOTP: false}},
	{"donor", account.Organisation{Name: "Fonds Corridor Solidaire", Type: "Other", Country: "FRA", City: "Paris",
		Email: "suivi@fonds-corridor.example.org"}},
}

type demoUser struct {
	email, name, lang string
	org               string // key in demoOrgs; "" for the platform administrator
	role              auth.Role
}

var demoUsers = []demoUser{
	{"admin@passerelle.example.org", "Claire Dubois-Mensah", "fr", "", auth.Admin},
	{"caseworker@passage-lyon.example.org", "Aïssatou Diallo", "fr", "lyon", auth.Caseworker},
	{"supervisor@passage-lyon.example.org", "Julien Martinez", "fr", "lyon", auth.Supervisor},
	{"orgadmin@passage-lyon.example.org", "Sophie Lefèvre", "fr", "lyon", auth.OrgAdmin},
	{"caseworker@lumiere-edo.example.org", "Osasere Igbinedion", "en", "edo", auth.Caseworker},
	{"orgadmin@lumiere-edo.example.org", "Efe Okojie", "en", "edo", auth.OrgAdmin},
	{"caseworker@refuge-sahel.example.org", "Moussa Abdourahamane", "fr", "agadez", auth.Caseworker},
	{"orgadmin@refuge-sahel.example.org", "Zeinabou Harouna", "fr", "agadez", auth.OrgAdmin},
	{"coordinator@cnt-demo.example.org", "Halima Issoufou", "fr", "niamey", auth.Coordinator},
	{"analyst@fonds-corridor.example.org", "Thomas Weber", "en", "donor", auth.Analyst},
}

// demoOrgNamed is the name of the demo organisation of key.
func demoOrgNamed(key string) string {
	for _, d := range demoOrgs {
		if d.key == key {
			return d.org.Name
		}
	}
	return ""
}

func runDemo(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var f serveFlags
	fs := newFlags("demo", stderr)
	f.addFlags(fs)
	// The demo keeps its own folder so it never mixes with real data.
	if err := fs.Set("data", envOr("DATA", "demo-data")); err != nil {
		return 2
	}
	if err := fs.Set("log-format", envOr("LOG_FORMAT", "text")); err != nil {
		return 2
	}
	seedOnly := fs.Bool("seed-only", false, help("seed_only", nil))
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	log, err := f.logger(stderr)
	if err != nil {
		return report(stderr, "demo", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := f.open(ctx, true)
	if err != nil {
		return report(stderr, "demo", err)
	}
	defer db.Close()
	if err := seedDemo(ctx, db); err != nil {
		return report(stderr, "demo", failure("cli.demo.seed_failed", nil, err))
	}
	if *seedOnly {
		printLogins(stdout, "")
		return 0
	}
	return serveDB(ctx, db, f.serveOptions(), log, stdout, func(url string) { printLogins(stdout, url) })
}

// seedDemo creates the demo organisations, users and cases unless they exist.
func seedDemo(ctx context.Context, db *store.DB) error {
	ctx = auth.WithActor(ctx, auth.SystemActor())
	existing, err := db.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	ids := map[string]account.Organisation{}
	for _, o := range existing {
		for _, d := range demoOrgs {
			if o.Name == d.org.Name {
				ids[d.key] = o
			}
		}
	}
	for _, d := range demoOrgs {
		if _, ok := ids[d.key]; ok {
			continue
		}
		o := d.org
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation %q: %w", d.org.Name, err)
		}
		ids[d.key] = o
	}
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	for _, d := range demoUsers {
		if _, err := db.UserForLogin(ctx, d.email); err == nil {
			continue
		}
		u := account.User{Email: d.email, DisplayName: d.name, Lang: d.lang, PasswordHash: hash, PlatformAdmin: d.role == auth.Admin}
		var ms []account.Membership
		if d.org != "" {
			ms = append(ms, account.Membership{OrgID: ids[d.org].ID, Role: d.role})
		}
		if err := db.CreateUser(ctx, &u, ms); err != nil {
			return fmt.Errorf("user %s: %w", d.email, err)
		}
	}
	if err := seedDemoDirectory(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoCases(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoLegislation(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoOutreach(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoPlans(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoReferrals(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoNotifications(ctx, db, ids); err != nil {
		return err
	}
	if err := seedDemoServices(ctx, db, ids); err != nil {
		return err
	}
	return seedDemoDatasets(ctx, db)
}

func printLogins(w io.Writer, url string) {
	fmt.Fprintln(w)
	if url != "" {
		tell(w, "cli.demo.running", map[string]any{"URL": url})
	}
	tell(w, "cli.demo.logins", map[string]any{"Password": demoPassword})
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	for _, d := range demoUsers {
		org := tr("cli.demo.platform", nil)
		for _, o := range demoOrgs {
			if o.key == d.org {
				org = o.org.Name
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", d.role, d.email, org)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

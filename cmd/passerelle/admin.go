package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func init() {
	register("user", "manage people who sign in: add, reset-password, disable, enable", runUser)
	register("org", "manage organisations: add, list", runOrg)
}

// cliLang is the language of command-line messages, from the environment
// (LC_ALL, LC_MESSAGES, LANG) matched against the catalogue languages.
func cliLang() string { return i18n.FromEnv() }

// report prints err for a person and returns its exit status (exitCode).
// Field errors name each field and rule in the user's language; a fault
// error whose code the catalogue has is that message; another error of a
// known kind says the kind in words ("cli.kind.<kind>"); anything else is
// printed as it is (the operator's own machine: its text carries no personal
// data by the project's rule).
func report(w io.Writer, cmd string, err error) int {
	lang := cliLang()
	var fe valid.Errors
	var one *valid.FieldError
	var fault1 *fault.Error
	switch {
	case errors.As(err, &fe):
		for _, e := range fe {
			fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.FieldMessage(lang, e))
		}
	case errors.As(err, &one):
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.FieldMessage(lang, one))
	case errors.As(err, &fault1) && fault1.Code != "" && i18n.Has("en", fault1.Code):
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.T(lang, fault1.Code, fault1.Params))
	case fault.KindOf(err) != fault.Internal:
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.T(lang, "cli.kind."+fault.KindOf(err).String(), nil))
	default:
		fmt.Fprintf(w, "passerelle %s: %v\n", cmd, err)
	}
	return exitCode(err)
}

// temporaryPassword is shown once to the administrator, who hands it over;
// the user changes it at first sign-in.
func temporaryPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:6]) + "-" + string(b[6:12]) + "-" + string(b[12:])
}

func systemCtx(ctx context.Context) context.Context {
	return auth.WithActor(ctx, auth.SystemActor())
}

// findOrg accepts an organisation's id or its exact name.
func findOrg(ctx context.Context, db *store.DB, ref string) (account.Organisation, error) {
	if id, err := uuid.Parse(ref); err == nil {
		return db.GetOrganisation(ctx, id)
	}
	orgs, err := db.ListOrganisations(ctx)
	if err != nil {
		return account.Organisation{}, err
	}
	for _, o := range orgs {
		if o.Name == ref {
			return o, nil
		}
	}
	return account.Organisation{}, fmt.Errorf("no organisation with id or name %q", ref)
}

// mustChangeNote follows every temporary password the command prints.
const mustChangeNote = "the user must replace it with their own at the first sign-in"

func runUser(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: passerelle user add|reset-password|disable|enable [flags]")
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("user "+sub, stderr)
	email := fs.String("email", "", "the user's e-mail address")
	var name, orgRef, role, lang *string
	var admin *bool
	switch sub {
	case "add":
		name = fs.String("name", "", "display name")
		orgRef = fs.String("org", "", "organisation id or exact name (not needed with --admin)")
		role = fs.String("role", "caseworker", "role in the organisation: caseworker, supervisor, org_admin, coordinator, analyst")
		lang = fs.String("lang", i18n.Default, "interface language: "+strings.Join(i18n.Languages, ", "))
		admin = fs.Bool("admin", false, "platform administrator")
	case "reset-password", "disable", "enable":
	default:
		fmt.Fprintf(stderr, "passerelle user: unknown action %q (add, reset-password, disable, enable)\n", sub)
		return 2
	}
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if *email == "" {
		fmt.Fprintln(stderr, "passerelle user: --email is required")
		return 2
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, "user", err)
	}
	defer db.Close()

	if sub == "add" {
		// The password printed below is temporary: changed at first sign-in.
		u := account.User{Email: *email, DisplayName: *name, Lang: *lang, PlatformAdmin: *admin, MustChangePassword: true}
		var ms []account.Membership
		if !*admin || *orgRef != "" {
			r, err := auth.ParseRole(*role)
			if err != nil || r == auth.Admin {
				roles := make([]string, len(auth.OrgRoles))
				for i, r := range auth.OrgRoles {
					roles[i] = string(r)
				}
				return report(stderr, "user", valid.Errors{valid.OneOf("role", *role, roles...)})
			}
			o, err := findOrg(ctx, db, *orgRef)
			if err != nil {
				return report(stderr, "user", err)
			}
			ms = append(ms, account.Membership{OrgID: o.ID, Role: r})
		}
		pw := temporaryPassword()
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return report(stderr, "user", err)
		}
		if err := db.CreateUser(ctx, &u, ms); err != nil {
			return report(stderr, "user", err)
		}
		fmt.Fprintf(stdout, "user %s created (id %s)\ntemporary password, shown once: %s\n%s\n", u.Email, u.ID, pw, mustChangeNote)
		return 0
	}

	u, err := db.UserForLogin(ctx, *email)
	if err != nil {
		return report(stderr, "user", fmt.Errorf("no user with e-mail %q", *email))
	}
	switch sub {
	case "reset-password":
		pw := temporaryPassword()
		h, err := auth.HashPassword(pw)
		if err != nil {
			return report(stderr, "user", err)
		}
		if err := db.SetPassword(ctx, u.ID, h); err != nil {
			return report(stderr, "user", err)
		}
		fmt.Fprintf(stdout, "password of %s reset\ntemporary password, shown once: %s\n%s\n", u.Email, pw, mustChangeNote)
	case "disable", "enable":
		if err := db.SetDisabled(ctx, u.ID, sub == "disable"); err != nil {
			return report(stderr, "user", err)
		}
		fmt.Fprintf(stdout, "user %s %sd\n", u.Email, sub)
	}
	return 0
}

func runOrg(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(stderr, "usage: passerelle org add|list [flags]")
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("org "+sub, stderr)
	var o account.Organisation
	var typ string
	if sub == "add" {
		fs.StringVar(&o.Name, "name", "", "organisation name")
		fs.StringVar(&typ, "type", "NGO", "HTCDS organisation type")
		fs.StringVar(&o.Country, "country", "", "country, ISO 3166-1 alpha-3 (e.g. NGA, NER, FRA)")
		fs.StringVar(&o.City, "city", "", "city")
		fs.StringVar(&o.Phone, "phone", "", "phone")
		fs.StringVar(&o.Email, "email", "", "contact e-mail")
		fs.StringVar(&o.Website, "website", "", "website")
		fs.BoolVar(&o.RequireTOTP, "require-2fa", false, "require two-factor sign-in for every user")
	}
	ctx, db, st := c.openData(fs, args[1:], stderr, "org")
	if db == nil {
		return st
	}
	defer db.Close()
	if sub == "add" {
		o.Type = account.OrgType(typ)
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			return report(stderr, "org", err)
		}
		fmt.Fprintf(stdout, "organisation %q created (id %s)\n", o.Name, o.ID)
		return 0
	}
	orgs, err := db.ListOrganisations(ctx)
	if err != nil {
		return report(stderr, "org", err)
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tCOUNTRY\tCITY\t2FA")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%v\n", o.ID, o.Name, o.Type, o.Country, o.City, o.RequireTOTP)
	}
	tw.Flush()
	return 0
}

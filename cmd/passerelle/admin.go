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
	register("user", "cli.summary.user", runUser)
	register("org", "cli.summary.org", runOrg)
}

// cliLang is the language of command-line messages, from the environment
// (LC_ALL, LC_MESSAGES, LANG) matched against the catalogue languages.
func cliLang() string { return i18n.FromEnv() }

// report prints err for a person and returns its exit status (exitCode).
// Field errors name each field and rule in the user's language; a fault
// error whose code the catalogue has is that message; another error of a
// known kind says the kind in words ("cli.kind.<kind>"); anything else is
// a failure with the error's own text as its cause (the operator's own
// machine: its text carries no personal data by the project's rule).
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
	case errors.As(err, &fault1) && fault1.Code != "" && i18n.Has(i18n.Default, fault1.Code):
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.T(lang, fault1.Code, fault1.Params))
	case fault.KindOf(err) != fault.Internal:
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.T(lang, "cli.kind."+fault.KindOf(err).String(), nil))
	default:
		fmt.Fprintf(w, "passerelle %s: %s\n", cmd, i18n.T(lang, "cli.error.failed", map[string]any{"Cause": err.Error()}))
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
	return account.Organisation{}, fault.New(fault.NotFound, "cli.error.no_org", map[string]any{"Ref": ref})
}

// tellPassword prints a temporary password, shown once to the
// administrator, who hands it over; the user changes it at first sign-in.
func tellPassword(w io.Writer, pw string) {
	tell(w, "cli.user.temporary_password", map[string]any{"Password": pw})
	tell(w, "cli.user.must_change", nil)
}

// orgRoles are the roles a member may hold in an organisation.
func orgRoles() []string {
	roles := make([]string, len(auth.OrgRoles))
	for i, r := range auth.OrgRoles {
		roles[i] = string(r)
	}
	return roles
}

func runUser(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelp(args[0]) {
		return usageOf(args, stdout, stderr, "cli.user.usage")
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("user "+sub, stderr)
	email := fs.String("email", "", help("user_email", nil))
	var name, orgRef, role, lang *string
	var admin *bool
	switch sub {
	case "add":
		name = fs.String("name", "", help("user_name", nil))
		orgRef = fs.String("org", "", help("user_org", nil))
		role = fs.String("role", string(auth.Caseworker), help("user_role", map[string]any{"Roles": strings.Join(orgRoles(), ", ")}))
		lang = fs.String("lang", i18n.Default, help("user_lang", map[string]any{"Languages": strings.Join(i18n.Languages, ", ")}))
		admin = fs.Bool("admin", false, help("user_admin", nil))
	case "reset-password", "disable", "enable":
	default:
		return refuse(stderr, "user", "cli.user.unknown_action", map[string]any{"Action": sub})
	}
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if *email == "" {
		return refuse(stderr, "user", "cli.error.required", map[string]any{"Flag": "--email"})
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
				return report(stderr, "user", valid.Errors{valid.OneOf("role", *role, orgRoles()...)})
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
		tell(stdout, "cli.user.created", map[string]any{"Email": u.Email, "ID": u.ID})
		tellPassword(stdout, pw)
		return 0
	}

	u, err := db.UserForLogin(ctx, *email)
	if errors.Is(err, store.ErrNotFound) {
		err = &fault.Error{Kind: fault.NotFound, Code: "cli.error.no_user", Params: map[string]any{"Email": *email}, Err: err}
	}
	if err != nil {
		return report(stderr, "user", err)
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
		tell(stdout, "cli.user.password_reset", map[string]any{"Email": u.Email})
		tellPassword(stdout, pw)
	case "disable", "enable":
		if err := db.SetDisabled(ctx, u.ID, sub == "disable"); err != nil {
			return report(stderr, "user", err)
		}
		done := map[string]string{"disable": "cli.user.disabled", "enable": "cli.user.enabled"}[sub]
		tell(stdout, done, map[string]any{"Email": u.Email})
	}
	return 0
}

func runOrg(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return usageOf(args, stdout, stderr, "cli.org.usage")
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("org "+sub, stderr)
	var o account.Organisation
	var typ string
	if sub == "add" {
		fs.StringVar(&o.Name, "name", "", help("org_name", nil))
		fs.StringVar(&typ, "type", "NGO", help("org_type", nil))
		fs.StringVar(&o.Country, "country", "", help("org_country", nil))
		fs.StringVar(&o.City, "city", "", help("org_city", nil))
		fs.StringVar(&o.Phone, "phone", "", help("org_phone", nil))
		fs.StringVar(&o.Email, "email", "", help("org_email", nil))
		fs.StringVar(&o.Website, "website", "", help("org_website", nil))
		fs.BoolVar(&o.RequireTOTP, "require-2fa", false, help("org_require_2fa", nil))
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
		tell(stdout, "cli.org.created", map[string]any{"Name": o.Name, "ID": o.ID})
		return 0
	}
	orgs, err := db.ListOrganisations(ctx)
	if err != nil {
		return report(stderr, "org", err)
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, tr("cli.org.header", nil))
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%v\n", o.ID, o.Name, o.Type, o.Country, o.City, o.RequireTOTP)
	}
	tw.Flush()
	return 0
}

package account

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// MaxDisplayName is the longest display name accepted.
const MaxDisplayName = 200

// User is a person who signs in. Email is the sign-in name, stored lower-case
// and unique across the platform.
type User struct {
	ID          uuid.UUID
	Email       string
	DisplayName string
	Lang        string // one of i18n.Languages
	// PasswordHash is the argon2id PHC string; "" until a password is set.
	// The store returns it only to sign-in lookups.
	PasswordHash  string
	TOTPEnabled   bool
	Disabled      bool
	PlatformAdmin bool
	// MustChangePassword is set when someone else issued the password (a
	// temporary one): until the user sets their own, sign-in leads only to
	// the password change.
	MustChangePassword bool
	CreatedAt          time.Time
	LastLoginAt        *time.Time
}

// NormaliseEmail is the form e-mail addresses are stored and looked up in.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Normalise lower-cases the e-mail address, trims the name, writes the
// language tag canonically and defaults it to the default language.
func (u *User) Normalise() {
	u.Email = NormaliseEmail(u.Email)
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.Lang = i18n.Canonical(u.Lang)
	if u.Lang == "" {
		u.Lang = i18n.Default
	}
}

// Validate checks every field and returns all the problems found.
func (u User) Validate() valid.Errors {
	var es valid.Errors
	if e := valid.Required("email", u.Email); e != nil {
		es.Add(e)
	} else {
		es.Add(valid.Email("email", u.Email))
	}
	es.Add(valid.Required("display_name", u.DisplayName), valid.MaxLen("display_name", u.DisplayName, MaxDisplayName))
	es.Add(ValidateLang("lang", u.Lang))
	return es
}

// ValidateLang refuses a language the interface does not speak: one without
// catalogue files.
func ValidateLang(field, lang string) *valid.FieldError {
	return valid.OneOf(field, lang, i18n.Languages...)
}

// Membership is a user's role in one organisation. OrgName is filled on read.
type Membership struct {
	UserID  uuid.UUID
	OrgID   uuid.UUID
	Role    Role
	OrgName string
}

// Validate refuses a role an organisation member cannot hold (Admin is
// platform-wide, not a membership).
func (m Membership) Validate() valid.Errors {
	var es valid.Errors
	if m.OrgID == uuid.Nil {
		es.Add(valid.New("organisation_id", valid.RuleRequired, nil))
	}
	if !slices.Contains(OrgRoles, m.Role) {
		es.Add(valid.New("role", valid.RuleRole, nil))
	}
	return es
}

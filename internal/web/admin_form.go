package web

import (
	"crypto/rand"
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// fieldMessages turns validation errors into one translated message per
// field, for the form to show next to each input. The first error of a field
// wins. Like the framework's formErrors, but labels come from the admin
// catalogue first ("admin.field.<name>") and the admin pages' own rules
// ("admin.error.<rule>") are known.
func fieldMessages(lang string, es valid.Errors) map[string]string {
	out := make(map[string]string, len(es))
	for _, e := range es {
		if _, seen := out[e.Field]; !seen {
			out[e.Field] = i18n.FieldMessage(lang, e, "admin.")
		}
	}
	return out
}

// asFieldErrors extracts validation errors from err, if that is what it is.
func asFieldErrors(err error) (valid.Errors, bool) {
	var es valid.Errors
	if errors.As(err, &es) {
		return es, true
	}
	var fe *valid.FieldError
	if errors.As(err, &fe) {
		return valid.Errors{fe}, true
	}
	return nil, false
}

// pathID parses the {name} path segment. A malformed id is reported as not
// found, like an id of another organisation: the caller answers 404.
func pathID(r *http.Request, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(r.PathValue(name))
	if err != nil || id == uuid.Nil {
		return uuid.Nil, store.ErrNotFound
	}
	return id, nil
}

// orgInScope answers ErrNotFound when a non-administrator names an
// organisation other than the one they act for. The store refuses it too;
// checking here as well keeps every admin route honest on its own.
func orgInScope(a auth.Actor, org uuid.UUID) error {
	if a.IsAdmin() || (org != uuid.Nil && org == a.OrgID) {
		return nil
	}
	return store.ErrNotFound
}

// tempPasswordLen is the length of the one-time passwords given to new users
// and on reset: 26 base32 characters, 130 bits from crypto/rand.
const tempPasswordLen = 26

// newTempPassword returns a random one-time password. rand.Text draws from
// the 32 letters and digits A-Z, 2-7, which are unambiguous to read aloud.
func newTempPassword() string { return rand.Text() }

// roleLabel is the translated name of a role (the framework's "role.<name>").
func roleLabel(lang string, r auth.Role) string {
	id := "role." + string(r)
	if i18n.Has(lang, id) {
		return i18n.T(lang, id, nil)
	}
	return string(r)
}

// orgTypeLabel is the translated name of an organisation type.
func orgTypeLabel(lang, t string) string {
	id := "admin.orgtype." + t
	if i18n.Has(lang, id) {
		return i18n.T(lang, id, nil)
	}
	return t
}

// roleOptions lists the roles a membership may carry, translated.
func roleOptions(lang string) []option {
	out := make([]option, len(auth.OrgRoles))
	for i, r := range auth.OrgRoles {
		out[i] = option{Value: string(r), Label: roleLabel(lang, r)}
	}
	return out
}

// langOptions lists the interface languages by their own names.
func langOptions() []option {
	out := make([]option, len(i18n.Languages))
	for i, l := range i18n.Languages {
		out[i] = option{Value: l, Label: i18n.Name(l)}
	}
	return out
}

// noStore keeps a page showing a secret (a one-time password) out of every
// cache, including the browser's back-forward history.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

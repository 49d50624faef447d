package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// newUserForm is what the add-user form submits (never a password: the
// server makes one).
type newUserForm struct {
	Email, DisplayName, Lang, Role string
}

func (s *Server) userFormData(r *http.Request, o account.Organisation, f newUserForm, es valid.Errors) map[string]any {
	lang := langOf(r)
	return map[string]any{
		"Title":     s.t(r, "admin.user.new_title", map[string]any{"Org": o.Name}),
		"Org":       o,
		"Form":      f,
		"Roles":     roleOptions(lang),
		"Languages": langOptions(),
		"Errors":    fieldMessages(lang, es),
		"MaxEmail":  valid.MaxEmail,
		"MaxName":   account.MaxDisplayName,
	}
}

// adminUserNew shows the add-user form.
func (s *Server) adminUserNew(w http.ResponseWriter, r *http.Request) {
	o, err := s.orgOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newUserForm{Lang: langOf(r), Role: string(auth.Caseworker)}
	s.render(w, r, http.StatusOK, "admin_user_form", s.userFormData(r, o, f, nil))
}

// adminUserCreate adds a user to the organisation with a one-time password,
// shown once on the answer page and stored only as its argon2id hash.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	o, err := s.orgOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newUserForm{
		Email:       r.PostFormValue("email"),
		DisplayName: r.PostFormValue("display_name"),
		Lang:        strings.TrimSpace(r.PostFormValue("lang")),
		Role:        r.PostFormValue("role"),
	}
	// The administrator sees the password: the user must replace it at first sign-in.
	u := account.User{Email: f.Email, DisplayName: f.DisplayName, Lang: f.Lang, MustChangePassword: true}
	u.Normalise() // also defaults an absent language to English
	m := account.Membership{OrgID: o.ID, Role: auth.Role(f.Role)}
	es := u.Validate()
	es.Add(m.Validate()...)
	if len(es) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_user_form", s.userFormData(r, o, f, es))
		return
	}
	password := newTempPassword()
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.CreateUser(r.Context(), &u, []account.Membership{m})
	if es, ok := asFieldErrors(err); ok {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_user_form", s.userFormData(r, o, f, es))
		return
	}
	if errors.Is(err, store.ErrConflict) {
		es := valid.Errors{valid.New("email", ruleEmailTaken, nil)}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_user_form", s.userFormData(r, o, f, es))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showPassword(w, r, o, newUserRow(langOf(r), actorOf(r), u, m.Role), password, true)
}

// Rules the admin pages add (texts "admin.error.<rule>").
const (
	ruleEmailTaken = "email_taken" // another account already signs in with this address
	ruleSelf       = "self"        // an administrator may not demote or disable themselves
	ruleLastAdmin  = "last_admin"  // the organisation would be left without an administrator
)

// showPassword answers with the one-time password. The page is never cached
// and the password exists nowhere else: leaving the page loses it (a reset
// makes a new one).
func (s *Server) showPassword(w http.ResponseWriter, r *http.Request, o account.Organisation, u userRow, password string, created bool) {
	noStore(w)
	s.render(w, r, http.StatusOK, "admin_user_password", map[string]any{
		"Title":    s.t(r, "admin.password.title", nil),
		"Org":      o,
		"Member":   u, // not "User": the layout shows the signed-in user under that key
		"Password": password,
		"Created":  created,
	})
}

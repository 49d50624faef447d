package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// language switches the interface language for this session and, when
// signed in, for the account, then returns to the page the form was on.
func (s *Server) language(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	s.sessions.Put(ctx, keyLang, lang)
	if st := stateOf(r); st.signedIn && st.user.Lang != lang {
		if err := s.db.SetLanguage(ctx, st.actor.UserID, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.redirect(w, r, safeReturn(r.PostFormValue("return")))
}

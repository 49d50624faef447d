package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/audit"
)

// signout ends the session on the server (its token is deleted from the store,
// so a copied cookie is worth nothing) and starts a fresh anonymous one that
// keeps only the interface language.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := stateOf(r)
	if err := s.db.Audit(ctx, audit.Entry{OrgID: st.actor.OrgID, Action: "logout", RecordType: "user",
		RecordID: st.actor.UserID.String()}); err != nil {
		s.log.Error("audit logout", "request_id", requestID(r), "err", err.Error())
	}
	lang := st.lang
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, keyLang, lang)
	s.flash(r, "signout.done")
	s.redirect(w, r, "/signin")
}

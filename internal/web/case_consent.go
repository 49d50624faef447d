package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// consentForm is the add-consent form as typed.
type consentForm struct {
	Purpose, GivenBy, Method, Language, GivenAt string
	OrgTypes                                    []string
}

// caseConsentAdd gives a consent for one purpose: the form is translated to
// the store's AddConsent, which normalises, validates and records it.
func (s *Server) caseConsentAdd(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	f := consentForm{
		Purpose: r.PostFormValue("purpose"), GivenBy: r.PostFormValue("given_by"), Method: r.PostFormValue("method"),
		Language: strings.TrimSpace(r.PostFormValue("language")), GivenAt: strings.TrimSpace(r.PostFormValue("given_at")),
		OrgTypes: nonEmpty(r.PostForm["org_types"]),
	}
	c := casework.Consent{CaseID: id, Purpose: casework.Purpose(f.Purpose), GivenBy: f.GivenBy, Method: f.Method,
		Language: f.Language, OrgTypes: f.OrgTypes, GivenAt: s.now().UTC()}
	var es valid.Errors
	if f.GivenAt != "" {
		t, err := time.Parse("2006-01-02", f.GivenAt)
		if err != nil {
			// Nothing is recorded; the domain's check names the other fields too.
			es.Add(valid.New("given_at", casework.RuleDate, nil))
			probe := c
			probe.Normalise()
			es.Add(probe.Validate(s.today())...)
		} else if t.Format("2006-01-02") != s.now().UTC().Format("2006-01-02") {
			c.GivenAt = t
		}
	}
	if len(es) == 0 {
		err = s.db.AddConsent(r.Context(), &c)
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{
			"ConsentForm": f, "ConsentErrors": caseErrors(langOf(r), es),
		})
		return
	}
	s.flash(r, "case.flash.consent_added")
	s.redirect(w, r, "/cases/"+id.String()+"#consent")
}

// caseConsentWithdraw withdraws a consent of this case; the store checks
// that it belongs to the case and to the actor's organisation.
func (s *Server) caseConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.WithdrawConsent(r.Context(), id, cid); err != nil {
		s.fail(w, r, err) // already withdrawn is a conflict
		return
	}
	s.flash(r, "case.flash.consent_withdrawn")
	s.redirect(w, r, "/cases/"+id.String()+"#consent")
}

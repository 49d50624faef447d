package web

import (
	"net/http"
	"strings"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// runPageData is what the run page shows: the run as the store lets the
// actor see it, and which actions apply, by the linkrun predicates the store
// and the API use too.
func (s *Server) runPageData(r *http.Request, run linkrun.Run) map[string]any {
	v := store.LinkageViewer(actorOf(r))
	anyApproved := false
	details := make([]bool, len(run.Parties))
	for i, p := range run.Parties {
		anyApproved = anyApproved || p.State == linkrun.Approved
		details[i], _ = linkrun.SeesPartyDetails(v, &run, i)
	}
	matched := run.Status == linkrun.Matched
	return map[string]any{
		"Title": run.Name, "Run": run, "Details": details,
		"CanAnswer":    linkrun.CanAnswer(v, &run),
		"CanGenerate":  !anyApproved,
		"CanMatch":     linkrun.CanMatch(v, &run) && run.Status == linkrun.Proposed && run.AllApproved(),
		"SeesResults":  matched && (linkrun.SeesCounts(v, &run) || linkrun.SeesMembership(v, &run)),
		"CanEstimate":  matched && linkrun.SeesEstimates(v, &run),
		"Matched":      matched,
		"ExpiresAt":    run.ExpiresAt(),
		"Statuses":     casework.Statuses,
		"Exploitation": casework.ExploitationTypes,
		"Errors":       map[string]string{},
		"Filter":       linkrun.Filter{},
		"MinSecret":    linkage.MinSecret,
		"Fields":       "--field " + strings.Join(linkrun.FieldSpecs, " --field "),
	}
}

// pathRun is run {id} as the actor may see it; false when the page has
// answered already (another organisation's run is 404).
func (s *Server) pathRun(w http.ResponseWriter, r *http.Request) (linkrun.Run, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var run linkrun.Run
		if run, err = s.db.GetLinkageRun(r.Context(), id); err == nil {
			return run, true
		}
	}
	s.fail(w, r, err)
	return linkrun.Run{}, false
}

// runView shows one run.
func (s *Server) runView(w http.ResponseWriter, r *http.Request) {
	if run, ok := s.pathRun(w, r); ok {
		s.render(w, r, http.StatusOK, "linkrun_run", s.runPageData(r, run))
	}
}

// runApprove encodes the organisation's chosen cases with the shared
// secret typed (or generated here, shown once) and approves. The secret is
// used in memory only and never echoed back unless it was generated here.
func (s *Server) runApprove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The secret goes to the store as typed: linkage.ParseSecret reads it by
	// the rule the API and the command line apply too.
	secret := r.PostFormValue("secret")
	generated := ""
	if strings.TrimSpace(secret) == "" && r.PostFormValue("generate") != "" {
		b, err := linkage.NewSecret(linkage.MinSecret)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		secret = linkage.FormatSecret(b)
		clear(b)
		generated = secret
	}
	f := linkrun.Filter{Status: r.PostFormValue("filter_status"), Exploitation: r.PostFormValue("filter_exploitation")}
	n, err := s.db.ApproveLinkageRun(r.Context(), id, linkrun.Approval{Secret: []byte(secret), Filter: f})
	if err != nil {
		s.answerRefused(w, r, err, f)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "linkrun_approved", map[string]any{
		"Title": s.t(r, "network.approved.title", nil), "ID": id.String(), "Count": n, "Secret": generated,
	})
}

// runDecline records the organisation's refusal.
func (s *Server) runDecline(w http.ResponseWriter, r *http.Request) {
	s.runAction(w, r, "network.flash.declined", func(run linkrun.Run) error {
		return s.db.DeclineLinkageRun(r.Context(), run.ID)
	})
}

// runMatch matches an approved run (coordinator).
func (s *Server) runMatch(w http.ResponseWriter, r *http.Request) {
	s.runAction(w, r, "network.flash.matched", func(run linkrun.Run) error {
		_, err := s.db.MatchLinkageRun(r.Context(), run.ID)
		return err
	})
}

// runAction runs a one-button step; a refused step re-renders the run page
// with the reason (422).
func (s *Server) runAction(w http.ResponseWriter, r *http.Request, flash string, step func(linkrun.Run) error) {
	run, ok := s.pathRun(w, r)
	if !ok {
		return
	}
	if err := step(run); err != nil {
		es, ok := asFieldErrors(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.runRefused(w, r, run, es, linkrun.Filter{})
		return
	}
	s.flash(r, flash)
	s.redirect(w, r, "/network/runs/"+run.ID.String())
}

// answerRefused re-renders the run page, as it is after a refused answer,
// with the reason and the filter chosen; an error that is not a refusal is
// the error page.
func (s *Server) answerRefused(w http.ResponseWriter, r *http.Request, err error, f linkrun.Filter) {
	es, ok := asFieldErrors(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	if run, ok := s.pathRun(w, r); ok {
		s.runRefused(w, r, run, es, f)
	}
}

// runRefused re-renders the run page (422) with the messages of a refused
// step, the first one shown as the reason.
func (s *Server) runRefused(w http.ResponseWriter, r *http.Request, run linkrun.Run, es valid.Errors, f linkrun.Filter) {
	data := s.runPageData(r, run)
	msgs, _ := s.formErrors(r, es)
	data["Errors"], data["Filter"] = msgs, f
	if len(es) > 0 {
		data["Refused"] = msgs[es[0].Field]
	}
	s.render(w, r, http.StatusUnprocessableEntity, "linkrun_run", data)
}

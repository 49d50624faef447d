package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// runList lists the runs the actor may see.
func (s *Server) runList(w http.ResponseWriter, r *http.Request) {
	if ok, _ := linkrun.SeesRuns(store.LinkageViewer(actorOf(r))); !ok {
		s.fail(w, r, store.ErrForbidden)
		return
	}
	runs, err := s.db.ListLinkageRuns(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "linkrun_runs", map[string]any{"Title": s.t(r, "network.runs.title", nil), "Runs": runs})
}

// runForm is the proposal form as typed.
type runForm struct {
	Name, From, To, MinSize string
	Share, Force            bool
	Parties                 map[string]bool
}

type runOrgOption struct{ Value, Label string }

func (s *Server) runFormData(r *http.Request, f runForm, es valid.Errors) (map[string]any, error) {
	orgs, err := s.db.ListOrganisations(r.Context())
	if err != nil {
		return nil, err
	}
	opts := make([]runOrgOption, 0, len(orgs))
	for _, o := range orgs {
		opts = append(opts, runOrgOption{Value: o.ID.String(), Label: o.Name + " (" + o.Country + ")"})
	}
	msgs := map[string]string{}
	if es != nil {
		msgs, _ = s.formErrors(r, es)
	}
	return map[string]any{"Title": s.t(r, "network.new.title", nil), "Form": f, "Orgs": opts, "Errors": msgs,
		"Floor": linkrun.FloorMinSize, "IsAdmin": actorOf(r).IsAdmin()}, nil
}

// runNew shows the proposal form: the last calendar year by default.
func (s *Server) runNew(w http.ResponseWriter, r *http.Request) {
	y := s.now().Year() - 1
	f := runForm{From: strconv.Itoa(y) + "-01-01", To: strconv.Itoa(y) + "-12-31",
		MinSize: strconv.Itoa(linkrun.DefaultMinSize), Share: true, Parties: map[string]bool{}}
	data, err := s.runFormData(r, f, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "linkrun_form", data)
}

// runCreate records a proposal; bad input re-renders the form (422).
func (s *Server) runCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f := runForm{Name: strings.TrimSpace(r.PostFormValue("name")), From: r.PostFormValue("period_from"),
		To: r.PostFormValue("period_to"), MinSize: strings.TrimSpace(r.PostFormValue("min_size")),
		Share: r.PostFormValue("share_membership") != "", Force: r.PostFormValue("force") != "",
		Parties: map[string]bool{}}
	p := linkrun.Proposal{Name: f.Name, From: f.From, To: f.To, Parties: r.PostForm["parties"],
		ShareMembership: f.Share, Force: f.Force}
	for _, v := range p.Parties {
		f.Parties[v] = true
	}
	if f.MinSize != "" {
		// Not a whole number reads as zero, which the proposal refuses as
		// below the floor, with the rule's message.
		n, _ := strconv.Atoi(f.MinSize)
		p.MinSize = &n
	}
	run, err := s.db.ProposeLinkage(r.Context(), p)
	if err != nil {
		if es, ok := asFieldErrors(err); ok {
			data, derr := s.runFormData(r, f, es)
			if derr != nil {
				s.fail(w, r, derr)
				return
			}
			s.render(w, r, http.StatusUnprocessableEntity, "linkrun_form", data)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "network.flash.proposed")
	s.redirect(w, r, "/network/runs/"+run.ID.String())
}

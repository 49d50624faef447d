package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// legisArticleFindings is one article of an assessment with its findings.
type legisArticleFindings struct {
	Instrument   legislation.Instrument
	InstrumentID string
	Article      string
	Findings     []legislation.Finding
}

// legisGroupFindings groups findings (in catalogue order) by instrument and article.
func legisGroupFindings(fs []legislation.Finding) []legisArticleFindings {
	var out []legisArticleFindings
	for _, f := range fs {
		r := f.Requirement
		if n := len(out); n == 0 || out[n-1].Instrument != r.Instrument || out[n-1].Article != r.Article {
			out = append(out, legisArticleFindings{Instrument: r.Instrument, InstrumentID: r.InstrumentID(), Article: r.Article})
		}
		out[len(out)-1].Findings = append(out[len(out)-1].Findings, f)
	}
	return out
}

// legisTally is the count of findings of one status.
type legisTally struct {
	Status legislation.Status
	Count  int
}

// legisAssessmentOf reads the assessment named in the path: a bad id is 404,
// as is one the actor may not read (the store: every holder of
// programme.view reads any organisation's).
func (s *Server) legisAssessmentOf(r *http.Request) (legislation.Assessment, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return legislation.Assessment{}, err
	}
	return s.db.GetLegislationAssessment(r.Context(), id)
}

// legisAssessmentToEdit is legisAssessmentOf for the finding's form: the
// store lets only the keeping organisation's coordinators through.
func (s *Server) legisAssessmentToEdit(r *http.Request) (legislation.Assessment, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return legislation.Assessment{}, err
	}
	return s.db.LegislationAssessmentToEdit(r.Context(), id)
}

// legisHeading names an assessment: its country and date.
func (s *Server) legisHeading(r *http.Request, a legislation.Assessment) string {
	return s.t(r, "legislation.assessment.heading", map[string]any{"Country": countryName(langOf(r), a.Country), "Date": a.AssessedOn})
}

// legislationAssessment shows an assessment: every requirement with its
// finding, grouped by article, and the ways to the gap report and to a
// comparison with another assessment of the same country.
func (s *Server) legislationAssessment(w http.ResponseWriter, r *http.Request) {
	a, err := s.legisAssessmentOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	others, err := s.legisSameCountry(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tally := a.Tally()
	var counts []legisTally
	for _, st := range legislation.Statuses {
		counts = append(counts, legisTally{st, tally[st]})
	}
	s.render(w, r, http.StatusOK, "programme_legislation_assessment", map[string]any{
		"Title": s.legisHeading(r, a), "A": a, "Articles": legisGroupFindings(a.Findings()), "Counts": counts,
		"Others": others, "CanEdit": s.db.MayEditPolicy(r.Context(), a.OrgID),
	})
}

// legisOther is another assessment of the same country, to compare with.
type legisOther struct {
	ID         uuid.UUID
	AssessedOn string
	Title      string
}

// legisSameCountry lists the organisation's other assessments of a's country.
func (s *Server) legisSameCountry(r *http.Request, a legislation.Assessment) ([]legisOther, error) {
	list, err := s.db.ListLegislationAssessments(r.Context())
	if err != nil {
		return nil, err
	}
	var out []legisOther
	for _, o := range list {
		if o.Country == a.Country && o.ID != a.ID {
			out = append(out, legisOther{o.ID, o.AssessedOn, o.Title})
		}
	}
	return out, nil
}

// legisItemForm is a finding as typed.
type legisItemForm struct{ Status, Provision, Evidence string }

var legisItemFields = []string{"status", "provision", "evidence"}

// legisStatusOption is one status of the form's radios.
type legisStatusOption struct {
	Value   string
	LabelID string
}

func legisStatusOptions() []legisStatusOption {
	out := make([]legisStatusOption, len(legislation.Statuses))
	for i, st := range legislation.Statuses {
		out[i] = legisStatusOption{string(st), legislation.StatusMessage(st)}
	}
	return out
}

func (s *Server) renderLegisItem(w http.ResponseWriter, r *http.Request, status int, a legislation.Assessment,
	req legislation.Requirement, f legisItemForm, es valid.Errors) {
	msgs := legisFieldMessages(langOf(r), es, "legislation.")
	s.render(w, r, status, "programme_legislation_item", map[string]any{
		"Title": s.t(r, req.TitleID(), nil), "Heading": s.legisHeading(r, a), "A": a, "Req": req, "Form": f,
		"Errors": msgs, "Summary": legisErrorSummary(msgs, legisItemFields...), "Statuses": legisStatusOptions(),
		"MaxProvision": legislation.MaxProvision, "MaxEvidence": legislation.MaxEvidence,
		"MaxEvidenceText": i18n.Number(langOf(r), legislation.MaxEvidence, 0),
	})
}

// legisItemTarget reads the assessment and the requirement of an item's path. A
// requirement the catalogue does not have is a page that does not exist.
func (s *Server) legisItemTarget(r *http.Request) (legislation.Assessment, legislation.Requirement, error) {
	a, err := s.legisAssessmentToEdit(r)
	if err != nil {
		return a, legislation.Requirement{}, err
	}
	req, ok := legislation.Lookup(r.PathValue("requirement"))
	if !ok {
		return a, req, store.ErrNotFound
	}
	return a, req, nil
}

// legislationItem shows the form for the finding on one requirement (one
// thing per page), filled with the finding recorded, if any.
func (s *Server) legislationItem(w http.ResponseWriter, r *http.Request) {
	a, req, err := s.legisItemTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := legisItemForm{Status: string(legislation.Unknown)}
	if it, ok := a.Item(req.ID); ok {
		f = legisItemForm{Status: string(it.Status), Provision: it.Provision, Evidence: it.Evidence}
	}
	s.renderLegisItem(w, r, http.StatusOK, a, req, f, nil)
}

// legislationItemSave records the finding and goes back to the assessment,
// at the requirement; bad input shows the form again (422).
func (s *Server) legislationItemSave(w http.ResponseWriter, r *http.Request) {
	a, req, err := s.legisItemTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f := legisItemForm{Status: r.PostFormValue("status"), Provision: r.PostFormValue("provision"),
		Evidence: strings.ReplaceAll(r.PostFormValue("evidence"), "\r\n", "\n")}
	_, err = s.db.SetLegislationItem(r.Context(), a.ID, legislation.ItemInput{RequirementID: req.ID, Status: f.Status,
		Provision: f.Provision, Evidence: f.Evidence})
	if es, ok := asFieldErrors(err); ok {
		s.renderLegisItem(w, r, http.StatusUnprocessableEntity, a, req, f, es)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "legislation.item.saved")
	http.Redirect(w, r, "/programmes/legislation/assessments/"+a.ID.String()+"#"+req.ID, http.StatusSeeOther)
}

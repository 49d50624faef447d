package web

import (
	"net/http"
	"strings"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Legislation against the Protocol: the catalogue of requirements, the
// organisation's assessments of a country's law, one finding per page, the
// gap report (printable, CSV and Excel) and the comparison of two
// assessments of a country. The store decides who sees and changes what.

// legisArticle is one article of the catalogue with its requirements.
type legisArticle struct {
	Instrument   legislation.Instrument
	InstrumentID string // message id of the instrument's name
	Article      string
	Requirements []legislation.Requirement
}

// legisCatalogue groups the catalogue by instrument and article, in order.
func legisCatalogue() []legisArticle {
	var out []legisArticle
	for _, r := range legislation.Requirements() {
		if n := len(out); n == 0 || out[n-1].Instrument != r.Instrument || out[n-1].Article != r.Article {
			out = append(out, legisArticle{Instrument: r.Instrument, InstrumentID: r.InstrumentID(), Article: r.Article})
		}
		out[len(out)-1].Requirements = append(out[len(out)-1].Requirements, r)
	}
	return out
}

// legisRow is an assessment in the list.
type legisRow struct {
	legislation.Assessment
	CountryName  string
	Organisation string // the keeping organisation, for another's assessment
	InLine       int    // requirements in line
	Gaps         int    // requirements not in line or not known
}

// legislationHome lists the organisation's assessments and the catalogue.
func (s *Server) legislationHome(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListLegislationAssessments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	network, err := s.db.ListNetworkLegislationAssessments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	row := func(a legislation.Assessment, org string) legisRow {
		return legisRow{Assessment: a, CountryName: countryName(langOf(r), a.Country), Organisation: org,
			InLine: a.Tally()[legislation.InLine], Gaps: legislation.GapCount(a.Gaps())}
	}
	rows := make([]legisRow, len(list))
	for i, a := range list {
		rows[i] = row(a, "")
	}
	others := make([]legisRow, len(network))
	for i, n := range network {
		others[i] = row(n.Assessment, n.Organisation)
	}
	s.render(w, r, http.StatusOK, "programme_legislation", map[string]any{
		"Title": s.t(r, "legislation.title", nil), "Assessments": rows, "Network": others, "Catalogue": legisCatalogue(),
		"Total": len(legislation.Requirements()),
	})
}

// legisDraftForm is the new-assessment form as typed.
type legisDraftForm struct{ Country, AssessedOn, Title string }

// legisSummaryEntry is one entry of a form's error summary, in the form's order.
type legisSummaryEntry struct{ Field, Message string }

// legisErrorSummary orders a form's messages by its fields, for the summary at
// the top of the page that links to each field.
func legisErrorSummary(msgs map[string]string, fields ...string) []legisSummaryEntry {
	var out []legisSummaryEntry
	for _, f := range fields {
		if m, ok := msgs[f]; ok {
			out = append(out, legisSummaryEntry{f, m})
		}
	}
	return out
}

var legisDraftFields = []string{"country", "assessed_on", "title"}

func (s *Server) renderLegisNew(w http.ResponseWriter, r *http.Request, status int, f legisDraftForm, es valid.Errors) {
	msgs := legisFieldMessages(langOf(r), es, "legislation.")
	s.render(w, r, status, "programme_legislation_new", map[string]any{
		"Title": s.t(r, "legislation.new.title", nil), "Form": f, "Errors": msgs,
		"Summary": legisErrorSummary(msgs, legisDraftFields...), "Countries": countryOptions(langOf(r)),
		"MaxTitle": legislation.MaxTitle,
	})
}

// legislationNew shows the form for a new assessment, dated today.
func (s *Server) legislationNew(w http.ResponseWriter, r *http.Request) {
	s.renderLegisNew(w, r, http.StatusOK, legisDraftForm{AssessedOn: s.now().UTC().Format(legislation.DateLayout)}, nil)
}

// legislationCreate records a new assessment; bad input shows the form
// again (422) with what to change.
func (s *Server) legislationCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f := legisDraftForm{Country: r.PostFormValue("country"), AssessedOn: strings.TrimSpace(r.PostFormValue("assessed_on")),
		Title: r.PostFormValue("title")}
	a, err := s.db.CreateLegislationAssessment(r.Context(), legislation.Draft{Country: f.Country, AssessedOn: f.AssessedOn, Title: f.Title})
	if es, ok := asFieldErrors(err); ok {
		s.renderLegisNew(w, r, http.StatusUnprocessableEntity, f, es)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "legislation.created")
	http.Redirect(w, r, "/programmes/legislation/assessments/"+a.ID.String(), http.StatusSeeOther)
}

// legisFieldMessages is fieldMessages with an area's own wording.
func legisFieldMessages(lang string, es valid.Errors, prefix string) map[string]string {
	out := make(map[string]string, len(es))
	for _, e := range es {
		if _, seen := out[e.Field]; !seen {
			out[e.Field] = i18n.FieldMessage(lang, e, prefix)
		}
	}
	return out
}

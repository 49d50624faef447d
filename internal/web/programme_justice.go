package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// justiceLine is one cell as shown.
type justiceLine struct {
	justicefig.Line
	Shown                              string // the counted figure as released
	CountryName, FormLabel, StageLabel string
}

// justiceForm is the figure form as typed.
type justiceForm struct {
	Country, Year, Form, Stage, Count, Source string
}

// justiceFigures shows counted and entered figures side by side, for one
// country or all, with the form to enter a figure.
func (s *Server) justiceFigures(w http.ResponseWriter, r *http.Request) {
	s.justicePage(w, r, http.StatusOK, justiceForm{Year: strconv.Itoa(s.now().Year() - 1)}, nil)
}

func (s *Server) justicePage(w http.ResponseWriter, r *http.Request, status int, f justiceForm, es valid.Errors) {
	filter := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	if filter != "" && !country.Accepted(filter) {
		filter = ""
	}
	table, err := s.db.JusticeFigures(r.Context(), filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	shown := make([]justiceLine, len(table.Lines))
	for i, l := range table.Lines {
		shown[i] = justiceLine{Line: l, Shown: releasedCount(lang, l.Counted, l.Withheld), CountryName: country.Name(lang, l.Country),
			FormLabel:  i18n.T(lang, "case.exploitation."+l.Form, nil),
			StageLabel: i18n.T(lang, "justice_figures.stage."+l.Stage, nil)}
	}
	msgs, sum := outreachErrors(lang, "justice_figures.", es)
	forms := make([]choice, len(justicefig.Forms))
	for i, code := range justicefig.Forms {
		forms[i] = choice{Value: code, Label: i18n.T(lang, "case.exploitation."+code, nil), Checked: code == f.Form}
	}
	query := ""
	if filter != "" {
		query = "?country=" + filter
	}
	s.render(w, r, status, "justice_figures", map[string]any{
		"Title": s.t(r, "justice_figures.title", nil), "Lines": shown, "Note": i18n.T(lang, table.Note, table.NoteParams), "Filter": filter, "Query": query,
		"Countries": country.Options(lang), "Form": f, "Errors": msgs, "Summary": sum, "Forms": forms,
		"Stages":   options(lang, "justice_figures.stage.", justicefig.Stages, f.Stage),
		"CanEnter": actorOf(r).Can(auth.PermProgrammeOwn), "MaxSource": justicefig.MaxSource})
}

// justiceEnter records a figure entered by a justice agency.
func (s *Server) justiceEnter(w http.ResponseWriter, r *http.Request) {
	v := r.PostFormValue
	f := justiceForm{Country: v("country"), Year: v("year"), Form: v("form"), Stage: v("stage"), Count: v("count"),
		Source: v("source")}
	fig := justicefig.Figure{Country: f.Country, Year: int(wholeNumber(f.Year)), Form: f.Form, Stage: f.Stage,
		Count: int(wholeNumber(f.Count)), Source: f.Source}
	if err := s.db.EnterJusticeFigure(r.Context(), &fig); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.justicePage(w, r, http.StatusUnprocessableEntity, f, es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "justice_figures.flash.entered")
	s.redirect(w, r, "/programmes/justice?country="+fig.Country)
}

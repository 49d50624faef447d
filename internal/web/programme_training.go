package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// trainingList lists the organisation's sessions.
func (s *Server) trainingList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListTrainings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "training_list", map[string]any{
		"Title": s.t(r, "training.list.title", nil), "Trainings": list,
		"CanAdd": actorOf(r).Can(auth.PermProgrammeOwn)})
}

// trainingForm is the session form as typed.
type trainingForm struct {
	EditID                                            string // the session changed; "" for a new one
	Topic, Country, Place, StartsOn, EndsOn, Trainers string
}

func (s *Server) trainingFormPage(w http.ResponseWriter, r *http.Request, status int, f trainingForm, es valid.Errors) {
	lang := langOf(r)
	msgs, sum := outreachErrors(lang, "training.", es)
	title := "training.new.title"
	if f.EditID != "" {
		title = "training.edit.title"
	}
	s.render(w, r, status, "training_form", map[string]any{
		"Title": s.t(r, title, nil), "Form": f, "Errors": msgs, "Summary": sum,
		"Topics": options(lang, "training.topic.", training.Topics, f.Topic), "Countries": country.Options(lang),
		"MaxPlace": training.MaxPlace, "MaxTrainers": training.MaxTrainers})
}

// trainingNew shows the session form.
func (s *Server) trainingNew(w http.ResponseWriter, r *http.Request) {
	s.trainingFormPage(w, r, http.StatusOK, trainingForm{}, nil)
}

// trainingCreate records a session; bad input shows the form again (422).
func (s *Server) trainingCreate(w http.ResponseWriter, r *http.Request) {
	f := trainingForm{Topic: r.PostFormValue("topic"), Country: r.PostFormValue("country"), Place: r.PostFormValue("place"),
		StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on"), Trainers: r.PostFormValue("trainers")}
	t := training.Training{Topic: f.Topic, Country: f.Country, Place: f.Place, StartsOn: f.StartsOn, EndsOn: f.EndsOn,
		Trainers: f.Trainers}
	if err := s.db.CreateTraining(r.Context(), &t); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.trainingFormPage(w, r, http.StatusUnprocessableEntity, f, es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "training.flash.created")
	s.redirect(w, r, "/programmes/trainings/"+t.ID.String())
}

// trainingEdit shows the session form filled in.
func (s *Server) trainingEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.db.GetTraining(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // trainers' names
	s.trainingFormPage(w, r, http.StatusOK, trainingForm{EditID: id.String(), Topic: t.Topic, Country: t.Country,
		Place: t.Place, StartsOn: t.StartsOn, EndsOn: t.EndsOn, Trainers: t.Trainers}, nil)
}

// trainingUpdate saves the session form; bad input shows it again (422).
func (s *Server) trainingUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := trainingForm{EditID: id.String(), Topic: r.PostFormValue("topic"), Country: r.PostFormValue("country"),
		Place: r.PostFormValue("place"), StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on"),
		Trainers: r.PostFormValue("trainers")}
	t := training.Training{ID: id, Topic: f.Topic, Country: f.Country, Place: f.Place, StartsOn: f.StartsOn,
		EndsOn: f.EndsOn, Trainers: f.Trainers}
	if err := s.db.UpdateTraining(r.Context(), &t); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.trainingFormPage(w, r, http.StatusUnprocessableEntity, f, es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "training.flash.saved")
	s.redirect(w, r, "/programmes/trainings/"+id.String())
}

// trainingView shows a session with its participants and the bulk entry.
func (s *Server) trainingView(w http.ResponseWriter, r *http.Request) {
	s.trainingPage(w, r, http.StatusOK, "", nil)
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request, status int, typed string, es valid.Errors) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.db.GetTraining(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	_, sum := outreachErrors(lang, "training.", es)
	w.Header().Set("Cache-Control", "no-store") // participants' names
	s.render(w, r, status, "training_view", map[string]any{
		"Title": s.t(r, "training.topic."+t.Topic, nil), "Training": t, "CountryName": country.Name(lang, t.Country),
		"Summary": sum, "Typed": typed, "Professions": options(lang, "training.profession.", training.Professions),
		"Max": training.MaxParticipants})
}

// trainingParticipants adds the participants pasted (or uploaded as a
// CSV file) all at once; one bad row refuses the whole entry and shows
// each row's problem.
func (s *Server) trainingParticipants(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostFormValue("participants")
	if r.MultipartForm != nil {
		if fh := r.MultipartForm.File["file"]; len(fh) > 0 {
			if f, err := fh[0].Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(f, maxBody))
				f.Close()
				text = string(b)
			}
		}
	}
	ps, lines := parseParticipants(langOf(r), text)
	if _, err := s.db.AddParticipants(r.Context(), id, ps); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.trainingPage(w, r, http.StatusUnprocessableEntity, text, onLines(es, lines))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "training.flash.participants")
	s.redirect(w, r, "/programmes/trainings/"+id.String())
}

// parseParticipants reads one participant a line: name, profession, sex,
// employer, attended, score before, score after, separated by commas or
// semicolons (what spreadsheets in French write). A heading line is
// skipped. Professions and sexes are read as codes or as the labels of the
// reader's language; attendance as yes or no in that language (empty is
// yes). A score that is not a number reads as -1, which the domain refuses
// with the range rule, naming the row.
func parseParticipants(lang, text string) ([]training.Participant, []int) {
	text = strings.TrimPrefix(strings.ReplaceAll(text, "\r\n", "\n"), "\ufeff")
	sep := ','
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		sep = ';'
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma, cr.FieldsPerRecord, cr.TrimLeadingSpace = sep, -1, true
	labels := func(prefix string, codes []string) map[string]string {
		m := map[string]string{}
		for _, c := range codes {
			m[strings.ToLower(c)] = c
			m[strings.ToLower(i18n.T(lang, prefix+c, nil))] = c
		}
		return m
	}
	profs, sexes := labels("training.profession.", training.Professions), labels("training.sex.", training.Sexes)
	yes := map[string]bool{"": true, "1": true, "true": true, "x": true, strings.ToLower(i18n.T(lang, "training.bulk.yes", nil)): true}
	heading := strings.ToLower(i18n.T(lang, "training.field.name", nil))
	var out []training.Participant
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		for len(rec) < 7 {
			rec = append(rec, "")
		}
		name := strings.TrimSpace(rec[0])
		if name == "" && strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		if low := strings.ToLower(name); len(out) == 0 && (low == heading || low == "name") {
			continue
		}
		code := func(m map[string]string, v string) string {
			v = strings.TrimSpace(v)
			if c, ok := m[strings.ToLower(v)]; ok {
				return c
			}
			return v
		}
		p := training.Participant{Name: name, Profession: code(profs, rec[1]), Sex: code(sexes, rec[2]),
			Organisation: strings.TrimSpace(rec[3]), Attended: yes[strings.ToLower(strings.TrimSpace(rec[4]))],
			PreScore: scoreOf(rec[5]), PostScore: scoreOf(rec[6])}
		line, _ := cr.FieldPos(0)
		out = append(out, p)
		lines = append(lines, line)
	}
	return out, lines
}

// onLines renames the errors of participant i after the line of the text
// it was typed on, so that "Line 4" is the fourth line the person typed
// (a heading line included).
func onLines(es valid.Errors, lines []int) valid.Errors {
	out := make(valid.Errors, len(es))
	for i, e := range es {
		out[i] = e
		if row, field, ok := bulkRow(e.Field); ok && row < len(lines) {
			c := *e
			c.Field = "participants[" + strconv.Itoa(lines[row]-1) + "]." + field
			out[i] = &c
		}
	}
	return out
}

func scoreOf(s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = -1
	}
	return &n
}

// reportLine is one line of a report as shown: the key's label.
type reportLine struct {
	training.Line
	Label string
	Gain  string // signed, in the reader's notation; "" when none
}

// trainingReportData reads the report grouped by the query's "by".
func (s *Server) trainingReportData(r *http.Request) (string, []reportLine, error) {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "profession"
	}
	lines, err := s.db.TrainingReport(r.Context(), by)
	if err != nil {
		return by, nil, err
	}
	lang := langOf(r)
	out := make([]reportLine, len(lines))
	for i, l := range lines {
		out[i] = reportLine{Line: l, Label: l.Key}
		if g := l.MeanGain; g != nil {
			out[i].Gain = i18n.Number(lang, *g, 1)
			if *g > 0 {
				out[i].Gain = "+" + out[i].Gain
			}
		}
		switch by {
		case "profession":
			out[i].Label = i18n.T(lang, "training.profession."+l.Key, nil)
		case "topic":
			out[i].Label = i18n.T(lang, "training.topic."+l.Key, nil)
		case "country":
			out[i].Label = country.Name(lang, l.Key)
		}
	}
	return by, out, nil
}

// trainingReport shows people trained and their mean gain, by profession,
// country, year or topic.
func (s *Server) trainingReport(w http.ResponseWriter, r *http.Request) {
	by, lines, err := s.trainingReportData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	total := 0
	for _, l := range lines {
		total += l.Trained
	}
	bars := chart.BarChart{Title: s.t(r, "training.report.chart", nil), Desc: s.t(r, "training.report.caption",
		map[string]any{"Total": total}), Unit: s.t(r, "training.report.trained_short", nil)}
	for _, l := range lines {
		bars.Bars = append(bars.Bars, chart.Bar{Label: l.Label, Value: float64(l.Trained), Display: strconv.Itoa(l.Trained)})
	}
	s.render(w, r, http.StatusOK, "training_report", map[string]any{
		"Title": s.t(r, "training.report.title", nil), "By": by, "Lines": lines, "Total": total, "Chart": chart.Bars(bars),
		"Dimensions": options(langOf(r), "training.by.", training.ReportBy, by)})
}

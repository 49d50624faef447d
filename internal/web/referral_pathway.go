package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The pathway pages translate forms into the store's SavePathway and show
// pathways for printing; the rules are referral.Pathway's and the store's.

// pathwayFormSteps is how many step rows the form shows.
const pathwayFormSteps = 8

// pathwayFormOrgs is how many organisations a step row offers.
const pathwayFormOrgs = 3

type pathwayStepView struct {
	N, Num  int
	Service string
	Label   string
	Orgs    []orgView
	OrgIDs  []string // the form's chosen ids, pathwayFormOrgs of them
}

type orgView struct {
	ID, Name, Country, Phone, Email string
}

// orgIndex is the directory's organisations by id (public details only).
func (s *Server) orgIndex(r *http.Request) (map[uuid.UUID]orgView, []orgView, error) {
	ls, err := s.db.SearchDirectory(r.Context(), directory.Filter{})
	if err != nil {
		return nil, nil, err
	}
	lang := langOf(r)
	idx := map[uuid.UUID]orgView{}
	var all []orgView
	for _, l := range ls {
		v := orgView{l.Org.ID.String(), l.Org.Name, countryName(lang, l.Org.Country), l.Org.Phone, l.Org.Email}
		idx[l.Org.ID] = v
		all = append(all, v)
	}
	return idx, all, nil
}

func (s *Server) pathwaySteps(r *http.Request, p referral.Pathway, idx map[uuid.UUID]orgView) []pathwayStepView {
	lang := langOf(r)
	var out []pathwayStepView
	for i, st := range p.Steps {
		v := pathwayStepView{N: i + 1, Service: string(st.Service), Label: serviceLabel(lang, st.Service)}
		for _, id := range st.OrgIDs {
			if o, ok := idx[id]; ok {
				v.Orgs = append(v.Orgs, o)
			}
		}
		out = append(out, v)
	}
	return out
}

// pathwayList shows the pathways, of one country when asked.
func (s *Server) pathwayList(w http.ResponseWriter, r *http.Request) {
	country := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	ps, err := s.db.ListPathways(r.Context(), country)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	type row struct {
		ID, Name, Countries string
	}
	var rows []row
	for _, p := range ps {
		var names []string
		for _, c := range p.Countries {
			names = append(names, countryName(lang, c))
		}
		rows = append(rows, row{p.ID.String(), p.Name, strings.Join(names, " – ")})
	}
	s.render(w, r, http.StatusOK, "pathway_list", map[string]any{"Rows": rows, "Country": country,
		"Countries": countryOptions(lang), "CanEdit": actorOf(r).Can(auth.PermDirectoryCurate)})
}

// pathwayView is the printable page of one pathway.
func (s *Server) pathwayView(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.GetPathway(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	idx, _, err := s.orgIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	var names []string
	for _, c := range p.Countries {
		names = append(names, countryName(lang, c))
	}
	s.render(w, r, http.StatusOK, "pathway_view", map[string]any{"P": p, "Countries": strings.Join(names, " – "),
		"Steps": s.pathwaySteps(r, p, idx), "CanEdit": actorOf(r).Can(auth.PermDirectoryCurate)})
}

func (s *Server) pathwayNew(w http.ResponseWriter, r *http.Request) {
	s.renderPathwayForm(w, r, http.StatusOK, referral.Pathway{}, "", nil)
}

func (s *Server) pathwayEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.db.GetPathway(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPathwayForm(w, r, http.StatusOK, p, strings.Join(p.Countries, " "), nil)
}

// pathwaySave creates or replaces a pathway from the form.
func (s *Server) pathwaySave(w http.ResponseWriter, r *http.Request) {
	var p referral.Pathway
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if _, err := s.db.GetPathway(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
		p.ID = id
	}
	_ = r.ParseForm()
	p.Name = r.PostFormValue("name")
	countries := r.PostFormValue("countries")
	p.Countries = strings.FieldsFunc(countries, func(c rune) bool { return c == ' ' || c == ',' || c == '-' || c == ';' })
	for i := range pathwayFormSteps {
		n := strconv.Itoa(i)
		st := referral.Step{Service: directory.Service(r.PostFormValue("service_" + n))}
		for j := range pathwayFormOrgs {
			if id, err := uuid.Parse(r.PostFormValue("org_" + n + "_" + strconv.Itoa(j))); err == nil {
				st.OrgIDs = append(st.OrgIDs, id)
			}
		}
		p.Steps = append(p.Steps, st)
	}
	err := s.db.SavePathway(r.Context(), &p)
	if es, ok := asFieldErrors(err); ok {
		s.renderPathwayForm(w, r, http.StatusUnprocessableEntity, p, countries, es)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "pathway.flash.saved")
	s.redirect(w, r, "/pathways/"+p.ID.String())
}

func (s *Server) renderPathwayForm(w http.ResponseWriter, r *http.Request, status int, p referral.Pathway,
	countries string, es valid.Errors) {
	lang := langOf(r)
	_, all, err := s.orgIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Rows as typed: the form's own empty rows are dropped by Normalise,
	// so errors name the steps kept, in order.
	p.Normalise()
	var rows []pathwayStepView
	for i := range pathwayFormSteps {
		v := pathwayStepView{N: i, Num: i + 1}
		if i < len(p.Steps) {
			v.Service = string(p.Steps[i].Service)
			for _, id := range p.Steps[i].OrgIDs {
				v.OrgIDs = append(v.OrgIDs, id.String())
			}
		}
		for len(v.OrgIDs) < pathwayFormOrgs {
			v.OrgIDs = append(v.OrgIDs, "")
		}
		rows = append(rows, v)
	}
	action := "/pathways/new"
	if p.ID != uuid.Nil {
		action = "/pathways/" + p.ID.String() + "/edit"
	}
	data := map[string]any{"P": p, "CountriesText": countries, "Rows": rows, "Orgs": all,
		"Services": serviceChoices(lang, nil), "Action": action, "Path": action, "Errors": map[string]string{}}
	if len(es) > 0 {
		list, byField := referralErrors(lang, es)
		data["ErrorList"], data["Errors"] = list, byField
	}
	s.render(w, r, status, "pathway_form", data)
}

package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The referral pages translate forms into the store's calls; nothing here
// decides what may be shared, to whom, or which step is allowed.

// refChoice is a checkbox or radio of the referral forms.
type refChoice struct {
	Value, Label string
	Checked      bool
	Disabled     bool
	Why          string // why it is disabled
}

// refError is one line of an error summary: the field's id and its message.
type refError struct{ Field, Message string }

func referralErrors(lang string, es valid.Errors) ([]refError, map[string]string) {
	var list []refError
	byField := map[string]string{}
	for _, e := range es {
		id := strings.NewReplacer("[", "-", "]", "").Replace(e.Field)
		msg := referralFieldMessage(lang, e)
		if strings.HasPrefix(e.Field, "share[") || strings.HasPrefix(e.Field, "services[") {
			id = strings.SplitN(id, "-", 2)[0]
		}
		if _, seen := byField[id]; seen {
			continue
		}
		byField[id] = msg
		list = append(list, refError{id, msg})
	}
	return list, byField
}

// referralFieldMessage names a field by the referral form's own label when
// it has one (the summary then says what the form says), else as cases do.
func referralFieldMessage(lang string, e *valid.FieldError) string {
	name := indexed.ReplaceAllString(e.Field, "")
	id := "referral.field_label." + name
	if !i18n.Has(lang, id) {
		return caseFieldMessage(lang, e)
	}
	label := i18n.T(lang, id, nil)
	data := map[string]any{"Field": label}
	for k, v := range e.Params {
		data[k] = v
	}
	if i18n.Has(lang, "error."+e.Rule) {
		return i18n.T(lang, "error."+e.Rule, data)
	}
	return caseFieldMessage(lang, e)
}

// referralChoose lists organisations that may receive the referral: the
// directory filtered by service and country, accepting referrals now; with
// ?to= it is the first step of the form for that receiver.
func (s *Server) referralChoose(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("to") != "" {
		s.referralForm(w, r)
		return
	}
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCase(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	q := r.URL.Query()
	f := directory.Filter{Service: directory.Service(q.Get("service")), Country: q.Get("country"), Accepting: true}
	ls, err := s.db.SearchDirectory(r.Context(), f)
	if fes, ok := asFieldErrors(err); ok {
		_, byField := referralErrors(lang, fes)
		s.render(w, r, http.StatusUnprocessableEntity, "referral_choose", map[string]any{"Case": c, "Errors": byField,
			"Services": serviceChoices(lang, []string{q.Get("service")}), "Countries": countryOptions(lang), "Country": q.Get("country")})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	type orgRow struct {
		ID, Name, Country, Services string
	}
	var rows []orgRow
	me := actorOf(r).OrgID
	for _, l := range ls {
		if l.Org.ID == me {
			continue
		}
		var names []string
		for _, o := range l.Profile.Services {
			names = append(names, serviceLabel(lang, o.Service))
		}
		rows = append(rows, orgRow{l.Org.ID.String(), l.Org.Name, countryName(lang, l.Org.Country), strings.Join(names, ", ")})
	}
	// The pathways of the country asked (any, else) suggest whom to call
	// first, among the organisations that accept referrals now.
	ps, err := s.db.ListPathways(r.Context(), f.Country)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var suggested []orgRow
	for _, id := range referral.Suggest(ps, f.Service, "") {
		for _, row := range rows {
			if row.ID == id.String() {
				suggested = append(suggested, row)
			}
		}
	}
	s.render(w, r, http.StatusOK, "referral_choose", map[string]any{"Case": c, "Orgs": rows, "Errors": map[string]string{},
		"Suggested": suggested,
		"Services":  serviceChoices(lang, []string{q.Get("service")}), "Countries": countryOptions(lang), "Country": q.Get("country")})
}

func serviceChoices(lang string, checked []string) []refChoice {
	out := make([]refChoice, len(directory.Services))
	for i, sv := range directory.Services {
		out[i] = refChoice{Value: string(sv), Label: serviceLabel(lang, sv), Checked: slices.Contains(checked, string(sv))}
	}
	return out
}

// refForm is the referral as typed, carried from step to step.
type refForm struct {
	Services               []string
	Urgency                string
	Purpose, Message       string
	Share                  []string
	Step                   string // "details" or "share"
	ReceiverName, CaseCode string
}

func readRefForm(r *http.Request) refForm {
	_ = r.ParseForm()
	return refForm{Services: nonEmpty(r.PostForm["services"]), Urgency: r.PostFormValue("urgency"),
		Purpose: strings.TrimSpace(r.PostFormValue("purpose")), Message: strings.TrimSpace(r.PostFormValue("message")),
		Share: nonEmpty(r.PostForm["share"]), Step: r.PostFormValue("step")}
}

func (f refForm) referral(caseID, to uuid.UUID) referral.Referral {
	rf := referral.Referral{CaseID: caseID, ToOrgID: to, Urgency: referral.Urgency(f.Urgency), Purpose: f.Purpose,
		Message: f.Message}
	for _, sv := range f.Services {
		rf.Services = append(rf.Services, directory.Service(sv))
	}
	for _, fl := range f.Share {
		rf.Share = append(rf.Share, referral.Field(fl))
	}
	return rf
}

// referralTarget reads the case and the receiver of the form's path.
func (s *Server) referralTarget(r *http.Request) (uuid.UUID, string, directory.Listing, error) {
	id, err := caseID(r)
	if err != nil {
		return id, "", directory.Listing{}, err
	}
	c, err := s.db.GetCase(r.Context(), id)
	if err != nil {
		return id, "", directory.Listing{}, err
	}
	to := r.URL.Query().Get("to")
	if r.Method == http.MethodPost {
		to = r.PostFormValue("to")
	}
	org, err := uuid.Parse(to)
	if err != nil {
		return id, "", directory.Listing{}, store.ErrNotFound
	}
	l, err := s.db.DirectoryListing(r.Context(), org)
	return id, c.Code, l, err
}

// referralForm is the first step with a receiver: services, urgency,
// purpose and message.
func (s *Server) referralForm(w http.ResponseWriter, r *http.Request) {
	id, code, l, err := s.referralTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := refForm{Urgency: string(referral.Routine), Step: "details"}
	s.renderRefForm(w, r, http.StatusOK, id, code, l, f, nil)
}

// referralSubmit takes either step: the details lead to the fields to
// share, pre-selected for the services; the fields send the referral.
func (s *Server) referralSubmit(w http.ResponseWriter, r *http.Request) {
	id, code, l, err := s.referralTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := readRefForm(r)
	rf := f.referral(id, l.Org.ID)
	if f.Step != "share" {
		// Check the details alone (the fields come next), with the
		// domain's own rules and the receiver's offers.
		probe := rf
		probe.Share = referral.Defaults(probe.Services)
		probe.Normalise()
		es := probe.Validate()
		for i, sv := range probe.Services {
			if ok, why := directory.Offers(l.Profile, sv); !ok {
				es.Add(valid.New("services["+strconv.Itoa(i)+"]", string(why), nil))
			}
		}
		if len(es) > 0 {
			s.renderRefForm(w, r, http.StatusUnprocessableEntity, id, code, l, f, es)
			return
		}
		f.Step = "share"
		f.Share = nil
		for _, fl := range probe.Share {
			f.Share = append(f.Share, string(fl))
		}
		f.Urgency = string(probe.Urgency)
		s.renderRefForm(w, r, http.StatusOK, id, code, l, f, nil)
		return
	}
	err = s.db.CreateReferral(r.Context(), &rf)
	if es, ok := asFieldErrors(err); ok {
		s.renderRefForm(w, r, http.StatusUnprocessableEntity, id, code, l, f, es)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "referral.flash.sent")
	s.redirect(w, r, "/referrals/"+rf.ID.String())
}

func (s *Server) renderRefForm(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, code string,
	l directory.Listing, f refForm, es valid.Errors) {
	lang := langOf(r)
	data := map[string]any{"CaseID": id.String(), "CaseCode": code, "Org": l.Org, "Form": f,
		"Path": "/cases/" + id.String() + "/refer?to=" + l.Org.ID.String(), "Errors": map[string]string{}}
	if len(es) > 0 {
		list, byField := referralErrors(lang, es)
		data["ErrorList"], data["Errors"] = list, byField
	}
	var offered []refChoice
	for _, o := range l.Profile.Services {
		offered = append(offered, refChoice{Value: string(o.Service), Label: serviceLabel(lang, o.Service),
			Checked: slices.Contains(f.Services, string(o.Service))})
	}
	data["Services"] = offered
	var urg []refChoice
	for _, u := range referral.Urgencies {
		urg = append(urg, refChoice{Value: string(u), Label: i18n.T(lang, "referral.urgency."+string(u), nil),
			Checked: f.Urgency == string(u)})
	}
	data["Urgencies"] = urg
	if f.Step == "share" {
		fs, err := s.db.Shareable(r.Context(), id, l.Org.ID)
		if err != nil {
			if fes, ok := asFieldErrors(err); ok {
				list, byField := referralErrors(lang, fes)
				data["ErrorList"], data["Errors"] = list, byField
			} else {
				s.fail(w, r, err)
				return
			}
		}
		var fields []refChoice
		for _, x := range fs {
			c := refChoice{Value: string(x.Field), Label: i18n.T(lang, "referral.field."+string(x.Field), nil),
				Checked: x.Allowed && slices.Contains(f.Share, string(x.Field)), Disabled: !x.Allowed}
			if !x.Allowed {
				c.Why = i18n.T(lang, "error."+x.Rule, map[string]any{"Field": c.Label})
			}
			fields = append(fields, c)
		}
		data["Fields"] = fields
		var names []string
		for _, sv := range f.Services {
			names = append(names, serviceLabel(lang, directory.Service(sv)))
		}
		data["ServiceNames"] = strings.Join(names, ", ")
		data["UrgencyName"] = i18n.T(lang, "referral.urgency."+f.Urgency, nil)
	}
	s.render(w, r, status, "referral_form", data)
}

// refRow is a referral in a list or on its page.
type refRow struct {
	referral.Referral
	Other        string // the other organisation's name
	ServiceNames string
	StatusName   string
	UrgencyName  string
	Overdue      bool
	Incoming     bool
}

func (s *Server) refRow(r *http.Request, x referral.Referral, names map[uuid.UUID]string) refRow {
	lang := langOf(r)
	a := actorOf(r)
	row := refRow{Referral: x, Incoming: x.ToOrgID == a.OrgID,
		StatusName:  i18n.T(lang, "referral.status."+string(x.Status), nil),
		UrgencyName: i18n.T(lang, "referral.urgency."+string(x.Urgency), nil),
		Overdue:     x.Overdue(s.now())}
	other := x.ToOrgID
	if row.Incoming {
		other = x.FromOrgID
	}
	if n, ok := names[other]; ok {
		row.Other = n
	} else if l, err := s.db.DirectoryListing(r.Context(), other); err == nil {
		row.Other = l.Org.Name
		names[other] = l.Org.Name
	}
	var sv []string
	for _, x := range x.Services {
		sv = append(sv, serviceLabel(lang, x))
	}
	row.ServiceNames = strings.Join(sv, ", ")
	return row
}

// referralList shows the referrals received or sent; overdue ones are
// highlighted for supervisors.
func (s *Server) referralList(w http.ResponseWriter, r *http.Request) {
	dir := store.Direction(r.URL.Query().Get("direction"))
	if dir == "" {
		dir = store.Incoming
	}
	status := referral.Status(r.URL.Query().Get("status"))
	rs, err := s.db.ListReferrals(r.Context(), dir, status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[uuid.UUID]string{}
	rows := make([]refRow, len(rs))
	for i, x := range rs {
		rows[i] = s.refRow(r, x, names)
	}
	lang := langOf(r)
	var statuses []refChoice
	for _, st := range referral.Statuses {
		statuses = append(statuses, refChoice{Value: string(st), Label: i18n.T(lang, "referral.status."+string(st), nil),
			Checked: st == status})
	}
	s.render(w, r, http.StatusOK, "referral_list", map[string]any{"Rows": rows, "Incoming": dir == store.Incoming,
		"Supervisor": actorOf(r).Can(auth.PermCaseApprove), "Statuses": statuses})
}

// referralView shows one referral with the steps its side may take.
func (s *Server) referralView(w http.ResponseWriter, r *http.Request) {
	s.showReferral(w, r, http.StatusOK, nil)
}

func (s *Server) showReferral(w http.ResponseWriter, r *http.Request, status int, es valid.Errors) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.db.GetReferral(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	row := s.refRow(r, x, map[uuid.UUID]string{})
	type sharedRow struct{ Label, Value string }
	var shared []sharedRow
	for _, f := range x.Share {
		if v, ok := x.Shared[f]; ok {
			shared = append(shared, sharedRow{i18n.T(lang, "referral.field."+string(f), nil), v})
		}
	}
	var steps []refChoice
	for _, a := range referral.Actions {
		if a == referral.Decline || a == referral.Revoke {
			continue
		}
		if _, rule := referral.Next(x.Status, a, row.Incoming); rule == "" {
			steps = append(steps, refChoice{Value: string(a), Label: i18n.T(lang, "referral.action."+string(a), nil)})
		}
	}
	_, declineRule := referral.Next(x.Status, referral.Decline, row.Incoming)
	_, revokeRule := referral.Next(x.Status, referral.Revoke, row.Incoming)
	data := map[string]any{"R": row, "Shared": shared, "Steps": steps,
		"CanDecline": declineRule == "", "CanRevoke": revokeRule == "",
		"CanOutcome": row.Incoming && (x.Status == referral.Accepted || x.Status == referral.InService || x.Status == referral.Completed),
		"Tombstone":  row.Incoming && !x.Status.KeepsShared(),
		"Path":       "/referrals/" + id.String(), "Errors": map[string]string{}}
	var svc []refChoice
	for _, sv := range x.Services {
		if _, ok := referral.PlanType(sv); ok {
			svc = append(svc, refChoice{Value: string(sv), Label: serviceLabel(lang, sv)})
		}
	}
	data["OutcomeServices"] = svc
	if len(es) > 0 {
		list, byField := referralErrors(lang, es)
		data["ErrorList"], data["Errors"] = list, byField
	}
	s.render(w, r, status, "referral_view", data)
}

// referralStep takes one step; a decline needs its reason and a revocation
// its confirmation (the form's), both shown on the page when missing.
func (s *Server) referralStep(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	action := referral.Action(r.PostFormValue("action"))
	if !slices.Contains(referral.Actions, action) {
		s.showReferral(w, r, http.StatusUnprocessableEntity, valid.Errors{valid.OneOf("action", string(action), referral.ActionValues()...)})
		return
	}
	if action == referral.Revoke && r.PostFormValue("confirm") != "yes" {
		s.showReferral(w, r, http.StatusUnprocessableEntity, valid.Errors{valid.New("confirm", valid.RuleRequired, nil)})
		return
	}
	err = s.db.StepReferral(r.Context(), id, action, r.PostFormValue("reason"))
	if es, ok := asFieldErrors(err); ok {
		s.showReferral(w, r, http.StatusUnprocessableEntity, es)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "referral.flash."+string(action))
	s.redirect(w, r, "/referrals/"+id.String())
}

// referralOutcome records a service outcome for the sender's plan.
func (s *Server) referralOutcome(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	_, err = s.db.AddReferralOutcome(r.Context(), id, referral.Outcome{Service: directory.Service(r.PostFormValue("service")),
		Status: r.PostFormValue("status"), Outcome: r.PostFormValue("outcome")})
	if es, ok := asFieldErrors(err); ok {
		s.showReferral(w, r, http.StatusUnprocessableEntity, es)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "referral.flash.outcome")
	s.redirect(w, r, "/referrals/"+id.String())
}

package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
	"github.com/passerelle-org/passerelle/internal/worldmap"
)

// campaignView is a campaign with its labels in the reader's language.
type campaignView struct {
	campaign.Campaign
	LevelLabel          string
	Targets, Channels   []string
	CountryNames, Langs string
	Own                 bool // the reader's organisation's: it opens
	BudgetShown         string
	ReachShown          string
}

func viewCampaign(lang string, c campaign.Campaign) campaignView {
	v := campaignView{Campaign: c, LevelLabel: i18n.T(lang, "campaign.level."+c.Level, nil),
		BudgetShown: i18n.Number(lang, float64(c.Budget), 0), ReachShown: i18n.Number(lang, float64(c.Reach), 0)}
	for _, t := range c.TargetGroups {
		v.Targets = append(v.Targets, i18n.T(lang, "campaign.target."+t, nil))
	}
	for _, ch := range c.Channels {
		v.Channels = append(v.Channels, i18n.T(lang, "campaign.channel."+ch, nil))
	}
	names := make([]string, len(c.Countries))
	for i, code := range c.Countries {
		names[i] = country.Name(lang, code)
	}
	v.CountryNames = strings.Join(names, ", ")
	langs := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		langs[i] = languageName(lang, l) // CLDR, as the directory names them
	}
	v.Langs = strings.Join(langs, ", ")
	return v
}

func (s *Server) campaignsOf(r *http.Request) ([]campaignView, error) {
	list, err := s.db.ListCampaigns(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]campaignView, len(list))
	for i, c := range list {
		out[i] = viewCampaign(langOf(r), c)
	}
	return out, nil
}

// campaignList lists the organisation's campaigns.
func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) {
	list, err := s.campaignsOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaign_list", map[string]any{
		"Title": s.t(r, "campaign.list.title", nil), "Campaigns": list, "CanAdd": actorOf(r).Can(auth.PermProgrammeOwn)})
}

// calendarMonth is one month of the calendar as shown.
type calendarMonth struct {
	Label     string
	Campaigns []campaignView
}

// calendarCampaigns are the campaigns the calendar and the map show: the
// whole network's for readers of programmes, the organisation's otherwise.
func (s *Server) calendarCampaigns(r *http.Request) ([]campaign.Campaign, error) {
	if actorOf(r).Can(auth.PermProgrammeView) {
		return s.db.ListNetworkCampaigns(r.Context())
	}
	return s.db.ListCampaigns(r.Context())
}

// campaignCalendar lists the campaigns month by month: a list, which a
// phone shows as well as a wide screen. Only the reader's organisation's
// campaigns open.
func (s *Server) campaignCalendar(w http.ResponseWriter, r *http.Request) {
	list, err := s.calendarCampaigns(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	org := actorOf(r).OrgID
	var months []calendarMonth
	for _, m := range campaign.Calendar(list) {
		mo, _ := strconv.Atoi(m.Month[5:7])
		cm := calendarMonth{Label: i18n.T(lang, "campaign.month."+strconv.Itoa(mo), nil) + " " + m.Month[:4]}
		for _, c := range m.Campaigns {
			v := viewCampaign(lang, c)
			v.Own = c.OrgID == org
			cm.Campaigns = append(cm.Campaigns, v)
		}
		months = append(months, cm)
	}
	s.render(w, r, http.StatusOK, "campaign_calendar", map[string]any{
		"Title": s.t(r, "campaign.calendar.title", nil), "Months": months})
}

// campaignMap shows the number of campaigns by country on a map, with the
// same figures as a table beside it (the map's words for screen readers).
func (s *Server) campaignMap(w http.ResponseWriter, r *http.Request) {
	list, err := s.calendarCampaigns(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	counts := map[string]int{}
	var codes []string
	for _, c := range list {
		for _, code := range c.Countries {
			if counts[code] == 0 {
				codes = append(codes, code)
			}
			counts[code]++
		}
	}
	slices.Sort(codes)
	type row struct {
		Name  string
		Count int
	}
	var rows []row
	m := worldmap.FlowMap{Title: s.t(r, "campaign.map.title", nil), Desc: s.t(r, "campaign.map.desc", nil),
		Names: map[string]string{}, Region: codes}
	for _, code := range codes {
		name := country.Name(lang, code)
		m.Names[code] = name
		m.Points = append(m.Points, worldmap.Point{Country: code, Count: counts[code],
			Label: name + " · " + strconv.Itoa(counts[code])})
		rows = append(rows, row{name, counts[code]})
	}
	data := map[string]any{"Title": s.t(r, "campaign.map.title", nil), "Rows": rows}
	if len(codes) > 0 {
		data["Map"] = worldmap.Flows(m)
	}
	s.render(w, r, http.StatusOK, "campaign_map", data)
}

// campaignForm is the campaign form as typed.
type campaignForm struct {
	EditID                                                       string // the campaign changed; "" for a new one
	Title, Level, Languages, Countries, Places, StartsOn, EndsOn string
	Budget, Currency, Reach, ReachKind                           string
	Targets, Channels                                            []string
}

func (s *Server) campaignFormPage(w http.ResponseWriter, r *http.Request, status int, f campaignForm, es valid.Errors) {
	lang := langOf(r)
	msgs, sum := outreachErrors(lang, "campaign.", es)
	title := "campaign.new.title"
	if f.EditID != "" {
		title = "campaign.edit.title"
	}
	s.render(w, r, status, "campaign_form", map[string]any{
		"Title": s.t(r, title, nil), "Form": f, "Errors": msgs, "Summary": sum,
		"Levels":   options(lang, "campaign.level.", campaign.Levels, f.Level),
		"Targets":  options(lang, "campaign.target.", campaign.TargetGroups, f.Targets...),
		"Channels": options(lang, "campaign.channel.", campaign.Channels, f.Channels...),
		"Kinds":    options(lang, "campaign.reach_kind.", campaign.ReachKinds, f.ReachKind),
		"MaxTitle": campaign.MaxTitle, "MaxPlaces": campaign.MaxPlaces})
}

// campaignNew shows the campaign form.
func (s *Server) campaignNew(w http.ResponseWriter, r *http.Request) {
	s.campaignFormPage(w, r, http.StatusOK, campaignForm{ReachKind: "estimated"}, nil)
}

// codeList splits a typed list of codes ("NER, NGA" or "ha fr").
func codeList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

// campaignFromForm reads the campaign form as typed and as the domain takes it.
func campaignFromForm(r *http.Request) (campaignForm, campaign.Campaign) {
	v := r.PostFormValue
	f := campaignForm{Title: v("title"), Level: v("level"), Languages: v("languages"), Countries: v("countries"),
		Places: v("places"), StartsOn: v("starts_on"), EndsOn: v("ends_on"), Budget: v("budget"), Currency: v("currency"),
		Reach: v("reach"), ReachKind: v("reach_kind"), Targets: r.PostForm["target_groups"], Channels: r.PostForm["channels"]}
	c := campaign.Campaign{Title: f.Title, Level: f.Level, TargetGroups: f.Targets, Channels: f.Channels,
		Languages: codeList(f.Languages), Countries: codeList(f.Countries), Places: f.Places, StartsOn: f.StartsOn,
		EndsOn: f.EndsOn, Currency: f.Currency, ReachKind: f.ReachKind}
	if strings.TrimSpace(f.Budget) != "" {
		c.Budget = wholeNumber(f.Budget)
	}
	if strings.TrimSpace(f.Reach) != "" {
		c.Reach = wholeNumber(f.Reach)
	}
	return f, c
}

// campaignCreate records a campaign; bad input shows the form again (422).
func (s *Server) campaignCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f, c := campaignFromForm(r)
	s.campaignSave(w, r, f, "campaign.flash.created", func() error { return s.db.CreateCampaign(r.Context(), &c) }, &c)
}

// campaignSave runs save; bad input shows the form again (422), else the
// campaign's page with flash.
func (s *Server) campaignSave(w http.ResponseWriter, r *http.Request, f campaignForm, flash string, save func() error, c *campaign.Campaign) {
	if err := save(); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.campaignFormPage(w, r, http.StatusUnprocessableEntity, f, es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	s.redirect(w, r, "/programmes/campaigns/"+c.ID.String())
}

// campaignEdit shows the campaign form filled in.
func (s *Server) campaignEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCampaign(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := campaignForm{EditID: id.String(), Title: c.Title, Level: c.Level, Languages: strings.Join(c.Languages, ", "),
		Countries: strings.Join(c.Countries, ", "), Places: c.Places, StartsOn: c.StartsOn, EndsOn: c.EndsOn,
		Currency: c.Currency, ReachKind: c.ReachKind, Targets: c.TargetGroups, Channels: c.Channels,
		Budget: strconv.FormatInt(c.Budget, 10), Reach: strconv.FormatInt(c.Reach, 10)}
	s.campaignFormPage(w, r, http.StatusOK, f, nil)
}

// campaignUpdate saves the campaign form.
func (s *Server) campaignUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f, c := campaignFromForm(r)
	f.EditID, c.ID = id.String(), id
	s.campaignSave(w, r, f, "campaign.flash.saved", func() error { return s.db.UpdateCampaign(r.Context(), &c) }, &c)
}

// campaignView shows a campaign, its signals before and after, and its
// materials.
func (s *Server) campaignView(w http.ResponseWriter, r *http.Request) {
	s.campaignPage(w, r, http.StatusOK, nil, nil)
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request, status int, es valid.Errors, typed map[string]string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCampaign(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sig, err := s.db.CampaignCaseSignals(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	msgs, sum := outreachErrors(lang, "campaign.", es)
	if typed == nil {
		typed = map[string]string{}
		for k, p := range map[string]*int64{"hotline_before": c.HotlineBefore, "hotline_after": c.HotlineAfter,
			"referrals_before": c.ReferralsBefore, "referrals_after": c.ReferralsAfter} {
			if p != nil {
				typed[k] = strconv.FormatInt(*p, 10)
			}
		}
	}
	win := campaign.WindowsOf(c)
	s.render(w, r, status, "campaign_view", map[string]any{
		"Title": c.Title, "C": viewCampaign(lang, c), "Errors": msgs, "Summary": sum, "Typed": typed,
		"CasesBefore": releasedCount(lang, sig.Before, sig.Before == nil), "CasesAfter": releasedCount(lang, sig.After, sig.After == nil),
		"CasesNote":  i18n.T(lang, sig.Note, sig.NoteParams),
		"BeforeFrom": win.BeforeFrom.Format("2006-01-02"), "AfterTo": win.AfterTo.AddDate(0, 0, -1).Format("2006-01-02"),
		"CanEdit": actorOf(r).Can(auth.PermProgrammeOwn), "MaxKB": i18n.Number(lang, float64(campaign.MaxMaterial>>10), 0),
		"SignalFields": []string{"hotline_before", "hotline_after", "referrals_before", "referrals_after"}})
}

// campaignSignals records the hotline calls and referrals entered.
func (s *Server) campaignSignals(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typed := map[string]string{}
	var sig store.Signals
	for k, p := range map[string]**int64{"hotline_before": &sig.HotlineBefore, "hotline_after": &sig.HotlineAfter,
		"referrals_before": &sig.ReferralsBefore, "referrals_after": &sig.ReferralsAfter} {
		typed[k] = r.PostFormValue(k)
		*p = optionalNumber(typed[k])
	}
	if err := s.db.SetCampaignSignals(r.Context(), id, sig); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.campaignPage(w, r, http.StatusUnprocessableEntity, es, typed)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "campaign.flash.signals")
	s.redirect(w, r, "/programmes/campaigns/"+id.String())
}

// campaignMaterialAdd stores an uploaded file of the campaign. The whole
// body is read in memory (never a temporary file); the store checks the
// campaign's scope before the file.
func (s *Server) campaignMaterialAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var data []byte
	name := ""
	if r.MultipartForm == nil {
		err = r.ParseMultipartForm(campaign.MaxMaterial + formRoom)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.campaignPage(w, r, http.StatusRequestEntityTooLarge, valid.Errors{valid.New("file", "too_large",
			map[string]any{"max_bytes": campaign.MaxMaterial})}, nil)
		return
	}
	if r.MultipartForm != nil {
		if fh := r.MultipartForm.File["file"]; len(fh) > 0 {
			name = fh[0].Filename
			if f, err := fh[0].Open(); err == nil {
				data, _ = io.ReadAll(io.LimitReader(f, campaign.MaxMaterial+1))
				f.Close()
			}
		}
	}
	m := campaign.Material{Name: name}
	if err := s.db.AddMaterial(r.Context(), id, &m, data); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.campaignPage(w, r, statusOf(err), es, nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "campaign.flash.material")
	s.redirect(w, r, "/programmes/campaigns/"+id.String())
}

// campaignMaterialGet downloads a material, never shown inline.
func (s *Server) campaignMaterialGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, data, err := s.db.ReadMaterial(r.Context(), id, mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := m.ContentType
	if !slices.Contains(casework.AttachmentTypes, ct) {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": m.Name})
	if disp == "" {
		disp = "attachment"
	}
	h.Set("Content-Disposition", disp)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

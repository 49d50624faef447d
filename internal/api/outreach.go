package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/programme/training"
)

// Trainings, campaigns and justice figures: the same store calls as the
// pages under /programmes. An organisation's sessions and campaigns are its
// own (another organisation's id is 404); reports and justice figures are
// counts across the network.

var outreachTags = []string{"programmes"}

// TrainingBody is a new session.
type TrainingBody struct {
	Topic    string `json:"topic" doc:"What the session taught."`
	Country  string `json:"country" doc:"ISO 3166-1 alpha-3 code of where it was held."`
	Place    string `json:"place,omitempty" doc:"Town or venue."`
	StartsOn string `json:"starts_on" doc:"First day (YYYY-MM-DD)."`
	EndsOn   string `json:"ends_on" doc:"Last day (YYYY-MM-DD), not before the first."`
	Trainers string `json:"trainers,omitempty" doc:"The trainers' names (kept encrypted)."`
}

// Participant is one person trained.
type Participant struct {
	ID           string `json:"id" format:"uuid"`
	Name         string `json:"name"`
	Profession   string `json:"profession"`
	Sex          string `json:"sex,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	Attended     bool   `json:"attended"`
	PreScore     *int   `json:"pre_score,omitempty"`
	PostScore    *int   `json:"post_score,omitempty"`
}

// ParticipantBody is a participant to add.
type ParticipantBody struct {
	Name         string `json:"name" minLength:"1" doc:"The person's name (kept encrypted)."`
	Profession   string `json:"profession"`
	Sex          string `json:"sex,omitempty"`
	Organisation string `json:"organisation,omitempty" doc:"Employer, e.g. the police station or ministry."`
	Attended     bool   `json:"attended" doc:"Whether the person attended; only those who did are counted as trained."`
	PreScore     *int   `json:"pre_score,omitempty" minimum:"0" doc:"Test score before the session, 0 to 100."`
	PostScore    *int   `json:"post_score,omitempty" minimum:"0" doc:"Test score after the session, 0 to 100."`
}

// Training is a session as its organisation sees it.
type Training struct {
	ID           string        `json:"id" format:"uuid"`
	Topic        string        `json:"topic"`
	Country      string        `json:"country"`
	Place        string        `json:"place,omitempty"`
	StartsOn     string        `json:"starts_on"`
	EndsOn       string        `json:"ends_on"`
	Trainers     string        `json:"trainers,omitempty"`
	Count        int           `json:"participants_count"`
	CreatedAt    time.Time     `json:"created_at"`
	Participants []Participant `json:"participants,omitempty" doc:"With one session only; reading names is audited."`
}

// TrainingReportItem is one group of the training report: the key named
// by "by" (profession, country, year or topic) is set.
type TrainingReportItem struct {
	Profession string   `json:"profession,omitempty"`
	Country    string   `json:"country,omitempty"`
	Year       string   `json:"year,omitempty"`
	Topic      string   `json:"topic,omitempty"`
	Trained    int      `json:"trained" doc:"Participants who attended."`
	Scored     int      `json:"scored" doc:"Of them, those with both scores."`
	MeanGain   *float64 `json:"mean_gain" doc:"Mean of post minus pre score over those scored; null when none."`
}

type trainingOutput struct{ Body Training }

type trainingListOutput struct {
	Body struct {
		Items []Training `json:"items"`
	}
}

type participantOutput struct{ Body Participant }

type trainingReportOutput struct {
	Body struct {
		Items []TrainingReportItem `json:"items"`
	}
}

// CampaignBody is a new campaign.
type CampaignBody struct {
	Title           string   `json:"title" minLength:"1"`
	Level           string   `json:"level"`
	TargetGroups    []string `json:"target_groups"`
	Channels        []string `json:"channels"`
	Languages       []string `json:"languages,omitempty" doc:"ISO 639 codes, e.g. ha, fr."`
	Countries       []string `json:"countries" doc:"ISO 3166-1 alpha-3 codes."`
	Places          string   `json:"places,omitempty" doc:"Regions, towns, as one line."`
	StartsOn        string   `json:"starts_on" doc:"YYYY-MM-DD"`
	EndsOn          string   `json:"ends_on" doc:"YYYY-MM-DD, not before the start."`
	Budget          int64    `json:"budget,omitempty" minimum:"0" doc:"Whole units of currency."`
	Currency        string   `json:"currency,omitempty" doc:"ISO 4217, required with a budget."`
	Reach           int64    `json:"reach,omitempty" minimum:"0" doc:"People reached."`
	ReachKind       string   `json:"reach_kind,omitempty" doc:"estimated (default) or counted."`
	HotlineBefore   *int64   `json:"hotline_before,omitempty" minimum:"0" doc:"Hotline calls in the period before."`
	HotlineAfter    *int64   `json:"hotline_after,omitempty" minimum:"0"`
	ReferralsBefore *int64   `json:"referrals_before,omitempty" minimum:"0"`
	ReferralsAfter  *int64   `json:"referrals_after,omitempty" minimum:"0"`
}

// CampaignMaterial is a file of a campaign (the content is served by the
// pages).
type CampaignMaterial struct {
	ID          string `json:"id" format:"uuid"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Campaign is a campaign as its organisation sees it.
type Campaign struct {
	ID              string             `json:"id" format:"uuid"`
	Title           string             `json:"title"`
	Level           string             `json:"level"`
	TargetGroups    []string           `json:"target_groups"`
	Channels        []string           `json:"channels"`
	Languages       []string           `json:"languages"`
	Countries       []string           `json:"countries"`
	Places          string             `json:"places,omitempty"`
	StartsOn        string             `json:"starts_on"`
	EndsOn          string             `json:"ends_on"`
	Budget          int64              `json:"budget"`
	Currency        string             `json:"currency,omitempty"`
	Reach           int64              `json:"reach"`
	ReachKind       string             `json:"reach_kind"`
	HotlineBefore   *int64             `json:"hotline_before,omitempty"`
	HotlineAfter    *int64             `json:"hotline_after,omitempty"`
	ReferralsBefore *int64             `json:"referrals_before,omitempty"`
	ReferralsAfter  *int64             `json:"referrals_after,omitempty"`
	CreatedAt       time.Time          `json:"created_at"`
	Materials       []CampaignMaterial `json:"materials,omitempty"`
	IdentifiedCases *IdentifiedCases   `json:"identified_cases,omitempty" doc:"With one campaign only."`
}

// IdentifiedCases are the register's cases recorded in the campaign's
// countries before it and since it started, as disclosure control releases
// them: null when withheld.
type IdentifiedCases struct {
	Before *int64 `json:"before" doc:"Null when withheld by disclosure control."`
	After  *int64 `json:"after" doc:"Null when withheld by disclosure control."`
}

type campaignOutput struct{ Body Campaign }

type campaignListOutput struct {
	Body struct {
		Items []Campaign `json:"items"`
	}
}

// JusticeFigureBody is a figure entered by a justice agency.
type JusticeFigureBody struct {
	Country string `json:"country"`
	Year    int    `json:"year" doc:"The year the figure counts; not after the current year."`
	Form    string `json:"form" doc:"Form of exploitation (the case register's codes)."`
	Stage   string `json:"stage"`
	Count   int    `json:"count" minimum:"0"`
	Source  string `json:"source" minLength:"1" doc:"Where the figure is published."`
}

// JusticeFigureLine is one cell, counted and entered side by side.
type JusticeFigureLine struct {
	Country  string   `json:"country"`
	Year     int      `json:"year"`
	Form     string   `json:"form"`
	Stage    string   `json:"stage"`
	Counted  *int64   `json:"counted" doc:"From the cases' justice tracks; null when withheld by disclosure control or when no case counts there."`
	Withheld bool     `json:"withheld,omitempty" doc:"The counted figure is withheld by disclosure control."`
	Entered  *int     `json:"entered,omitempty" doc:"The sum of the figures agencies entered; absent when none."`
	Sources  []string `json:"sources,omitempty"`
}

type justiceListOutput struct {
	Body struct {
		Items []JusticeFigureLine `json:"items"`
	}
}

// JusticeFigure is a figure as entered.
type JusticeFigure struct {
	ID      string `json:"id" format:"uuid"`
	Country string `json:"country"`
	Year    int    `json:"year"`
	Form    string `json:"form"`
	Stage   string `json:"stage"`
	Count   int    `json:"count"`
	Source  string `json:"source"`
}

type justiceFigureOutput struct{ Body JusticeFigure }

type justiceQuery struct {
	Country string `query:"country" doc:"ISO 3166-1 alpha-3; all countries when absent."`
}

type trainingReportQuery struct {
	By string `query:"by" default:"profession" doc:"What to group by."`
}

func (s *server) registerOutreach(a huma.API) {
	own := huma.Middlewares{requirePerm(auth.PermProgrammeOwn)}
	reg := func(op huma.Operation) huma.Operation {
		op.Tags, op.Security = outreachTags, secured
		return op
	}
	huma.Register(a, reg(huma.Operation{OperationID: "create-training", Method: http.MethodPost, Path: "/trainings",
		DefaultStatus: http.StatusCreated, Summary: "Record a training session",
		Errors: []int{400, 401, 403, 413, 415, 422, 429}, Middlewares: own}), s.createTraining)
	huma.Register(a, reg(huma.Operation{OperationID: "list-trainings", Method: http.MethodGet, Path: "/trainings",
		Summary: "Your organisation's training sessions", Errors: []int{401, 403, 429}}), s.listTrainings)
	huma.Register(a, reg(huma.Operation{OperationID: "training-report", Method: http.MethodGet, Path: "/trainings/report",
		Summary:     "People trained and mean gain in score",
		Description: "By profession, country, year or topic. Across the network for roles that read programmes.",
		Errors:      []int{401, 403, 422, 429}}), s.trainingReport)
	// The groupings the report offers are the domain's.
	for _, p := range a.OpenAPI().Paths["/trainings/report"].Get.Parameters {
		if p.Name == "by" && p.Schema != nil {
			p.Schema.Enum = nil
			for _, v := range training.ReportBy {
				p.Schema.Enum = append(p.Schema.Enum, v)
			}
			p.Schema.PrecomputeMessages()
		}
	}
	huma.Register(a, reg(huma.Operation{OperationID: "get-training", Method: http.MethodGet, Path: "/trainings/{id}",
		Summary: "One session with its participants", Description: "Reading the participants' names is audited.",
		Errors: []int{401, 403, 404, 422, 429}, Middlewares: own}), s.getTraining)
	huma.Register(a, reg(huma.Operation{OperationID: "add-participant", Method: http.MethodPost,
		Path: "/trainings/{id}/participants", DefaultStatus: http.StatusCreated, Summary: "Add a participant",
		Errors: []int{400, 401, 403, 404, 413, 415, 422, 429}, Middlewares: own}), s.addParticipant)
	huma.Register(a, reg(huma.Operation{OperationID: "create-campaign", Method: http.MethodPost, Path: "/campaigns",
		DefaultStatus: http.StatusCreated, Summary: "Record a prevention campaign",
		Errors: []int{400, 401, 403, 413, 415, 422, 429}, Middlewares: own}), s.createCampaign)
	huma.Register(a, reg(huma.Operation{OperationID: "list-campaigns", Method: http.MethodGet, Path: "/campaigns",
		Summary: "Your organisation's campaigns", Errors: []int{401, 403, 429}}), s.listCampaigns)
	huma.Register(a, reg(huma.Operation{OperationID: "get-campaign", Method: http.MethodGet, Path: "/campaigns/{id}",
		Summary: "One campaign with its signals", Errors: []int{401, 403, 404, 422, 429}}), s.getCampaign)
	huma.Register(a, reg(huma.Operation{OperationID: "list-justice-figures", Method: http.MethodGet,
		Path: "/justice-figures", Summary: "Investigations, prosecutions and convictions",
		Description: "Counted from the cases' justice tracks and entered by justice agencies, side by side.",
		Errors:      []int{401, 403, 422, 429}, Middlewares: huma.Middlewares{requirePerm(auth.PermProgrammeView)}}),
		s.listJusticeFigures)
	huma.Register(a, reg(huma.Operation{OperationID: "enter-justice-figure", Method: http.MethodPost,
		Path: "/justice-figures", DefaultStatus: http.StatusCreated, Summary: "Enter a justice figure",
		Description: "Your organisation's figure for the cell (country, year, form, stage) replaces its earlier one.",
		Errors:      []int{400, 401, 403, 413, 415, 422, 429}, Middlewares: own}), s.enterJusticeFigure)
}

func trainingOut(t training.Training) Training {
	out := Training{ID: t.ID.String(), Topic: t.Topic, Country: t.Country, Place: t.Place, StartsOn: t.StartsOn,
		EndsOn: t.EndsOn, Trainers: t.Trainers, Count: t.Count, CreatedAt: t.CreatedAt}
	for _, p := range t.Participants {
		out.Participants = append(out.Participants, participantOut(p))
	}
	return out
}

func participantOut(p training.Participant) Participant {
	return Participant{ID: p.ID.String(), Name: p.Name, Profession: p.Profession, Sex: p.Sex,
		Organisation: p.Organisation, Attended: p.Attended, PreScore: p.PreScore, PostScore: p.PostScore}
}

func (s *server) createTraining(ctx context.Context, in *struct{ Body TrainingBody }) (*trainingOutput, error) {
	b := in.Body
	t := training.Training{Topic: b.Topic, Country: b.Country, Place: b.Place, StartsOn: b.StartsOn, EndsOn: b.EndsOn,
		Trainers: b.Trainers}
	if err := s.db.CreateTraining(ctx, &t); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &trainingOutput{Body: trainingOut(t)}, nil
}

func (s *server) listTrainings(ctx context.Context, _ *struct{}) (*trainingListOutput, error) {
	list, err := s.db.ListTrainings(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &trainingListOutput{}
	out.Body.Items = make([]Training, 0, len(list))
	for _, t := range list {
		out.Body.Items = append(out.Body.Items, trainingOut(t))
	}
	return out, nil
}

func (s *server) getTraining(ctx context.Context, in *IDParam) (*trainingOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	t, err := s.db.GetTraining(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &trainingOutput{Body: trainingOut(t)}, nil
}

func (s *server) addParticipant(ctx context.Context, in *struct {
	IDParam
	Body ParticipantBody
}) (*participantOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	b := in.Body
	p := training.Participant{Name: b.Name, Profession: b.Profession, Sex: b.Sex, Organisation: b.Organisation,
		Attended: b.Attended, PreScore: b.PreScore, PostScore: b.PostScore}
	if err := s.db.AddParticipant(ctx, id, &p); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &participantOutput{Body: participantOut(p)}, nil
}

func (s *server) trainingReport(ctx context.Context, in *trainingReportQuery) (*trainingReportOutput, error) {
	lines, err := s.db.TrainingReport(ctx, in.By)
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	out := &trainingReportOutput{}
	out.Body.Items = make([]TrainingReportItem, 0, len(lines))
	for _, l := range lines {
		it := TrainingReportItem{Trained: l.Trained, Scored: l.Scored, MeanGain: l.MeanGain}
		switch in.By {
		case "country":
			it.Country = l.Key
		case "year":
			it.Year = l.Key
		case "topic":
			it.Topic = l.Key
		default:
			it.Profession = l.Key
		}
		out.Body.Items = append(out.Body.Items, it)
	}
	return out, nil
}

func campaignOut(c campaign.Campaign) Campaign {
	out := Campaign{ID: c.ID.String(), Title: c.Title, Level: c.Level, TargetGroups: nonNil(c.TargetGroups),
		Channels: nonNil(c.Channels), Languages: nonNil(c.Languages), Countries: nonNil(c.Countries), Places: c.Places,
		StartsOn: c.StartsOn, EndsOn: c.EndsOn, Budget: c.Budget, Currency: c.Currency, Reach: c.Reach,
		ReachKind: c.ReachKind, HotlineBefore: c.HotlineBefore, HotlineAfter: c.HotlineAfter,
		ReferralsBefore: c.ReferralsBefore, ReferralsAfter: c.ReferralsAfter, CreatedAt: c.CreatedAt}
	for _, m := range c.Materials {
		out.Materials = append(out.Materials, CampaignMaterial{ID: m.ID.String(), Name: m.Name,
			ContentType: m.ContentType, Size: m.Size})
	}
	return out
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func (s *server) createCampaign(ctx context.Context, in *struct{ Body CampaignBody }) (*campaignOutput, error) {
	b := in.Body
	c := campaign.Campaign{Title: b.Title, Level: b.Level, TargetGroups: b.TargetGroups, Channels: b.Channels,
		Languages: b.Languages, Countries: b.Countries, Places: b.Places, StartsOn: b.StartsOn, EndsOn: b.EndsOn,
		Budget: b.Budget, Currency: b.Currency, Reach: b.Reach, ReachKind: b.ReachKind,
		HotlineBefore: b.HotlineBefore, HotlineAfter: b.HotlineAfter, ReferralsBefore: b.ReferralsBefore,
		ReferralsAfter: b.ReferralsAfter}
	if err := s.db.CreateCampaign(ctx, &c); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &campaignOutput{Body: campaignOut(c)}, nil
}

func (s *server) listCampaigns(ctx context.Context, _ *struct{}) (*campaignListOutput, error) {
	list, err := s.db.ListCampaigns(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &campaignListOutput{}
	out.Body.Items = make([]Campaign, 0, len(list))
	for _, c := range list {
		out.Body.Items = append(out.Body.Items, campaignOut(c))
	}
	return out, nil
}

func (s *server) getCampaign(ctx context.Context, in *IDParam) (*campaignOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	c, err := s.db.GetCampaign(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	sig, err := s.db.CampaignCaseSignals(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := campaignOut(c)
	out.IdentifiedCases = &IdentifiedCases{Before: sig.Before, After: sig.After}
	return &campaignOutput{Body: out}, nil
}

func justiceOut(l justicefig.Line) JusticeFigureLine {
	return JusticeFigureLine{Country: l.Country, Year: l.Year, Form: l.Form, Stage: l.Stage, Counted: l.Counted,
		Withheld: l.Withheld, Entered: l.Entered, Sources: l.Sources}
}

func (s *server) listJusticeFigures(ctx context.Context, in *justiceQuery) (*justiceListOutput, error) {
	table, err := s.db.JusticeFigures(ctx, in.Country)
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	out := &justiceListOutput{}
	out.Body.Items = make([]JusticeFigureLine, 0, len(table.Lines))
	for _, l := range table.Lines {
		out.Body.Items = append(out.Body.Items, justiceOut(l))
	}
	return out, nil
}

func (s *server) enterJusticeFigure(ctx context.Context, in *struct{ Body JusticeFigureBody }) (*justiceFigureOutput, error) {
	b := in.Body
	f := justicefig.Figure{Country: b.Country, Year: b.Year, Form: b.Form, Stage: b.Stage, Count: b.Count, Source: b.Source}
	if err := s.db.EnterJusticeFigure(ctx, &f); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &justiceFigureOutput{Body: JusticeFigure{ID: f.ID.String(), Country: f.Country, Year: f.Year, Form: f.Form,
		Stage: f.Stage, Count: f.Count, Source: f.Source}}, nil
}

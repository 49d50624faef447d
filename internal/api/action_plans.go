package api

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/programme/planexport"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// National action plans: the operations translate JSON to the store's use
// cases (store.CreateActionPlan, AddActivity, ...) and back. Amounts are JSON
// numbers in units of the currency (12500.5), with at most two decimals;
// statuses, currencies and progress states come from package plan.

var planTags = []string{"Action plans"}

func init() {
	for name, props := range map[string]map[string]int{
		"ActionPlanBody": {"country": countryLen, "title": plan.MaxTitle, "starts_on": dateLen, "ends_on": dateLen,
			"iati_org_ref": plan.MaxIATIRef},
		"ActivityBody": {"title": plan.MaxTitle, "responsible": plan.MaxAgency, "currency": currencyLen, "starts_on": dateLen,
			"due_on": dateLen, "objective_id": valid.UUIDLen, "project_id": valid.UUIDLen},
		"ObjectiveBody":  {"title": plan.MaxTitle},
		"IndicatorBody":  {"name": plan.MaxTitle, "unit": plan.MaxUnit, "objective_id": valid.UUIDLen, "values": plan.MaxValues},
		"IndicatorValue": {"period": dateLen},
		"ProjectBody": {"donor": plan.MaxAgency, "donor_ref": plan.MaxIATIRef, "title": plan.MaxTitle, "currency": currencyLen,
			"iati_identifier": plan.MaxIATIRef, "starts_on": dateLen, "ends_on": dateLen},
	} {
		schemaLimits[name] = props
	}
	maxAmount := int(plan.MaxDecimal / 100)
	for name, props := range map[string]map[string]int{
		"ActivityBody":   {"budget": maxAmount},
		"ProjectBody":    {"budget": maxAmount},
		"IndicatorBody":  {"baseline": maxAmount, "target": maxAmount},
		"IndicatorValue": {"value": maxAmount},
	} {
		schemaMaxima[name] = props
	}
}

// ActivityStatus is an activity's status as its owner records it.
type ActivityStatus string

// Schema lists plan.Statuses.
func (ActivityStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Activity status; planned when absent. cancelled activities are counted apart from the progress.", plan.Statuses)
}

// Currency is an ISO 4217 code from plan.Currencies.
type Currency string

// Schema lists plan.Currencies.
func (Currency) Schema(huma.Registry) *huma.Schema {
	return enumSchema("ISO 4217 currency code.", plan.Currencies)
}

type actionPlanBody struct {
	Country    string `json:"country" doc:"ISO 3166-1 alpha-3 code of the plan's country."`
	Title      string `json:"title" minLength:"1"`
	StartsOn   string `json:"starts_on" doc:"YYYY-MM-DD."`
	EndsOn     string `json:"ends_on" doc:"YYYY-MM-DD, not before starts_on."`
	IATIOrgRef string `json:"iati_org_ref,omitempty" doc:"The keeping organisation's IATI organisation identifier, for the IATI file."`
}

// ActionPlan is a plan without its content.
type ActionPlan struct {
	ID         uuid.UUID `json:"id" format:"uuid"`
	Country    string    `json:"country"`
	Title      string    `json:"title"`
	StartsOn   string    `json:"starts_on"`
	EndsOn     string    `json:"ends_on"`
	IATIOrgRef string    `json:"iati_org_ref"`
	CreatedAt  time.Time `json:"created_at"`
}

func planOut(p plan.Plan) ActionPlan {
	return ActionPlan{ID: p.ID, Country: p.Country, Title: p.Title, StartsOn: p.StartsOn, EndsOn: p.EndsOn,
		IATIOrgRef: p.IATIOrgRef, CreatedAt: p.CreatedAt}
}

type activityBody struct {
	Title       string         `json:"title" minLength:"1"`
	Responsible string         `json:"responsible" minLength:"1" doc:"The agency in charge."`
	Budget      float64        `json:"budget,omitempty" doc:"In units of the currency (12500.5), at most two decimals, not negative."`
	Currency    Currency       `json:"currency,omitempty" doc:"Required when budget is not zero."`
	StartsOn    string         `json:"starts_on" doc:"YYYY-MM-DD."`
	DueOn       string         `json:"due_on" doc:"YYYY-MM-DD, not before starts_on. Passed and not done: late."`
	Status      ActivityStatus `json:"status,omitempty"`
	AtRisk      bool           `json:"at_risk,omitempty" doc:"Flagged at risk by the people following the plan."`
	ObjectiveID string         `json:"objective_id,omitempty" format:"uuid" doc:"One of the plan's objectives."`
	ProjectID   string         `json:"project_id,omitempty" format:"uuid" doc:"One of the plan's donor-funded projects."`
}

// Activity is one activity of a plan.
type Activity struct {
	ID          uuid.UUID      `json:"id" format:"uuid"`
	Title       string         `json:"title"`
	Responsible string         `json:"responsible"`
	Budget      float64        `json:"budget"`
	Currency    string         `json:"currency"`
	StartsOn    string         `json:"starts_on"`
	DueOn       string         `json:"due_on"`
	Status      ActivityStatus `json:"status"`
	AtRisk      bool           `json:"at_risk"`
	ObjectiveID *uuid.UUID     `json:"objective_id" format:"uuid"`
	ProjectID   *uuid.UUID     `json:"project_id" format:"uuid"`
}

func optID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

func activityOut(a plan.Activity) Activity {
	return Activity{ID: a.ID, Title: a.Title, Responsible: a.Responsible, Budget: a.Budget.Float(), Currency: a.Currency,
		StartsOn: a.StartsOn, DueOn: a.DueOn, Status: ActivityStatus(a.Status), AtRisk: a.AtRisk,
		ObjectiveID: optID(a.ObjectiveID), ProjectID: optID(a.ProjectID)}
}

type objectiveBody struct {
	Title string `json:"title" minLength:"1"`
}

// Objective is one aim of a plan.
type Objective struct {
	ID    uuid.UUID `json:"id" format:"uuid"`
	Title string    `json:"title"`
}

type indicatorValue struct {
	Period string  `json:"period" doc:"YYYY, YYYY-MM or YYYY-MM-DD: the value at the end of that period."`
	Value  float64 `json:"value" doc:"At most two decimals."`
}

type indicatorBody struct {
	Name        string           `json:"name" minLength:"1"`
	Unit        string           `json:"unit,omitempty"`
	Baseline    float64          `json:"baseline" doc:"At the plan's start; at most two decimals."`
	Target      float64          `json:"target" doc:"At the plan's end; below the baseline when the aim is to lower the figure."`
	ObjectiveID string           `json:"objective_id,omitempty" format:"uuid" doc:"The objective it measures; absent: the plan as a whole."`
	Values      []indicatorValue `json:"values,omitempty"`
}

// Indicator is an indicator with its values and where it stands.
type Indicator struct {
	ID          uuid.UUID        `json:"id" format:"uuid"`
	Name        string           `json:"name"`
	Unit        string           `json:"unit"`
	Baseline    float64          `json:"baseline"`
	Target      float64          `json:"target"`
	ObjectiveID *uuid.UUID       `json:"objective_id" format:"uuid"`
	Values      []indicatorValue `json:"values"`
	Expected    *float64         `json:"expected" doc:"Where the straight line from baseline (plan start) to target (plan end) stands at the end of the latest period; null without values."`
	Behind      bool             `json:"behind" doc:"The latest value falls short of that line (in the target's direction)."`
}

func indicatorOut(p plan.Plan, ind plan.Indicator) Indicator {
	ip := plan.AssessIndicator(p, ind)
	out := Indicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Baseline: ind.Baseline.Float(), Target: ind.Target.Float(),
		ObjectiveID: optID(ind.ObjectiveID), Values: make([]indicatorValue, 0, len(ind.Values)), Behind: ip.Behind}
	for _, v := range ind.Values {
		out.Values = append(out.Values, indicatorValue{Period: v.Period, Value: v.Value.Float()})
	}
	if ip.Latest != nil {
		e := ip.Expected.Float()
		out.Expected = &e
	}
	return out
}

type projectBody struct {
	Donor          string   `json:"donor" minLength:"1" doc:"The funding organisation."`
	DonorRef       string   `json:"donor_ref,omitempty" doc:"The donor's IATI organisation identifier."`
	Title          string   `json:"title" minLength:"1"`
	Budget         float64  `json:"budget" doc:"In units of the currency, at most two decimals, not negative."`
	Currency       Currency `json:"currency"`
	IATIIdentifier string   `json:"iati_identifier,omitempty" doc:"The project's IATI activity identifier (the donor's, or one beginning with the plan's iati_org_ref)."`
	StartsOn       string   `json:"starts_on" doc:"YYYY-MM-DD."`
	EndsOn         string   `json:"ends_on" doc:"YYYY-MM-DD, not before starts_on."`
}

// Project is a donor-funded project of a plan.
type Project struct {
	ID             uuid.UUID `json:"id" format:"uuid"`
	Donor          string    `json:"donor"`
	DonorRef       string    `json:"donor_ref"`
	Title          string    `json:"title"`
	Budget         float64   `json:"budget"`
	Currency       string    `json:"currency"`
	IATIIdentifier string    `json:"iati_identifier"`
	StartsOn       string    `json:"starts_on"`
	EndsOn         string    `json:"ends_on"`
}

func projectOut(p plan.Project) Project {
	return Project{ID: p.ID, Donor: p.Donor, DonorRef: p.DonorRef, Title: p.Title, Budget: p.Budget.Float(),
		Currency: p.Currency, IATIIdentifier: p.IATIIdentifier, StartsOn: p.StartsOn, EndsOn: p.EndsOn}
}

// ActionPlanDetail is a plan with everything it holds.
type ActionPlanDetail struct {
	ActionPlan
	Objectives []Objective `json:"objectives"`
	Activities []Activity  `json:"activities"`
	Indicators []Indicator `json:"indicators"`
	Projects   []Project   `json:"projects"`
}

func detailOut(d plan.Detail) ActionPlanDetail {
	out := ActionPlanDetail{ActionPlan: planOut(d.Plan), Objectives: []Objective{}, Activities: []Activity{},
		Indicators: []Indicator{}, Projects: []Project{}}
	for _, o := range d.Objectives {
		out.Objectives = append(out.Objectives, Objective{ID: o.ID, Title: o.Title})
	}
	for _, a := range d.Activities {
		out.Activities = append(out.Activities, activityOut(a))
	}
	for _, i := range d.Indicators {
		out.Indicators = append(out.Indicators, indicatorOut(d.Plan, i))
	}
	for _, p := range d.Projects {
		out.Projects = append(out.Projects, projectOut(p))
	}
	return out
}

// PlanProgress is the progress view: counts of the four states and the
// activities of each.
type PlanProgress struct {
	AsOf       string                `json:"as_of" doc:"The day the progress is computed for (UTC)."`
	Done       int                   `json:"done"`
	OnTrack    int                   `json:"on_track"`
	Late       int                   `json:"late" doc:"Due date passed and not done."`
	AtRisk     int                   `json:"at_risk" doc:"Flagged at risk, or an indicator of the activity's objective is behind its target; late outranks at risk."`
	Cancelled  int                   `json:"cancelled" doc:"Not counted in the four states."`
	Activities map[string][]Activity `json:"activities" doc:"The activities of each state: done, on_track, late, at_risk, cancelled."`
	Indicators []Indicator           `json:"indicators"`
}

// PlanItemParams name a plan and one of its activities or indicators.
type PlanItemParams struct {
	ID   string `path:"id" format:"uuid" doc:"The plan's identifier."`
	Item string `path:"item" format:"uuid" doc:"The activity's or indicator's identifier."`
}

// ExportFormat is a plan's file format.
type ExportFormat string

// Schema lists the formats.
func (ExportFormat) Schema(huma.Registry) *huma.Schema {
	return enumSchema("xlsx: the ministry's workbook; csv: the activities; iati: IATI activity standard 2.03 XML.",
		[]string{"xlsx", "csv", "iati"})
}

func (s *server) registerActionPlans(a huma.API) {
	edit := huma.Middlewares{requirePerm(auth.PermProgrammeEdit)}
	view := huma.Middlewares{requirePerm(auth.PermProgrammeView)}
	writeErrs := []int{400, 401, 403, 404, 413, 415, 422, 429}
	readErrs := []int{401, 403, 404, 422, 429}
	huma.Register(a, huma.Operation{OperationID: "create-action-plan", Method: http.MethodPost, Path: "/action-plans",
		Tags: planTags, Security: secured, DefaultStatus: http.StatusCreated, Middlewares: edit,
		Summary: "Record a national action plan (coordinators)", Errors: writeErrs}, s.createActionPlan)
	huma.Register(a, huma.Operation{OperationID: "list-action-plans", Method: http.MethodGet, Path: "/action-plans",
		Tags: planTags, Security: secured, Middlewares: view,
		Summary: "The organisation's national action plans, latest start first", Errors: []int{401, 403, 429}}, s.listActionPlans)
	huma.Register(a, huma.Operation{OperationID: "get-action-plan", Method: http.MethodGet, Path: "/action-plans/{id}",
		Tags: planTags, Security: secured, Middlewares: view,
		Summary: "A plan with its objectives, activities, indicators and projects", Errors: readErrs}, s.getActionPlan)
	huma.Register(a, huma.Operation{OperationID: "update-action-plan", Method: http.MethodPut, Path: "/action-plans/{id}",
		Tags: planTags, Security: secured, Middlewares: edit,
		Summary:     "Save a plan's country, title, dates and IATI organisation identifier",
		Description: "Send the whole plan, as when recording it.", Errors: writeErrs}, s.updateActionPlan)
	huma.Register(a, huma.Operation{OperationID: "get-action-plan-progress", Method: http.MethodGet,
		Path: "/action-plans/{id}/progress", Tags: planTags, Security: secured, Middlewares: view,
		Summary: "The plan's progress today: done, on track, late, at risk", Errors: readErrs}, s.planProgress)
	huma.Register(a, huma.Operation{OperationID: "add-action-plan-activity", Method: http.MethodPost,
		Path: "/action-plans/{id}/activities", Tags: planTags, Security: secured, DefaultStatus: http.StatusCreated,
		Middlewares: edit, Summary: "Add an activity to a plan", Errors: writeErrs}, s.addActivity)
	huma.Register(a, huma.Operation{OperationID: "update-action-plan-activity", Method: http.MethodPut,
		Path: "/action-plans/{id}/activities/{item}", Tags: planTags, Security: secured, Middlewares: edit,
		Summary:     "Save an activity (its status, its at-risk flag, any field)",
		Description: "Send the whole activity, as when adding it.", Errors: writeErrs}, s.updateActivity)
	huma.Register(a, huma.Operation{OperationID: "add-action-plan-objective", Method: http.MethodPost,
		Path: "/action-plans/{id}/objectives", Tags: planTags, Security: secured, DefaultStatus: http.StatusCreated,
		Middlewares: edit, Summary: "Add an objective to a plan", Errors: writeErrs}, s.addObjective)
	huma.Register(a, huma.Operation{OperationID: "add-action-plan-indicator", Method: http.MethodPost,
		Path: "/action-plans/{id}/indicators", Tags: planTags, Security: secured, DefaultStatus: http.StatusCreated,
		Middlewares: edit, Summary: "Add an indicator (baseline, target, values) to a plan", Errors: writeErrs}, s.addIndicator)
	huma.Register(a, huma.Operation{OperationID: "record-action-plan-indicator-value", Method: http.MethodPost,
		Path: "/action-plans/{id}/indicators/{item}/values", Tags: planTags, Security: secured, Middlewares: edit,
		Summary: "Record an indicator's value for a period (replaces that period's value)", Errors: writeErrs}, s.recordValue)
	huma.Register(a, huma.Operation{OperationID: "add-action-plan-project", Method: http.MethodPost,
		Path: "/action-plans/{id}/projects", Tags: planTags, Security: secured, DefaultStatus: http.StatusCreated,
		Middlewares: edit, Summary: "Add a donor-funded project to a plan", Errors: writeErrs}, s.addProject)
	huma.Register(a, huma.Operation{OperationID: "export-action-plan", Method: http.MethodGet,
		Path: "/action-plans/{id}/export", Tags: planTags, Security: secured, Middlewares: view,
		Summary:     "The plan as a file: Excel workbook, CSV of activities or IATI 2.03 XML",
		Description: "Recorded in the audit trail.", Errors: readErrs}, s.exportActionPlan)
}

func (s *server) createActionPlan(ctx context.Context, in *struct{ Body actionPlanBody }) (*struct{ Body ActionPlan }, error) {
	p := plan.Plan{Country: in.Body.Country, Title: in.Body.Title, StartsOn: in.Body.StartsOn, EndsOn: in.Body.EndsOn,
		IATIOrgRef: in.Body.IATIOrgRef}
	if err := s.db.CreateActionPlan(ctx, &p); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	return &struct{ Body ActionPlan }{planOut(p)}, nil
}

func (s *server) updateActionPlan(ctx context.Context, in *struct {
	IDParam
	Body actionPlanBody
}) (*struct{ Body ActionPlan }, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	p := plan.Plan{ID: id, Country: in.Body.Country, Title: in.Body.Title, StartsOn: in.Body.StartsOn, EndsOn: in.Body.EndsOn,
		IATIOrgRef: in.Body.IATIOrgRef}
	if err := s.db.UpdateActionPlan(ctx, p); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	d, err := s.db.ActionPlan(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{ Body ActionPlan }{planOut(d.Plan)}, nil
}

func (s *server) listActionPlans(ctx context.Context, _ *struct{}) (*struct {
	Body struct {
		Items []ActionPlan `json:"items"`
	}
}, error) {
	list, err := s.db.ListActionPlans(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &struct {
		Body struct {
			Items []ActionPlan `json:"items"`
		}
	}{}
	out.Body.Items = make([]ActionPlan, 0, len(list))
	for _, p := range list {
		out.Body.Items = append(out.Body.Items, planOut(p))
	}
	return out, nil
}

func (s *server) planDetail(ctx context.Context, in IDParam) (plan.Detail, error) {
	id, err := pathID(ctx, in)
	if err != nil {
		return plan.Detail{}, err
	}
	d, err := s.db.ActionPlan(ctx, id)
	if err != nil {
		return d, s.fail(ctx, err)
	}
	return d, nil
}

func (s *server) getActionPlan(ctx context.Context, in *IDParam) (*struct{ Body ActionPlanDetail }, error) {
	d, err := s.planDetail(ctx, *in)
	if err != nil {
		return nil, err
	}
	return &struct{ Body ActionPlanDetail }{detailOut(d)}, nil
}

func (s *server) planProgress(ctx context.Context, in *IDParam) (*struct{ Body PlanProgress }, error) {
	d, err := s.planDetail(ctx, *in)
	if err != nil {
		return nil, err
	}
	today := s.now().UTC()
	p := plan.Assess(d, today)
	out := PlanProgress{AsOf: today.Format(plan.DateLayout), Done: p.Counts[plan.StateDone], OnTrack: p.Counts[plan.StateOnTrack],
		Late: p.Counts[plan.StateLate], AtRisk: p.Counts[plan.StateAtRisk], Cancelled: len(p.Activities[plan.StateCancelled]),
		Activities: map[string][]Activity{}, Indicators: []Indicator{}}
	for _, st := range append(append([]string(nil), plan.States...), string(plan.StateCancelled)) {
		list := make([]Activity, 0, len(p.Activities[plan.State(st)]))
		for _, a := range p.Activities[plan.State(st)] {
			list = append(list, activityOut(a))
		}
		out.Activities[st] = list
	}
	for _, i := range d.Indicators {
		out.Indicators = append(out.Indicators, indicatorOut(d.Plan, i))
	}
	return &struct{ Body PlanProgress }{out}, nil
}

// amount reads a JSON number into a Decimal, or the field error naming it.
func amount(field string, v float64, es *valid.Errors) plan.Decimal {
	d, rule := plan.DecimalFromFloat(v)
	if rule != "" {
		es.Add(valid.New(field, rule, nil))
	}
	return d
}

// optUUID reads an optional identifier of the body.
func optUUID(field, v string, es *valid.Errors) uuid.UUID {
	if v == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		es.Add(valid.New(field, valid.RuleUUID, nil))
	}
	return id
}

func (b activityBody) activity(planID uuid.UUID) (plan.Activity, valid.Errors) {
	var es valid.Errors
	a := plan.Activity{PlanID: planID, Title: b.Title, Responsible: b.Responsible, Budget: amount("budget", b.Budget, &es),
		Currency: string(b.Currency), StartsOn: b.StartsOn, DueOn: b.DueOn, Status: plan.Status(b.Status), AtRisk: b.AtRisk,
		ObjectiveID: optUUID("objective_id", b.ObjectiveID, &es), ProjectID: optUUID("project_id", b.ProjectID, &es)}
	return a, es
}

func (s *server) addActivity(ctx context.Context, in *struct {
	IDParam
	Body activityBody
}) (*struct{ Body Activity }, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	a, es := in.Body.activity(id)
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inBody))
	}
	if err := s.db.AddActivity(ctx, &a); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	return &struct{ Body Activity }{activityOut(a)}, nil
}

func (s *server) updateActivity(ctx context.Context, in *struct {
	PlanItemParams
	Body activityBody
}) (*struct{ Body Activity }, error) {
	id, err := pathID(ctx, IDParam{ID: in.ID})
	if err != nil {
		return nil, err
	}
	item, err := pathID(ctx, IDParam{ID: in.Item})
	if err != nil {
		return nil, err
	}
	a, es := in.Body.activity(id)
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inBody))
	}
	a.ID = item
	if err := s.db.UpdateActivity(ctx, a); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	if a.Status == "" {
		a.Status = plan.Planned
	}
	return &struct{ Body Activity }{activityOut(a)}, nil
}

func (s *server) addObjective(ctx context.Context, in *struct {
	IDParam
	Body objectiveBody
}) (*struct{ Body Objective }, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	o := plan.Objective{PlanID: id, Title: in.Body.Title}
	if err := s.db.AddObjective(ctx, &o); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	return &struct{ Body Objective }{Objective{ID: o.ID, Title: o.Title}}, nil
}

func (s *server) addIndicator(ctx context.Context, in *struct {
	IDParam
	Body indicatorBody
}) (*struct{ Body Indicator }, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	var es valid.Errors
	b := in.Body
	ind := plan.Indicator{PlanID: id, Name: b.Name, Unit: b.Unit, Baseline: amount("baseline", b.Baseline, &es),
		Target: amount("target", b.Target, &es), ObjectiveID: optUUID("objective_id", b.ObjectiveID, &es)}
	for _, v := range b.Values {
		ind.Values = append(ind.Values, plan.Value{Period: v.Period, Value: amount("value", v.Value, &es)})
	}
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inBody))
	}
	if err := s.db.AddIndicator(ctx, &ind); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	d, err := s.db.ActionPlan(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{ Body Indicator }{indicatorOut(d.Plan, ind)}, nil
}

func (s *server) recordValue(ctx context.Context, in *struct {
	PlanItemParams
	Body indicatorValue
}) (*struct{ Body Indicator }, error) {
	id, err := pathID(ctx, IDParam{ID: in.ID})
	if err != nil {
		return nil, err
	}
	item, err := pathID(ctx, IDParam{ID: in.Item})
	if err != nil {
		return nil, err
	}
	var es valid.Errors
	v := plan.Value{Period: in.Body.Period, Value: amount("value", in.Body.Value, &es)}
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inBody))
	}
	if err := s.db.RecordIndicatorValue(ctx, id, item, v); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	d, err := s.db.ActionPlan(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	for _, ind := range d.Indicators {
		if ind.ID == item {
			return &struct{ Body Indicator }{indicatorOut(d.Plan, ind)}, nil
		}
	}
	return nil, notFound(ctx)
}

func (s *server) addProject(ctx context.Context, in *struct {
	IDParam
	Body projectBody
}) (*struct{ Body Project }, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	var es valid.Errors
	b := in.Body
	p := plan.Project{PlanID: id, Donor: b.Donor, DonorRef: b.DonorRef, Title: b.Title, Budget: amount("budget", b.Budget, &es),
		Currency: string(b.Currency), IATIIdentifier: b.IATIIdentifier, StartsOn: b.StartsOn, EndsOn: b.EndsOn}
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inBody))
	}
	if err := s.db.AddProject(ctx, &p); err != nil {
		return nil, s.fail(ctx, where(err, inBody))
	}
	return &struct{ Body Project }{projectOut(p)}, nil
}

func (s *server) exportActionPlan(ctx context.Context, in *struct {
	IDParam
	Format ExportFormat `query:"format" default:"xlsx"`
}) (*exportOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	if in.Format == "" {
		in.Format = "xlsx"
	}
	d, org, err := s.db.ExportActionPlan(ctx, id, string(in.Format))
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	now := s.now().UTC()
	var buf bytes.Buffer
	name := "action-plan-" + d.Plan.Country + "-" + d.Plan.StartsOn[:4]
	var ct string
	switch in.Format {
	case "xlsx":
		err, ct, name = planexport.Excel(&buf, langOf(ctx), d, org, now), xlsxType, name+".xlsx"
	case "csv":
		err, ct, name = planexport.CSV(&buf, d, now), csvType+"; charset=utf-8", name+".csv"
	default:
		err, ct, name = planexport.IATI(&buf, langOf(ctx), d, org, now), "application/xml", name+"-iati.xml"
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &exportOutput{ContentType: ct, ContentDisposition: `attachment; filename="` + name + `"`, Body: buf.Bytes()}, nil
}

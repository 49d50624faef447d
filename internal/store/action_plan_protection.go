package store

// actionPlanProtections classifies the national action plans' columns
// (migration 00014). Titles, agencies and donors are free text that could
// name someone: sealed with the organisation's key. The rest places no one.
var actionPlanProtections = concat(
	protect("action_plans", NonPersonal, whyID, "id", "organisation_id"),
	protect("action_plans", NonPersonal, "an ISO 3166-1 code", "country"),
	protect("action_plans", SealedOrg, whyPlanText, "title"),
	protect("action_plans", NonPersonal, whyPlanDates, "starts_on", "ends_on"),
	protect("action_plans", NonPersonal, whyIATIRef, "iati_org_ref"),
	protect("action_plans", NonPersonal, whyTime, "created_at", "updated_at"),

	protect("plan_objectives", NonPersonal, whyID, "id", "organisation_id", "plan_id"),
	protect("plan_objectives", SealedOrg, whyPlanText, "title"),
	protect("plan_objectives", NonPersonal, whyTime, "created_at"),

	protect("plan_projects", NonPersonal, whyID, "id", "organisation_id", "plan_id"),
	protect("plan_projects", SealedOrg, whyPlanText, "donor", "title"),
	protect("plan_projects", NonPersonal, whyIATIRef, "donor_ref", "iati_identifier"),
	protect("plan_projects", NonPersonal, whyPlanMoney, "budget", "currency"),
	protect("plan_projects", NonPersonal, whyPlanDates, "starts_on", "ends_on"),
	protect("plan_projects", NonPersonal, whyTime, "created_at"),

	protect("plan_activities", NonPersonal, whyID, "id", "organisation_id", "plan_id", "objective_id", "project_id"),
	protect("plan_activities", SealedOrg, whyPlanText, "title", "responsible"),
	protect("plan_activities", NonPersonal, whyPlanMoney, "budget", "currency"),
	protect("plan_activities", NonPersonal, whyPlanDates, "starts_on", "due_on"),
	protect("plan_activities", NonPersonal, whyCodes, "status"),
	protect("plan_activities", NonPersonal, whyFlag, "at_risk"),
	protect("plan_activities", NonPersonal, whyTime, "created_at", "updated_at"),

	protect("plan_indicators", NonPersonal, whyID, "id", "organisation_id", "plan_id", "objective_id"),
	protect("plan_indicators", SealedOrg, whyPlanText, "name"),
	protect("plan_indicators", NonPersonal, "the unit of a programme figure", "unit"),
	protect("plan_indicators", NonPersonal, whyPlanFigure, "baseline", "target"),
	protect("plan_indicators", NonPersonal, whyTime, "created_at"),

	protect("plan_indicator_values", NonPersonal, whyID, "organisation_id", "indicator_id"),
	protect("plan_indicator_values", NonPersonal, whyPlanDates, "period"),
	protect("plan_indicator_values", NonPersonal, whyPlanFigure, "value"),
	protect("plan_indicator_values", NonPersonal, whyTime, "recorded_at"),
)

const (
	whyPlanText   = "a programme's free text (title, agency, donor) that could name someone"
	whyPlanDates  = "a programme's calendar dates"
	whyPlanMoney  = "a programme's budget and its currency code"
	whyPlanFigure = "an aggregate figure of a programme (indicator), never about one person"
	whyIATIRef    = "a public IATI identifier of an organisation or an aid activity"
)

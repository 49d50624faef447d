package app

import (
	"strings"
	"testing"
)

// policyReads are the declared exceptions to the walks' rule that another
// organisation's record is 404: national action plans and legislation
// assessments are public-policy documents, not personal data, and every
// holder of programme.view in the network reads them (the store's
// policyAccess). Each entry is a read route and the reason it may answer
// 200 with B's record; every other route of plans and assessments (the
// forms and every write) stays 404 for A's coordinators and 403 or 404 for
// the rest.
var policyReads = map[string]string{
	"GET /programmes/plans/{id}":             "a plan and its progress view are read network-wide",
	"GET /programmes/plans/{id}/export.xlsx": "a plan's export is read network-wide (audited plan.export)",
	"GET /programmes/plans/{id}/export.csv":  "a plan's export is read network-wide (audited plan.export)",
	"GET /programmes/plans/{id}/iati.xml":    "a plan's IATI file is what donors publish",

	"GET /programmes/legislation/assessments/{id}":           "an assessment of a country's law is read network-wide",
	"GET /programmes/legislation/assessments/{id}/gaps":      "the gap report is read network-wide",
	"GET /programmes/legislation/assessments/{id}/gaps.csv":  "the gap report is read network-wide",
	"GET /programmes/legislation/assessments/{id}/gaps.xlsx": "the gap report is read network-wide",
	"GET /programmes/legislation/assessments/{id}/compare":   "comparing assessments is reading them",

	"GET /api/v1/action-plans/{id}":          "a plan is read network-wide",
	"GET /api/v1/action-plans/{id}/progress": "a plan's progress is read network-wide",
	"GET /api/v1/action-plans/{id}/export":   "a plan's export is read network-wide (audited plan.export)",

	"GET /api/v1/legislation/assessments/{id}":         "an assessment is read network-wide",
	"GET /api/v1/legislation/assessments/{id}/gaps":    "the gap report is read network-wide",
	"GET /api/v1/legislation/assessments/{id}/compare": "comparing assessments is reading them",
}

// policyReadStatus is the status a network-wide read answers in the walk
// when it is not 200: the walk gives the API's comparison no ?with=, so
// reaching the query's check (422) shows B's assessment was read.
var policyReadStatus = map[string]int{
	"GET /api/v1/legislation/assessments/{id}/compare": 422,
}

// policyReadWant is the status the walk expects of a network-wide read.
func policyReadWant(route string) int {
	if s, ok := policyReadStatus[route]; ok {
		return s
	}
	return 200
}

// checkPolicyReadsExist fails when an exception names a route the walk did
// not meet (renamed or removed): an exception must never outlive its route.
func checkPolicyReadsExist(t *testing.T, walked map[string]bool, api bool) {
	t.Helper()
	for route := range policyReads {
		if strings.Contains(route, " /api/") == api && !walked[route] {
			t.Errorf("policyReads names %s, which the walk did not meet", route)
		}
	}
}

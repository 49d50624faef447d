package api

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Length limits of what clients send come from the domain, in one table.
//
// huma reads limits from struct tags, and a tag cannot name a Go constant.
// Generating the request types from the constants would put every type behind
// a generator; instead the types carry no maxLength/maxItems tags and
// applyLimits sets them on the schemas once every operation is registered,
// before anything is served, from the constants the domain's own validation
// uses. huma validates requests with those very schemas, so the document, the
// 422 the client gets and the domain's rule say the same number.
// TestLimitsFromDomain checks that the document states each value below and
// that no string or list a client sends is left without a maximum.
//
// Enumerations are not here: each enum type's Schema method lists the
// domain's values (cases_enums.go).

// Limits the domain states as a format or in a check rather than a named
// constant, and the API's own (query parameters, the linkage secret).
const (
	dateLen         = len(linkrun.DateLayout) // a calendar date, YYYY-MM-DD
	countryLen      = country.CodeLen         // ISO 3166-1 alpha-3
	currencyLen     = 3                       // ISO 4217 (casework.Justice checks three letters)
	maxLanguageTag  = 8                       // casework.Consent: an ISO 639-1 code or a short BCP 47 tag
	maxConfirmCode  = 40                      // the case code typed to confirm an erasure (codes are shorter)
	maxCodeQuery    = 20                      // a case code or its beginning
	maxCursor       = 100                     // an opaque paging cursor
	maxSecret       = 4096                    // the linkage secret as sent (linkrun wants at least 32 bytes decoded)
	maxIndicators   = 200                     // indicator ids in one screening (a catalogue has fewer)
	maxTermID       = 100                     // an indicator or catalogue id (identify's are far shorter)
	maxParties      = 50                      // organisations in one linkage run
	maxAuditAction  = 100                     // an audit action or its prefix
	maxAuditRecType = 50                      // an audit record type
	maxAuditRecID   = 100                     // an audit record id
	timeLen         = len("15:04:05")         // a time of day (directory.ParseTime also takes seconds)
)

// personLimits are a case's person fields (casework.Case.Validate).
var personLimits = map[string]int{
	"given_name": casework.MaxName, "family_name": casework.MaxName, "other_names": casework.MaxName,
	"birth_date": dateLen, "phone": account.MaxPhone, "email": valid.MaxEmail, "address": account.MaxAddress,
	"identity_number": casework.MaxShort, "narrative": casework.MaxNarrative,
}

// caseLimits are a case's own fields, in the bodies and in the answers that
// share their schema.
var caseLimits = map[string]int{
	"citizenship": countryLen, "recruitment_place": casework.MaxShort, "events": casework.MaxEvents,
}

// orgLimits are an organisation's fields (account.Organisation.Validate).
var orgLimits = map[string]int{
	"name": account.MaxOrgName, "country": countryLen, "city": account.MaxCity, "phone": account.MaxPhone,
	"email": valid.MaxEmail, "website": account.MaxWebsite, "address": account.MaxAddress,
}

// orgPatchLimits are orgLimits and the directory profile's
// (directory.Profile.Validate).
var orgPatchLimits = func() map[string]int {
	m := map[string]int{"countries": directory.MaxCountries, "languages": directory.MaxLanguages,
		"languages[]": maxLanguageTag, "hours": directory.MaxOpenings, "services": len(directory.Services)}
	for k, v := range orgLimits {
		m[k] = v
	}
	return m
}()

// schemaLimits gives, per component schema, the maximum length (strings) or
// number of items (lists) of each property; "prop[]" is the length of each
// item of a list of strings.
var schemaLimits = map[string]map[string]int{
	"CasePerson":           personLimits,
	"CasePersonPatch":      personLimits,
	"Case":                 caseLimits,
	"CaseCreated":          caseLimits,
	"CaseCreateBody":       caseLimits,
	"CasePatchBody":        caseLimits,
	"CaseEvent":            {"country": countryLen, "place": casework.MaxShort, "date": dateLen},
	"CaseJustice":          {"complaint_date": dateLen, "currency": currencyLen},
	"CaseClosureBody":      {"reason": casework.MaxNarrative},
	"CaseEraseBody":        {"code": maxConfirmCode},
	"FollowUpBody":         {"note": casework.MaxNote},
	"NoteBody":             {"text": casework.MaxNote},
	"ConsentBody":          {"language": maxLanguageTag},
	"AttachmentUploadBody": {"name": store.MaxAttachmentName, "data": base64.StdEncoding.EncodedLen(casework.MaxAttachmentBytes)},
	"AttachmentUploadForm": {"name": store.MaxAttachmentName},
	"ScreeningIndicators":  {"present": maxIndicators, "present[]": maxTermID, "catalogue": maxTermID},
	"PlanItemBody": {"objective": casework.MaxShort, "provider": casework.MaxShort, "outcome": casework.MaxNarrative,
		"planned_start": dateLen, "planned_end": dateLen, "actual_start": dateLen, "actual_end": dateLen},
	"LinkageProposeBody": {"name": linkrun.MaxName, "period_from": dateLen, "period_to": dateLen, "parties": maxParties,
		"parties[]": valid.UUIDLen},
	"LinkageApproveBody": {"secret": maxSecret},
	"OrgCreateBody":      orgLimits,
	"OrgPatchBody":       orgPatchLimits,
	"DirectoryCountry":   {"country": countryLen},
	"DirectoryOpening":   {"opens": timeLen, "closes": timeLen},
	"TokenCreateBody":    {"name": store.MaxTokenName},
	"UserCreateBody":     {"display_name": account.MaxDisplayName, "email": valid.MaxEmail},
	"LegislationAssessmentBody": {"country": countryLen, "assessed_on": legislation.DateLen,
		"title": legislation.MaxTitle},
	"LegislationItemBody": {"provision": legislation.MaxProvision, "evidence": legislation.MaxEvidence},
	"TrainingBody": {"country": countryLen, "place": training.MaxPlace, "starts_on": dateLen, "ends_on": dateLen,
		"trainers": training.MaxTrainers},
	"ParticipantBody": {"name": training.MaxName, "organisation": training.MaxOrganisation},
	"CampaignBody": {"title": campaign.MaxTitle, "target_groups": campaign.MaxList, "channels": campaign.MaxList,
		"languages": campaign.MaxList, "languages[]": campaign.LanguageLen, "countries": campaign.MaxList,
		"countries[]": countryLen, "places": campaign.MaxPlaces, "starts_on": dateLen, "ends_on": dateLen,
		"currency": currencyLen},
	"JusticeFigureBody": {"country": countryLen, "source": justicefig.MaxSource},
	"WebhookCreateBody": {"url": notify.MaxURL, "kinds": len(notify.Kinds)},
	"ReferralBody": {"purpose": referral.MaxPurpose, "message": referral.MaxMessage, "services": referral.MaxServices,
		"share": len(referral.Fields)},
	"DeclineBody": {"reason": referral.MaxReason},
	"OutcomeBody": {"outcome": referral.MaxOutcome},
}

// schemaMaxima gives, per component schema, the largest number a property
// takes, where the domain names it (other numeric bounds are the API's own
// and stay in the tags: page sizes, token lifetimes).
var schemaMaxima = map[string]map[string]int{
	"OrgCreateBody":   {"retention_days": account.MaxRetentionDays},
	"OrgPatchBody":    {"retention_days": account.MaxRetentionDays},
	"ScreeningBody":   {"age_at_recruitment": identify.MaxAge},
	"ParticipantBody": {"pre_score": training.MaxScore, "post_score": training.MaxScore},
	"CampaignBody": {"budget": campaign.MaxBudget, "reach": campaign.MaxReach, "hotline_before": campaign.MaxSignal,
		"hotline_after": campaign.MaxSignal, "referrals_before": campaign.MaxSignal, "referrals_after": campaign.MaxSignal},
	"JusticeFigureBody": {"count": justicefig.MaxCount},
}

// schemaEnums gives the values of properties whose type is a plain string in
// Go, from the domain's constants (the request enumerations have their own
// types: cases_enums.go).
var schemaEnums = map[string]map[string][]string{
	"LinkageParty":    {"state": strs([]linkrun.PartyState{linkrun.Pending, linkrun.Approved, linkrun.Refused})},
	"LinkageRun":      {"status": strs(linkrun.Statuses)},
	"LinkageStratum":  {"dimension": linkrun.Dimensions},
	"TrainingBody":    {"topic": training.Topics},
	"ParticipantBody": {"profession": training.Professions, "sex": training.Sexes},
	"CampaignBody": {"level": campaign.Levels, "target_groups[]": campaign.TargetGroups,
		"channels[]": campaign.Channels, "reach_kind": campaign.ReachKinds},
	"JusticeFigureBody": {"form": justicefig.Forms, "stage": justicefig.Stages},
	"DatasetColumn":     {"kind": strs([]dataset.Kind{dataset.Text, dataset.Number, dataset.Country})},
	"DatasetTable": {"method": strs([]disclosure.Method{disclosure.Suppression, disclosure.Differential,
		disclosure.Public})},
}

// paramLimits gives the maximum length of query parameters, by name (the
// same name means the same thing in every operation).
var paramLimits = map[string]int{
	"code": maxCodeQuery, "country": countryLen, "name": casework.MaxName, "cursor": maxCursor,
	"action": maxAuditAction, "record_type": maxAuditRecType, "record_id": maxAuditRecID,
	"with":     valid.UUIDLen, // the other assessment of a comparison
	"language": maxLanguageTag,
	"by":       dataset.MaxBy * (dataset.MaxHeaderLen + 1),
	"to":       valid.UUIDLen, // the receiver of a referral
}

// paramItems gives the maximum number of items of query parameters that are
// lists. A name may be a string in one operation and a list in another (a
// dataset's "by" is one comma-separated string, the case statistics' "by" a
// list of known variables), so lists are looked up here, strings above.
var paramItems = map[string]int{
	"by": casestats.MaxBy,
}

// paramLimit is the limit of query parameter name with schema s.
func paramLimit(name string, s *huma.Schema) (int, bool) {
	if s.Type == huma.TypeArray {
		n, ok := paramItems[name]
		return n, ok
	}
	n, ok := paramLimits[name]
	return n, ok
}

// applyLimits sets the table's limits on a's schemas and parameters. A
// name in the table that the document lacks is a programming error: it
// panics, so the API does not start with a limit silently dropped.
func applyLimits(a huma.API) {
	schemas := a.OpenAPI().Components.Schemas.Map()
	for name, props := range schemaLimits {
		s, ok := schemas[name]
		if !ok {
			panic(fmt.Sprintf("api: limits for unknown schema %s", name))
		}
		for prop, n := range props {
			items := strings.HasSuffix(prop, "[]")
			p, ok := s.Properties[strings.TrimSuffix(prop, "[]")]
			if ok && items {
				p = p.Items
				ok = p != nil
			}
			if !ok {
				panic(fmt.Sprintf("api: limit for unknown property %s.%s", name, prop))
			}
			setLimit(p, n)
		}
	}
	for name, props := range schemaMaxima {
		s, ok := schemas[name]
		if !ok {
			panic(fmt.Sprintf("api: maxima for unknown schema %s", name))
		}
		for prop, n := range props {
			p, ok := s.Properties[prop]
			if !ok {
				panic(fmt.Sprintf("api: maximum for unknown property %s.%s", name, prop))
			}
			max := float64(n)
			p.Maximum = &max
			p.PrecomputeMessages()
		}
	}
	for name, props := range schemaEnums {
		s, ok := schemas[name]
		if !ok {
			panic(fmt.Sprintf("api: enums for unknown schema %s", name))
		}
		for prop, values := range props {
			items := strings.HasSuffix(prop, "[]")
			p, ok := s.Properties[strings.TrimSuffix(prop, "[]")]
			if ok && items {
				p = p.Items
				ok = p != nil
			}
			if !ok {
				panic(fmt.Sprintf("api: enum for unknown property %s.%s", name, prop))
			}
			p.Enum = p.Enum[:0]
			for _, v := range values {
				p.Enum = append(p.Enum, v)
			}
			p.PrecomputeMessages()
		}
	}
	for _, item := range a.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Patch, item.Put, item.Delete} {
			if op == nil {
				continue
			}
			for _, p := range op.Parameters {
				if p.In != "query" || p.Schema == nil {
					continue
				}
				if n, ok := paramLimit(p.Name, p.Schema); ok {
					setLimit(p.Schema, n)
				}
			}
		}
	}
	for _, s := range schemas {
		s.PrecomputeMessages()
	}
}

// setLimit bounds a string's length or a list's number of items.
func setLimit(s *huma.Schema, n int) {
	if s.Type == huma.TypeArray {
		s.MaxItems = &n
	} else {
		s.MaxLength = &n
	}
	s.PrecomputeMessages()
}

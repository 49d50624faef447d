package htcds

import (
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// rowReader turns one data row into a case, noting repairs and the
// problems only a column knows (numbers, booleans, phones, event lists).
type rowReader struct {
	h        *header
	ns       *notices
	row      int
	cells    []string
	problems []Problem
	// eventCols remembers which column each event came from, so that a
	// casework error on events[i] points at the right column.
	eventCols []string
	fromHTE   bool
}

// get returns the trimmed cell of a field ("" when the column is absent),
// noting the trimming.
func (rr *rowReader) get(name string) string {
	i, ok := rr.h.index[name]
	if !ok || i >= len(rr.cells) {
		return ""
	}
	raw := rr.cells[i]
	v := strings.TrimSpace(raw)
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
		v = v[1:] // Export's guard against spreadsheet formulas
	}
	if v != raw && v != "" && strings.TrimSpace(raw) == v {
		rr.ns.add(NoticeTrimmed, rr.col(name), rr.row, nil)
	}
	return v
}

// col is the column's name as the file shows it.
func (rr *rowReader) col(name string) string {
	if i, ok := rr.h.index[name]; ok {
		return rr.h.show[i]
	}
	return name
}

func (rr *rowReader) problem(name, fieldName, rule string, params map[string]any) {
	code, ps := ruleCode(rule, params)
	rr.problems = append(rr.problems, Problem{Column: rr.col(name), Field: fieldName, Rule: rule, Code: code, Params: ps})
}

// single reads a one-value picklist. A cell with several values keeps the
// first (HTCDS makes some lists multi-select that casework keeps single).
func (rr *rowReader) single(name string, p *picklist) string {
	v := rr.get(name)
	if v == "" {
		return ""
	}
	if x, exact, ok := p.resolve(v); ok {
		if !exact {
			rr.ns.add(NoticeValueLabel, rr.col(name), rr.row, nil)
		}
		return x
	}
	if strings.ContainsAny(v, ";|,\n") {
		if vs := rr.multiValue(name, v, p); len(vs) > 0 {
			if len(vs) > 1 {
				rr.ns.add(NoticeFirstValueKept, rr.col(name), rr.row, nil)
			}
			return vs[0]
		}
	}
	return v // casework's validation names the rule
}

// multi reads a multi-select picklist.
func (rr *rowReader) multi(name string, p *picklist) []string {
	v := rr.get(name)
	if v == "" {
		return nil
	}
	return rr.multiValue(name, v, p)
}

// multiValue splits on ";" (HTCDS's separator), also "|", line breaks and ",". Labels
// may hold ";" or "," themselves ("Water supply; sewerage, waste
// management and remediation"), so the longest piece that names a value
// wins. Unknown pieces are kept as they are for casework to refuse.
func (rr *rowReader) multiValue(name, v string, p *picklist) []string {
	if x, exact, ok := p.resolve(v); ok {
		if !exact {
			rr.ns.add(NoticeValueLabel, rr.col(name), rr.row, nil)
		}
		return []string{x}
	}
	var out []string
	// A line break (Alt+Enter in an Excel cell) separates values too.
	pieces := strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' || r == '\n' || r == '\r' })
	if strings.ContainsAny(v, "|\n") {
		rr.ns.add(NoticeSeparator, rr.col(name), rr.row, nil)
	}
	for _, piece := range joinPieces(pieces, "; ", p) {
		if x, exact, ok := p.resolve(strings.TrimSpace(piece)); ok {
			rr.noteToken(name, piece, exact)
			out = append(out, x)
			continue
		}
		subs := joinPieces(strings.Split(piece, ","), ", ", p)
		all := len(subs) > 1
		for _, s := range subs {
			if _, _, ok := p.resolve(strings.TrimSpace(s)); !ok {
				all = false
			}
		}
		if !all {
			if t := strings.TrimSpace(piece); t != "" {
				out = append(out, t)
			}
			continue
		}
		rr.ns.add(NoticeSeparator, rr.col(name), rr.row, nil)
		for _, s := range subs {
			x, exact, _ := p.resolve(strings.TrimSpace(s))
			rr.noteToken(name, s, exact)
			out = append(out, x)
		}
	}
	return out
}

// joinPieces rejoins neighbouring pieces whose join is a known value.
func joinPieces(pieces []string, sep string, p *picklist) []string {
	var out []string
	for i := 0; i < len(pieces); i++ {
		if i+1 < len(pieces) {
			joined := strings.TrimSpace(pieces[i]) + sep + strings.TrimSpace(pieces[i+1])
			if _, _, ok := p.resolve(joined); ok {
				out = append(out, joined)
				i++
				continue
			}
		}
		if strings.TrimSpace(pieces[i]) != "" {
			out = append(out, pieces[i])
		}
	}
	return out
}

// noteToken reports a label used for a value name, and spaces other than
// the one after a separator ("DebtBondage " in the XLSForm).
func (rr *rowReader) noteToken(name, token string, exact bool) {
	if !exact {
		rr.ns.add(NoticeValueLabel, rr.col(name), rr.row, nil)
	}
	if strings.TrimRight(token, " \t") != token || strings.TrimPrefix(token, " ") != strings.TrimLeft(token, " \t") {
		rr.ns.add(NoticeTrimmed, rr.col(name), rr.row, nil)
	}
}

// date reads a date cell into casework's form.
func (rr *rowReader) date(name string) string {
	d, how := normaliseDate(rr.get(name))
	rr.noteDate(name, how)
	return d
}

func (rr *rowReader) noteDate(name string, how int) {
	switch how {
	case dateDMY:
		rr.ns.add(NoticeDateDMY, rr.col(name), rr.row, nil)
	case dateSerial:
		rr.ns.add(NoticeDateSerial, rr.col(name), rr.row, nil)
	case dateTime:
		rr.ns.add(NoticeDateTime, rr.col(name), rr.row, nil)
	}
}

// country reads one country; several keep the first (prs_Citizenship is
// multi-select in HTCDS, one country in casework).
func (rr *rowReader) country(name string) string {
	v := rr.get(name)
	if v == "" {
		return ""
	}
	if _, _, ok := resolveCountry(v); !ok && strings.ContainsAny(v, ";|,") {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' || r == ',' })
		if len(parts) > 1 {
			if _, _, ok := resolveCountry(strings.TrimSpace(parts[0])); ok {
				rr.ns.add(NoticeFirstValueKept, rr.col(name), rr.row, nil)
				v = strings.TrimSpace(parts[0])
			}
		}
	}
	return rr.countryValue(name, v)
}

func (rr *rowReader) countryValue(name, v string) string {
	code, how, ok := resolveCountry(v)
	if !ok {
		return v // account.Country refuses it
	}
	switch how {
	case countryAlpha2:
		rr.ns.add(NoticeCountryAlpha2, rr.col(name), rr.row, nil)
	case countryLower:
		rr.ns.add(NoticeCountryLower, rr.col(name), rr.row, nil)
	case countryName:
		rr.ns.add(NoticeCountryName, rr.col(name), rr.row, nil)
	}
	return code
}

// number reads a whole number ("17" or Excel's "17.0").
func (rr *rowReader) number(name, fieldName string) *int {
	v := rr.get(name)
	if v == "" {
		return nil
	}
	if whole, frac, ok := strings.Cut(v, "."); ok && strings.Trim(frac, "0") == "" {
		v = whole
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		rr.problem(name, fieldName, RuleNumber, nil)
		return nil
	}
	return &n
}

// boolean reads TRUE/FALSE as Excel writes them, 1/0, and the yes/no
// words of the languages of vocab/.
func (rr *rowReader) boolean(name, fieldName string) bool {
	v := rr.get(name)
	if v == "" {
		return false
	}
	if b, ok := booleanWords[normal(v)]; ok {
		return b
	}
	rr.problem(name, fieldName, RuleBoolean, nil)
	return false
}

// phone checks one phone column the way the organisation pages do.
func (rr *rowReader) phone(name string) string {
	v := rr.get(name)
	if e := account.Phone("phone", v); e != nil {
		rr.problem(name, "phone", e.Rule, e.Params)
	}
	return v
}

// readCase maps the row onto a case.
func (rr *rowReader) readCase() *casework.Case {
	c := &casework.Case{}
	p := &c.Person
	p.GivenName = rr.get(fFirstName)
	p.FamilyName = rr.get(fSecondName)
	p.OtherNames = rr.get(fMiddleName)
	p.BirthDate = rr.date(fBirthdate)
	p.Email = rr.get(fEmail)
	p.IdentityNumber = rr.get(fIdentityNumber)
	mobile, home := rr.phone(fMobilePhone), rr.phone(fHomePhone)
	switch {
	case mobile != "" && home != "" && mobile != home:
		p.Phone = mobile + " / " + home
		rr.ns.add(NoticeBothPhones, rr.col(fHomePhone), rr.row, nil)
	case mobile != "":
		p.Phone = mobile
	default:
		p.Phone = home
	}
	p.Address = joinNonEmpty(", ", rr.get(fMailingStreet),
		joinNonEmpty(" ", rr.get(fMailingPostalCode), rr.get(fMailingCity)), rr.get(fMailingState), rr.get(fMailingCountry))

	c.Gender = rr.single(fGender, genders)
	c.Citizenship = rr.country(fCitizenship)
	c.AgeWhenTrafficked = rr.number(fAgeWhenTrafficked, "age_when_trafficked")
	c.PresumedMinor = rr.boolean(fPresumedMinor, "presumed_minor")
	c.TraffickingStatus = rr.single(fTraffickingStatus, traffickingStatuses)
	c.StatusDecidedBy = rr.single(fDecisionOrg, decisionOrgs)
	c.Relationship = rr.single(fRelationship, relationships)
	c.RecruitmentMethods = rr.multi(fRecruitment, recruitmentMethods)
	c.MethodsOfControl = rr.multi(fControl, controlMethods)
	c.Exploitation = rr.exploitation()
	c.LabourIndustry = rr.single(fIndustry, labourIndustries)
	c.SexExploitation = rr.multi(fSexExploitation, sexExploitationTypes)
	c.RecruitmentPlace = rr.get(fRecruitmentPlace)
	c.Events = rr.events()

	c.Status = casework.Status(rr.single(fStatus, caseStatuses))
	if reason := rr.get(fClosureReason); reason != "" {
		if c.Status.IsClosed() {
			c.ClosureStatus, c.ClosureReason = c.Status, reason
		} else {
			rr.ns.add(NoticeClosureDropped, rr.col(fClosureReason), rr.row, nil)
		}
	}
	if rr.get(fCaseCode) != "" {
		rr.ns.add(NoticeCodeIgnored, rr.col(fCaseCode), rr.row, nil)
	}
	for i, f := range rr.h.field {
		if f != nil && !f.Imported && f.Name != fCaseCode && cell(rr.cells, i) != "" {
			rr.ns.add(NoticeNotImported, rr.h.show[i], rr.row, nil)
		}
	}
	return c
}

// exploitation reads vic_TypeOfExploitation and puts back what Export
// wrote as Other (ForcedCriminality, which HTCDS 2.0 lacks).
func (rr *rowReader) exploitation() []string {
	vs := rr.multi(fExploitation, exploitationTypes)
	other := rr.multi(fExploitationOther, exploitationTypes)
	if len(other) == 0 {
		return vs
	}
	var out []string
	restored := false
	for _, v := range vs {
		if v == "Other" && !restored {
			out = append(out, other...)
			restored = true
			continue
		}
		out = append(out, v)
	}
	if restored {
		rr.ns.add(NoticeOtherRestored, rr.col(fExploitation), rr.row, nil)
	}
	return out
}

// events reads the hte_ columns (one ";"-separated list each, aligned), or
// else turns "Place, Country" locations of recruitment and exploitation
// into events.
func (rr *rowReader) events() []casework.Event {
	cols := []string{fEventType, fEventCountry, fEventCity, fEventDate}
	lists := make([][]string, len(cols))
	n := 0
	for i, name := range cols {
		if v := rr.get(name); v != "" {
			lists[i] = strings.Split(v, ";")
			n = max(n, len(lists[i]))
		}
	}
	if n > 0 {
		rr.fromHTE = true
		bad := false
		for i, name := range cols {
			if lists[i] != nil && len(lists[i]) != n {
				rr.problem(name, "events", RuleEvents, nil)
				bad = true
			}
		}
		if bad {
			return nil
		}
		at := func(i, j int) string {
			if lists[i] == nil {
				return ""
			}
			return strings.TrimSpace(lists[i][j])
		}
		evs := make([]casework.Event, n)
		for j := range evs {
			kind := at(0, j)
			if k, _, ok := eventKinds.resolve(kind); ok {
				kind = k
			}
			country := at(1, j)
			if country != "" {
				country = rr.countryValue(fEventCountry, country)
			}
			d, how := normaliseDate(at(3, j))
			rr.noteDate(fEventDate, how)
			evs[j] = casework.Event{Kind: kind, Country: country, Place: at(2, j), Date: d}
		}
		return evs
	}
	var evs []casework.Event
	for _, loc := range []struct{ name, kind string }{{fRecruitmentPlace, "recruitment"}, {fExploitationPlace, "exploitation"}} {
		v := rr.get(loc.name)
		if v == "" {
			continue
		}
		for _, part := range strings.Split(v, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			place, country := splitLocation(part)
			if country == "" {
				rr.ns.add(NoticeLocationPlace, rr.col(loc.name), rr.row, nil)
				continue
			}
			rr.ns.add(NoticeLocationEvent, rr.col(loc.name), rr.row, nil)
			evs = append(evs, casework.Event{Kind: loc.kind, Country: country, Place: place})
			rr.eventCols = append(rr.eventCols, loc.name)
		}
	}
	return evs
}

// splitLocation reads "Benin City, Nigeria", "Agadez (NE)" or "Niger":
// the country is the last comma part, or a code in brackets.
func splitLocation(s string) (place, country string) {
	if code, _, ok := resolveCountry(s); ok {
		return "", code
	}
	if i := strings.LastIndex(s, ","); i >= 0 {
		if code, _, ok := resolveCountry(strings.TrimSpace(s[i+1:])); ok {
			return strings.TrimSpace(s[:i]), code
		}
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i > 0 {
			if code, _, ok := resolveCountry(strings.TrimSpace(s[i+1 : len(s)-1])); ok {
				return strings.TrimSpace(s[:i]), code
			}
		}
	}
	return s, ""
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// columnOf maps a casework validation field to the column it came from.
func (rr *rowReader) columnOf(fieldName string) string {
	if strings.HasPrefix(fieldName, "events[") {
		i, rest, _ := strings.Cut(strings.TrimPrefix(fieldName, "events["), "]")
		rest = strings.TrimPrefix(rest, ".")
		if !rr.fromHTE {
			if j, err := strconv.Atoi(i); err == nil && j < len(rr.eventCols) {
				return rr.eventCols[j]
			}
			return fRecruitmentPlace
		}
		switch rest {
		case "kind":
			return fEventType
		case "country":
			return fEventCountry
		case "place":
			return fEventCity
		case "date":
			return fEventDate
		}
		return fEventType
	}
	switch fieldName {
	case "phone":
		if _, ok := rr.h.index[fMobilePhone]; ok {
			return fMobilePhone
		}
		return fHomePhone
	case "address":
		for _, n := range []string{fMailingStreet, fMailingCity, fMailingPostalCode, fMailingState, fMailingCountry} {
			if _, ok := rr.h.index[n]; ok {
				return n
			}
		}
		return fMailingStreet
	case "given_name":
		for _, n := range []string{fFirstName, fSecondName, fMiddleName} {
			if _, ok := rr.h.index[n]; ok {
				return n
			}
		}
		return fFirstName
	}
	if n, ok := columnOfField[fieldName]; ok {
		return n
	}
	return fieldName
}

var columnOfField = map[string]string{
	"family_name": fSecondName, "other_names": fMiddleName, "email": fEmail, "birth_date": fBirthdate,
	"gender": fGender, "citizenship": fCitizenship, "age_when_trafficked": fAgeWhenTrafficked,
	"identity_number": fIdentityNumber, "recruitment_place": fRecruitmentPlace, "closure_reason": fClosureReason,
	"trafficking_status": fTraffickingStatus, "status_decided_by": fDecisionOrg, "relationship": fRelationship,
	"labour_industry": fIndustry, "recruitment_methods": fRecruitment, "methods_of_control": fControl,
	"exploitation": fExploitation, "sex_exploitation": fSexExploitation, "status": fStatus, "events": fEventType,
}

// validationProblems adds casework's verdict on the case.
func (rr *rowReader) validationProblems(c *casework.Case, es valid.Errors) {
	for _, e := range es {
		id := e.Rule
		if e.Field == "given_name" && e.Rule == valid.RuleRequired {
			id = msgNameRequired
		}
		params := e.Params // one_of's allowed list is left out: its message says "HTCDS values"
		code, ps := ruleCode(id, params)
		rr.problems = append(rr.problems, Problem{
			Column: rr.col(rr.columnOf(e.Field)), Field: e.Field, Rule: e.Rule, Code: code, Params: ps,
		})
	}
}

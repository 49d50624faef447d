package htcds

// Column is one column of a sheet: the field name of row 1 and the label of
// row 2, exactly as they are written.
type Column struct {
	Name  string
	Label string
}

// Template is the header of the HTCDS v2.0 Excel template (both the plain
// and the "single select with validation" workbooks), column A first, with
// its quirks kept so that a file made from the real template is read right:
//   - column A has no name and no label (it holds row numbers 1, 2, ...);
//   - the mailing address labels are shifted against their field names
//     (prs_MailingCity is labelled "Mailing Street", and so on);
//   - vic_TraffickinStatusDecisionMakingOrg is misspelt;
//   - the column labelled "Reason for Outgoing Referral" has no field name.
//
// TestTemplateMatchesUpstream compares it with the real workbook.
var Template = []Column{
	{"", ""},
	{"cas_CaseOwner", "Case Owner"},
	{"prs_Salutation", "Salutation"},
	{"prs_FirstName", "First Name"},
	{"prs_SecondName", "Second Name"},
	{"con_Consent", "Consent"},
	{"prs_Birthdate", "Birthdate"},
	{"prs_Gender", "Gender"},
	{"prs_Citizenship", "Citizenship"},
	{"prs_Title", "Title"},
	{"prs_Email", "Email"},
	{"prs_HomePhone", "Home Phone"},
	{"prs_MobilePhone", "Mobile Phone"},
	{"prs_MailingCity", "Mailing Street"},
	{"prs_MailingCountry", "Mailing City"},
	{"prs_MailingState", "Mailing State/Province"},
	{"prs_MailingStreet", "Mailing Zip/Postal Code"},
	{"prs_MailingPostalCode", "Mailing Country"},
	{"vic_TraffickingStatus", "Trafficking Status"},
	{"vic_TraffickinStatusDecisionMakingOrg", "Trafficking Status Decision Making Organization"},
	{"vic_MethodOfRecruitment", "Method of Recruitment"},
	{"vic_LocationOfRecruitment", "Location of Recruitment"},
	{"vic_MethodsOfControl", "Methods of Control"},
	{"vic_TypeOfExploitation", "Type of Exploitation"},
	{"vic_ForcedLabourIndustry", "Forced Labour Industry"},
	{"vic_TypeOfSexExploitation", "Type of Sex Exploitation"},
	{"vic_LocationOfExploitation", "Location of Exploitation"},
	{"cas_Status", "Status"},
	{"cas_ReferringOrganisation", "Referring Organisation"},
	{"cas_IncomingReferralDate", "Incoming Referral Date"},
	{"cas_ReferringPrimaryCaseWorker", "Referring Primary Case Worker"},
	{"cas_ReasonForIncomingReferral", "Reason for Incoming Referral"},
	{"cas_IncomingReferralDetails", "Incoming Referral Details"},
	{"cas_ReferredOrganisation", "Referred Organisation"},
	{"cas_ReferredPrimaryCaseWorker", "Referred Primary Case Worker"},
	{"", "Reason for Outgoing Referral"},
	{"cas_OutgoingReferralDate", "Outgoing Referral Date"},
	{"cas_OutgoingReferralDetails", "Outgoing Referral Details"},
	{"cas_ReasonForCaseClosure", "Reason for Case Closure"},
}

// Field names (HTCDS 2.0 spelling) of the columns Passerelle reads. Fields
// prefixed psl_ are Passerelle's own, for facts HTCDS has no column for.
const (
	fRowNumber         = "" // the template's column A
	fCaseOwner         = "cas_CaseOwner"
	fSalutation        = "prs_Salutation"
	fFirstName         = "prs_FirstName"
	fMiddleName        = "prs_MiddleName"
	fSecondName        = "prs_SecondName"
	fConsent           = "con_Consent"
	fBirthdate         = "prs_Birthdate"
	fGender            = "prs_Gender"
	fCitizenship       = "prs_Citizenship"
	fIdentityNumber    = "prs_IdentityNumber"
	fTitle             = "prs_Title"
	fEmail             = "prs_Email"
	fHomePhone         = "prs_HomePhone"
	fMobilePhone       = "prs_MobilePhone"
	fMailingCity       = "prs_MailingCity"
	fMailingCountry    = "prs_MailingCountry"
	fMailingState      = "prs_MailingState"
	fMailingStreet     = "prs_MailingStreet"
	fMailingPostalCode = "prs_MailingPostalCode"
	fTraffickingStatus = "vic_TraffickingStatus"
	fDecisionOrg       = "vic_TraffickingStatusDecisionMakingOrg"
	fRelationship      = "vic_RelationshipToTrafficker"
	fAgeWhenTrafficked = "vic_AgeWhenTrafficked"
	fRecruitment       = "vic_MethodOfRecruitment"
	fRecruitmentPlace  = "vic_LocationOfRecruitment"
	fControl           = "vic_MethodsOfControl"
	fExploitation      = "vic_TypeOfExploitation"
	fIndustry          = "vic_ForcedLabourIndustry"
	fSexExploitation   = "vic_TypeOfSexExploitation"
	fExploitationPlace = "vic_LocationOfExploitation"
	fStatus            = "cas_Status"
	fReferringOrg      = "cas_ReferringOrganisation"
	fIncomingDate      = "cas_IncomingReferralDate"
	fReferringWorker   = "cas_ReferringPrimaryCaseWorker"
	fIncomingReason    = "cas_ReasonForIncomingReferral"
	fIncomingDetails   = "cas_IncomingReferralDetails"
	fReferredOrg       = "cas_ReferredOrganisation"
	fReferredWorker    = "cas_ReferredPrimaryCaseWorker"
	fOutgoingReason    = "cas_ReasonForOutgoingReferral"
	fOutgoingDate      = "cas_OutgoingReferralDate"
	fOutgoingDetails   = "cas_OutgoingReferralDetails"
	fClosureReason     = "cas_ReasonForCaseClosure"
	fEventType         = "hte_Type"
	fEventCountry      = "hte_Country"
	fEventCity         = "hte_City"
	fEventDate         = "hte_Date"
	fPresumedMinor     = "psl_PresumedMinor"
	fExploitationOther = "psl_ExploitationOther"
	fCaseCode          = "psl_CaseCode"
)

// field is what Passerelle knows of one column: the standard's label (not
// the template's shifted one; labels in other languages are in vocab/), the
// other names files use for it, and whether its content becomes part of a
// case.
type field struct {
	Name     string
	Label    string   // HTCDS English label
	Aliases  []string // other spellings seen in HTCDS files (XLSForm, typos, older drafts)
	Imported bool     // false: a known HTCDS column Passerelle does not keep (reported when it holds data)
}

// fields lists every column Passerelle recognises. Order is irrelevant here;
// ExportLayout fixes the order of written files.
var fields = []field{
	{Name: fCaseOwner, Label: "Case Owner"},
	{Name: fSalutation, Label: "Salutation"},
	{Name: fFirstName, Label: "First Name", Imported: true,
		Aliases: []string{"prs_First_Name", "prs_GivenName"}},
	{Name: fMiddleName, Label: "Middle Name", Imported: true,
		Aliases: []string{"prs_Middle_Name", "prs_OtherNames"}},
	{Name: fSecondName, Label: "Second Name", Imported: true,
		Aliases: []string{"prs_Second_Name", "prs_FamilyName", "prs_LastName"}},
	{Name: fConsent, Label: "Consent"},
	{Name: fBirthdate, Label: "Birthdate", Imported: true,
		Aliases: []string{"prs_DateOfBirth", "prs_BirthDate"}},
	{Name: fGender, Label: "Gender", Imported: true},
	{Name: fCitizenship, Label: "Citizenship", Imported: true},
	{Name: fIdentityNumber, Label: "Identity Number", Imported: true},
	{Name: fTitle, Label: "Title"},
	{Name: fEmail, Label: "Email", Imported: true},
	{Name: fHomePhone, Label: "Home Phone", Imported: true},
	{Name: fMobilePhone, Label: "Mobile Phone", Imported: true},
	{Name: fMailingCity, Label: "Mailing City", Imported: true},
	{Name: fMailingCountry, Label: "Mailing Country", Imported: true},
	{Name: fMailingState, Label: "Mailing State/Province", Imported: true},
	{Name: fMailingStreet, Label: "Mailing Street", Imported: true},
	{Name: fMailingPostalCode, Label: "Mailing Zip/Postal Code", Imported: true},
	{Name: fTraffickingStatus, Label: "Trafficking Status", Imported: true},
	{Name: fDecisionOrg, Label: "Trafficking Status Decision Making Organization", Imported: true,
		Aliases: []string{"vic_TraffickinStatusDecisionMakingOrg"}},
	{Name: fRelationship, Label: "Relationship to Trafficker", Imported: true},
	{Name: fAgeWhenTrafficked, Label: "Age when Trafficked", Imported: true},
	{Name: fRecruitment, Label: "Method of Recruitment", Imported: true},
	{Name: fRecruitmentPlace, Label: "Location of Recruitment", Imported: true},
	{Name: fControl, Label: "Methods of Control", Imported: true,
		Aliases: []string{"vic_Methods_of_Control"}},
	{Name: fExploitation, Label: "Type of Exploitation", Imported: true},
	{Name: fIndustry, Label: "Forced Labour Industry", Imported: true},
	{Name: fSexExploitation, Label: "Type of Sex Exploitation", Imported: true},
	{Name: fExploitationPlace, Label: "Location of Exploitation", Imported: true},
	{Name: fStatus, Label: "Status", Imported: true},
	{Name: fReferringOrg, Label: "Referring Organisation"},
	{Name: fIncomingDate, Label: "Incoming Referral Date"},
	{Name: fReferringWorker, Label: "Referring Primary Case Worker"},
	{Name: fIncomingReason, Label: "Reason for Incoming Referral"},
	{Name: fIncomingDetails, Label: "Incoming Referral Details"},
	{Name: fReferredOrg, Label: "Referred Organisation"},
	{Name: fReferredWorker, Label: "Referred Primary Case Worker"},
	{Name: fOutgoingReason, Label: "Reason for Outgoing Referral"},
	{Name: fOutgoingDate, Label: "Outgoing Referral Date"},
	{Name: fOutgoingDetails, Label: "Outgoing Referral Details"},
	{Name: fClosureReason, Label: "Reason for Case Closure", Imported: true},
	{Name: fEventType, Label: "Trafficking Event Type", Imported: true},
	{Name: fEventCountry, Label: "Trafficking Event Country", Imported: true},
	{Name: fEventCity, Label: "Trafficking Event City", Imported: true},
	{Name: fEventDate, Label: "Trafficking Event Date", Imported: true},
	{Name: fPresumedMinor, Label: "Presumed Minor (Passerelle)", Imported: true},
	{Name: fExploitationOther, Label: "Other Type of Exploitation (Passerelle)", Imported: true},
	{Name: fCaseCode, Label: "Case Code (Passerelle)"},
}

// ExportLayout is the header Export writes: the template's 39 columns in the
// template's order (so rows paste into the template) with the field names
// and labels the standard gives (the template's misspelling, its missing
// name and its shifted labels corrected), then the HTCDS fields the template
// lacks and Passerelle's own.
var ExportLayout = exportLayout()

func exportLayout() []Column {
	names := []string{fRowNumber}
	for _, c := range Template[1:] {
		names = append(names, canonicalName(c))
	}
	names = append(names, fMiddleName, fIdentityNumber, fRelationship, fAgeWhenTrafficked,
		fEventType, fEventCountry, fEventCity, fEventDate, fPresumedMinor, fExploitationOther, fCaseCode)
	cols := make([]Column, len(names))
	for i, n := range names {
		if f, ok := fieldByName[n]; ok {
			cols[i] = Column{Name: f.Name, Label: f.Label}
		}
	}
	return cols
}

// canonicalName is the standard's name of a template column.
func canonicalName(c Column) string {
	if c.Name == "" && c.Label != "" {
		if f, ok := fieldByLabel[normal(c.Label)]; ok {
			return f.Name
		}
	}
	if f, ok := fieldByName[c.Name]; ok {
		return f.Name
	}
	return c.Name
}

// Indexes of fields; built by a var initialiser so that ExportLayout, also
// a var, sees them.
var fieldByName, fieldByLabel, fieldByKey = indexFields()

// indexFields maps canonical names and aliases, normal(label) (the
// standard's, then those of vocab/ for templates translated with them), and
// normal(name or alias) (for case and underscore slips) to their field.
func indexFields() (byName, byLabel, byKey map[string]*field) {
	byName, byLabel, byKey = map[string]*field{}, map[string]*field{}, map[string]*field{}
	for i := range fields {
		f := &fields[i]
		byName[f.Name] = f
		byKey[normal(f.Name)] = f
		for _, a := range f.Aliases {
			byName[a] = f
			byKey[normal(a)] = f
		}
		byLabel[normal(f.Label)] = f
	}
	for _, v := range vocabulary() {
		for name, l := range v.Fields {
			if f, ok := byName[name]; ok {
				if _, taken := byLabel[normal(l)]; !taken {
					byLabel[normal(l)] = f
				}
			}
		}
	}
	return byName, byLabel, byKey
}

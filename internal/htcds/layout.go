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

// field is what Passerelle knows of one column: its labels in both
// languages (the standard's, not the template's shifted ones), the other
// names files use for it, and whether its content becomes part of a case.
type field struct {
	Name     string
	Label    string // HTCDS English label
	LabelFR  string
	Aliases  []string // other spellings seen in HTCDS files (XLSForm, typos, older drafts)
	Imported bool     // false: a known HTCDS column Passerelle does not keep (reported when it holds data)
}

// fields lists every column Passerelle recognises. Order is irrelevant here;
// ExportLayout fixes the order of written files.
var fields = []field{
	{Name: fCaseOwner, Label: "Case Owner", LabelFR: "Responsable du dossier"},
	{Name: fSalutation, Label: "Salutation", LabelFR: "Civilité"},
	{Name: fFirstName, Label: "First Name", LabelFR: "Prénom", Imported: true,
		Aliases: []string{"prs_First_Name", "prs_GivenName"}},
	{Name: fMiddleName, Label: "Middle Name", LabelFR: "Autres noms", Imported: true,
		Aliases: []string{"prs_Middle_Name", "prs_OtherNames"}},
	{Name: fSecondName, Label: "Second Name", LabelFR: "Nom de famille", Imported: true,
		Aliases: []string{"prs_Second_Name", "prs_FamilyName", "prs_LastName"}},
	{Name: fConsent, Label: "Consent", LabelFR: "Consentement"},
	{Name: fBirthdate, Label: "Birthdate", LabelFR: "Date de naissance", Imported: true,
		Aliases: []string{"prs_DateOfBirth", "prs_BirthDate"}},
	{Name: fGender, Label: "Gender", LabelFR: "Genre", Imported: true},
	{Name: fCitizenship, Label: "Citizenship", LabelFR: "Nationalité", Imported: true},
	{Name: fIdentityNumber, Label: "Identity Number", LabelFR: "Numéro d'identité", Imported: true},
	{Name: fTitle, Label: "Title", LabelFR: "Fonction"},
	{Name: fEmail, Label: "Email", LabelFR: "Courriel", Imported: true},
	{Name: fHomePhone, Label: "Home Phone", LabelFR: "Téléphone fixe", Imported: true},
	{Name: fMobilePhone, Label: "Mobile Phone", LabelFR: "Téléphone mobile", Imported: true},
	{Name: fMailingCity, Label: "Mailing City", LabelFR: "Ville (adresse postale)", Imported: true},
	{Name: fMailingCountry, Label: "Mailing Country", LabelFR: "Pays (adresse postale)", Imported: true},
	{Name: fMailingState, Label: "Mailing State/Province", LabelFR: "État/Province (adresse postale)", Imported: true},
	{Name: fMailingStreet, Label: "Mailing Street", LabelFR: "Rue (adresse postale)", Imported: true},
	{Name: fMailingPostalCode, Label: "Mailing Zip/Postal Code", LabelFR: "Code postal (adresse postale)", Imported: true},
	{Name: fTraffickingStatus, Label: "Trafficking Status", LabelFR: "Statut de victime de la traite", Imported: true},
	{Name: fDecisionOrg, Label: "Trafficking Status Decision Making Organization",
		LabelFR: "Organisme ayant décidé du statut", Imported: true,
		Aliases: []string{"vic_TraffickinStatusDecisionMakingOrg"}},
	{Name: fRelationship, Label: "Relationship to Trafficker", LabelFR: "Lien avec le trafiquant", Imported: true},
	{Name: fAgeWhenTrafficked, Label: "Age when Trafficked", LabelFR: "Âge au moment de la traite", Imported: true},
	{Name: fRecruitment, Label: "Method of Recruitment", LabelFR: "Mode de recrutement", Imported: true},
	{Name: fRecruitmentPlace, Label: "Location of Recruitment", LabelFR: "Lieu de recrutement", Imported: true},
	{Name: fControl, Label: "Methods of Control", LabelFR: "Moyens de contrôle", Imported: true,
		Aliases: []string{"vic_Methods_of_Control"}},
	{Name: fExploitation, Label: "Type of Exploitation", LabelFR: "Forme d'exploitation", Imported: true},
	{Name: fIndustry, Label: "Forced Labour Industry", LabelFR: "Secteur du travail forcé", Imported: true},
	{Name: fSexExploitation, Label: "Type of Sex Exploitation", LabelFR: "Forme d'exploitation sexuelle", Imported: true},
	{Name: fExploitationPlace, Label: "Location of Exploitation", LabelFR: "Lieu d'exploitation", Imported: true},
	{Name: fStatus, Label: "Status", LabelFR: "Statut du dossier", Imported: true},
	{Name: fReferringOrg, Label: "Referring Organisation", LabelFR: "Organisation ayant orienté"},
	{Name: fIncomingDate, Label: "Incoming Referral Date", LabelFR: "Date d'orientation reçue"},
	{Name: fReferringWorker, Label: "Referring Primary Case Worker", LabelFR: "Travailleur social ayant orienté"},
	{Name: fIncomingReason, Label: "Reason for Incoming Referral", LabelFR: "Motif de l'orientation reçue"},
	{Name: fIncomingDetails, Label: "Incoming Referral Details", LabelFR: "Détails de l'orientation reçue"},
	{Name: fReferredOrg, Label: "Referred Organisation", LabelFR: "Organisation destinataire"},
	{Name: fReferredWorker, Label: "Referred Primary Case Worker", LabelFR: "Travailleur social destinataire"},
	{Name: fOutgoingReason, Label: "Reason for Outgoing Referral", LabelFR: "Motif de l'orientation vers l'extérieur"},
	{Name: fOutgoingDate, Label: "Outgoing Referral Date", LabelFR: "Date de l'orientation vers l'extérieur"},
	{Name: fOutgoingDetails, Label: "Outgoing Referral Details", LabelFR: "Détails de l'orientation vers l'extérieur"},
	{Name: fClosureReason, Label: "Reason for Case Closure", LabelFR: "Motif de clôture", Imported: true},
	{Name: fEventType, Label: "Trafficking Event Type", LabelFR: "Type d'étape", Imported: true},
	{Name: fEventCountry, Label: "Trafficking Event Country", LabelFR: "Pays de l'étape", Imported: true},
	{Name: fEventCity, Label: "Trafficking Event City", LabelFR: "Lieu de l'étape", Imported: true},
	{Name: fEventDate, Label: "Trafficking Event Date", LabelFR: "Date de l'étape", Imported: true},
	{Name: fPresumedMinor, Label: "Presumed Minor (Passerelle)", LabelFR: "Minorité présumée (Passerelle)", Imported: true},
	{Name: fExploitationOther, Label: "Other Type of Exploitation (Passerelle)",
		LabelFR: "Autre forme d'exploitation (Passerelle)", Imported: true},
	{Name: fCaseCode, Label: "Case Code (Passerelle)", LabelFR: "Code du dossier (Passerelle)"},
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

// indexFields maps canonical names and aliases, normal(label), and
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
		if _, taken := byLabel[normal(f.LabelFR)]; !taken {
			byLabel[normal(f.LabelFR)] = f // a template translated with Passerelle's labels
		}
	}
	return byName, byLabel, byKey
}

// label returns a field's label in lang ("fr" or anything else for English).
func label(name, lang string) string {
	f, ok := fieldByName[name]
	if !ok {
		return ""
	}
	if lang == "fr" {
		return f.LabelFR
	}
	return f.Label
}

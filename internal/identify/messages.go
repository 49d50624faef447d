package identify

// messages holds every user-facing sentence of the package, keyed by a stable
// code that results carry (Reason.Code, FieldError.Rule). A test checks that
// each exists in every language with the same placeholders.
var messages = map[string]Text{
	// Age and the child rule.
	"age_child": {
		"Aged %d at the time of the act: a child (under 18, Palermo Protocol Art. 3(d)); act and purpose suffice, the means element is not required (Art. 3(c)).",
		"%d ans au moment de l'acte : un enfant (moins de 18 ans, Protocole de Palerme, art. 3 d)) ; l'acte et le but suffisent, le moyen n'est pas requis (art. 3 c)).",
	},
	"age_adult": {
		"Aged %d at the time of the act: an adult; act, means and purpose are all required (Art. 3(a)).",
		"%d ans au moment de l'acte : un adulte ; l'acte, le moyen et le but sont tous requis (art. 3 a)).",
	},
	"age_known_overrides_presumption": {
		"A presumption of minority is recorded but so is an age of 18 or more: the recorded age is used. If that age is disputed, record it as unknown until an age assessment.",
		"Une présomption de minorité est enregistrée, mais aussi un âge de 18 ans ou plus : l'âge enregistré est retenu. Si cet âge est contesté, enregistrez-le comme inconnu jusqu'à l'évaluation de l'âge.",
	},
	"age_presumed_minor": {
		"Age unknown and there are reasons to believe the person is a child: presumed to be a child pending verification of age (Council of Europe Convention Art. 10(3)); the means element is not required.",
		"Âge inconnu et il existe des raisons de croire que la personne est un enfant : elle est présumée enfant en attendant la vérification de son âge (Convention du Conseil de l'Europe, art. 10.3) ; le moyen n'est pas requis.",
	},
	"age_unknown_adult": {
		"Age unknown and no reason recorded to believe the person is a child: assessed as an adult. If there is any reason to believe the person may be under 18, record the presumption of minority.",
		"Âge inconnu et aucune raison enregistrée de croire que la personne est un enfant : évaluée comme adulte. S'il existe la moindre raison de croire qu'elle a moins de 18 ans, enregistrez la présomption de minorité.",
	},

	// Act.
	"act_met": {
		"Act: %s (Art. 3(a)).",
		"Acte : %s (art. 3 a)).",
	},
	"act_not_met": {
		"No act recorded (recruitment, transportation, transfer, harbouring or receipt): without an act the facts fall outside the Palermo definition.",
		"Aucun acte enregistré (recrutement, transport, transfert, hébergement ou accueil) : sans acte, les faits sortent de la définition de Palerme.",
	},

	// Means.
	"means_met": {
		"Means: %s (Art. 3(a)).",
		"Moyen : %s (art. 3 a)).",
	},
	"means_not_met": {
		"No means recorded (threat or use of force, coercion, abduction, fraud, deception, abuse of power or of vulnerability, payments to a person in control): for an adult the definition is not met without a means.",
		"Aucun moyen enregistré (menace ou recours à la force, contrainte, enlèvement, fraude, tromperie, abus d'autorité ou de vulnérabilité, paiements à une personne ayant autorité) : pour un adulte, la définition n'est pas remplie sans moyen.",
	},
	"means_child_recorded": {
		"Means recorded: %s. Not required for a child, they support the assessment.",
		"Moyen enregistré : %s. Non requis pour un enfant, il étaye l'évaluation.",
	},
	"means_child_none": {
		"No means recorded: not required for a child (Art. 3(c)).",
		"Aucun moyen enregistré : non requis pour un enfant (art. 3 c)).",
	},

	// Purpose.
	"purpose_met": {
		"Exploitative purpose: %s (Art. 3(a); its list of forms of exploitation is a minimum).",
		"But d'exploitation : %s (art. 3 a) ; sa liste des formes d'exploitation est un minimum).",
	},
	"purpose_extended": {
		"%s: a form of exploitation that national laws and the EU add to the Palermo minimum list; counted as an exploitative purpose.",
		"%s : forme d'exploitation que les lois nationales et l'UE ajoutent à la liste minimale de Palerme ; comptée comme but d'exploitation.",
	},
	"purpose_not_met": {
		"No exploitative purpose recorded: the definition requires a purpose of exploitation.",
		"Aucun but d'exploitation enregistré : la définition exige un but d'exploitation.",
	},
	"purpose_form_missing": {
		"Exploitation is recorded as having taken place but its form is not: record the form (for example forced labour) so that the purpose element can be assessed.",
		"Une exploitation est enregistrée comme ayant eu lieu, mais pas sa forme : enregistrez la forme (par exemple le travail forcé) pour que le but puisse être évalué.",
	},
	"purpose_not_yet_exploited": {
		"Exploitation is not recorded as having taken place (yet): the purpose is enough; a person intercepted in transit is within the definition.",
		"L'exploitation n'est pas (encore) enregistrée comme ayant eu lieu : le but suffit ; une personne interceptée pendant le trajet entre dans la définition.",
	},

	// Consent.
	"consent_child": {
		"Consent is recorded: a child's consent is irrelevant, and no means is required (Art. 3(c)).",
		"Un consentement est enregistré : le consentement d'un enfant est sans effet, et aucun moyen n'est requis (art. 3 c)).",
	},
	"consent_irrelevant_means": {
		"Consent is recorded but is irrelevant because a means was used (%s) (Art. 3(b)).",
		"Un consentement est enregistré, mais il est sans effet parce qu'un moyen a été utilisé (%s) (art. 3 b)).",
	},
	"consent_adult_no_means": {
		"Consent is recorded and no means: the consent does not by itself make this trafficking, nor does it rule trafficking out. Look for a means (deception, abuse of vulnerability, debt...), which would make the consent irrelevant.",
		"Un consentement est enregistré et aucun moyen : le consentement ne fait pas à lui seul de ces faits une traite, et il ne l'exclut pas non plus. Recherchez un moyen (tromperie, abus de vulnérabilité, dette...), qui rendrait le consentement sans effet.",
	},

	// Border.
	"border_domestic": {
		"No border crossing recorded: none is required; domestic trafficking is trafficking.",
		"Aucun passage de frontière enregistré : il n'est pas requis ; la traite interne est une traite.",
	},
	"border_crossed": {
		"A border was crossed: not an element of the trafficking definition.",
		"Une frontière a été franchie : ce n'est pas un élément de la définition de la traite.",
	},

	// Patterns.
	"pattern_smuggling": {
		"The facts look like migrant smuggling (a consensual border crossing with no means and no exploitative purpose): outside the trafficking definition, covered by the separate Smuggling Protocol. Smuggled people can become victims later: screen again if a means or exploitation appears.",
		"Les faits ressemblent à un trafic illicite de migrants (passage de frontière consenti, sans moyen ni but d'exploitation) : hors de la définition de la traite, relève du Protocole distinct contre le trafic illicite de migrants. Une personne passée en fraude peut devenir victime ensuite : refaites le dépistage si un moyen ou une exploitation apparaît.",
	},
	"pattern_exploitation_without_act": {
		"Exploitation without an act: not trafficking under the Palermo Protocol, but it may be forced labour or another offence. Continue the assessment: an act may still come to light.",
		"Exploitation sans acte : ce n'est pas une traite au sens du Protocole de Palerme, mais ce peut être du travail forcé ou une autre infraction. Poursuivez l'évaluation : un acte peut encore apparaître.",
	},

	// Outcome.
	"outcome_met_adult": {
		"The recorded facts support all three elements (act, means, purpose). This is a screening, not a legal finding: the competent authority decides.",
		"Les faits enregistrés étayent les trois éléments (acte, moyen, but). Ceci est un dépistage, pas une décision juridique : l'autorité compétente décide.",
	},
	"outcome_met_child": {
		"The recorded facts support both elements required for a child (act and purpose). This is a screening, not a legal finding: the competent authority decides.",
		"Les faits enregistrés étayent les deux éléments requis pour un enfant (acte et but). Ceci est un dépistage, pas une décision juridique : l'autorité compétente décide.",
	},
	"outcome_not_met": {
		"The recorded facts do not support every required element (missing: %s). This is a screening, not a legal finding.",
		"Les faits enregistrés n'étayent pas tous les éléments requis (manque : %s). Ceci est un dépistage, pas une décision juridique.",
	},
	"outcome_presumed_victim": {
		"Until the competent authority decides, treat the person as a presumed victim: assistance (Council of Europe Convention Art. 12), a recovery and reflection period of at least 30 days (Art. 13), no penalty for offences the person was compelled to commit (Art. 26).",
		"Jusqu'à la décision de l'autorité compétente, traitez la personne comme une victime présumée : assistance (Convention du Conseil de l'Europe, art. 12), délai de rétablissement et de réflexion d'au moins 30 jours (art. 13), absence de sanction pour les infractions qu'elle a été contrainte de commettre (art. 26).",
	},
	"element_act":     {"act", "acte"},
	"element_means":   {"means", "moyen"},
	"element_purpose": {"purpose", "but"},

	// Recommendations (texts for Recommendation.Text).
	"rec_refer_child_protection": {
		"Refer to child protection services immediately and apply special protection measures (guardian, safe accommodation) pending verification of age; where the elements are supported, also refer for formal identification by the competent authority.",
		"Signalez immédiatement aux services de protection de l'enfance et appliquez des mesures de protection spéciales (tuteur, hébergement sûr) en attendant la vérification de l'âge ; si les éléments sont étayés, orientez aussi vers l'identification formelle par l'autorité compétente.",
	},
	"rec_refer_for_formal_identification": {
		"Refer to the competent authority for formal identification (in the UK, the National Referral Mechanism's \"reasonable grounds\" stage), with the person's informed consent; meanwhile provide assistance as to a presumed victim.",
		"Orientez vers l'autorité compétente pour l'identification formelle (au Royaume-Uni, l'étape des « motifs raisonnables » du National Referral Mechanism), avec le consentement éclairé de la personne ; en attendant, apportez l'assistance due à une victime présumée.",
	},
	"rec_refer_labour_inspection": {
		"Refer to the labour inspectorate (or the police) for forced labour or the other offence the facts suggest, and continue the assessment: an act may still come to light.",
		"Signalez à l'inspection du travail (ou à la police) le travail forcé ou l'autre infraction que les faits suggèrent, et poursuivez l'évaluation : un acte peut encore apparaître.",
	},
	"rec_continue_assessment": {
		"Continue the assessment: record the missing elements if the facts support them and screen again; offer support meanwhile.",
		"Poursuivez l'évaluation : enregistrez les éléments manquants si les faits les étayent et refaites le dépistage ; proposez un soutien en attendant.",
	},

	// ILO indicators.
	"ilo_dimension_positive": {
		"Dimension %d, %s: positive (%s); rule met: %s.",
		"Dimension %d, %s : positive (%s) ; règle remplie : %s.",
	},
	"ilo_dimension_negative": {
		"Dimension %d, %s: not positive (%s); a dimension needs two strong indicators, one strong and one medium or weak, three medium, or two medium and one weak.",
		"Dimension %d, %s : non positive (%s) ; une dimension demande deux indicateurs forts, un fort et un moyen ou faible, trois moyens, ou deux moyens et un faible.",
	},
	"ilo_dimension_empty": {
		"Dimension %d, %s: no indicator recorded.",
		"Dimension %d, %s : aucun indicateur enregistré.",
	},
	"ilo_count": {
		"%d %s: %s",
		"%d %s : %s",
	},
	"ilo_rule_two_strong":          {"two strong indicators", "deux indicateurs forts"},
	"ilo_rule_strong_plus_other":   {"one strong and one medium or weak indicator", "un indicateur fort et un moyen ou faible"},
	"ilo_rule_three_medium":        {"three medium indicators", "trois indicateurs moyens"},
	"ilo_rule_two_medium_one_weak": {"two medium and one weak indicator", "deux indicateurs moyens et un faible"},
	"ilo_strength_strong":          {"strong", "fort"},
	"ilo_strength_medium":          {"medium", "moyen"},
	"ilo_strength_weak":            {"weak", "faible"},
	"ilo_strength_strong_pl":       {"strong", "forts"},
	"ilo_strength_medium_pl":       {"medium", "moyens"},
	"ilo_strength_weak_pl":         {"weak", "faibles"},
	"ilo_dim_1":                    {"deceptive recruitment", "recrutement trompeur"},
	"ilo_dim_2":                    {"coercive recruitment", "recrutement sous la contrainte"},
	"ilo_dim_3":                    {"recruitment by abuse of vulnerability", "recrutement par abus de vulnérabilité"},
	"ilo_dim_4":                    {"exploitative conditions of work", "conditions de travail relevant de l'exploitation"},
	"ilo_dim_5":                    {"coercion at destination", "contrainte à destination"},
	"ilo_dim_6":                    {"abuse of vulnerability at destination", "abus de vulnérabilité à destination"},
	"ilo_part_recruitment":         {"a positive recruitment dimension (1, 2 or 3)", "une dimension de recrutement positive (1, 2 ou 3)"},
	"ilo_part_exploitation":        {"a positive exploitation dimension (4)", "une dimension d'exploitation positive (4)"},
	"ilo_part_destination":         {"a positive destination dimension (5 or 6)", "une dimension de destination positive (5 ou 6)"},
	"ilo_presumed_victim_adult": {
		"Presumed victim under the ILO/EC combination rule for adults: a recruitment dimension, exploitation and a destination dimension are positive.",
		"Victime présumée selon la règle de combinaison OIT/CE pour les adultes : une dimension de recrutement, l'exploitation et une dimension de destination sont positives.",
	},
	"ilo_presumed_victim_child": {
		"Presumed victim under the ILO/EC combination rule for children: a recruitment dimension and exploitation are positive (no means needed for a child).",
		"Victime présumée selon la règle de combinaison OIT/CE pour les enfants : une dimension de recrutement et l'exploitation sont positives (aucun moyen requis pour un enfant).",
	},
	"ilo_not_presumed_adult": {
		"Not a presumed victim under the ILO/EC combination rule for adults; missing: %s.",
		"Pas de victime présumée selon la règle de combinaison OIT/CE pour les adultes ; manque : %s.",
	},
	"ilo_not_presumed_child": {
		"Not a presumed victim under the ILO/EC combination rule for children; missing: %s.",
		"Pas de victime présumée selon la règle de combinaison OIT/CE pour les enfants ; manque : %s.",
	},
	"ilo_population_mismatch": {
		"The person is assessed as %s but the catalogue used is for %s: the combination rule for the person's status is applied; the other list may fit better.",
		"La personne est évaluée comme %s mais le catalogue utilisé concerne les %s : la règle de combinaison correspondant à son statut est appliquée ; l'autre liste conviendrait peut-être mieux.",
	},
	"ilo_palermo_gap": {
		"The indicators point to a presumed victim but the Palermo elements recorded are incomplete: record the act, means or purpose the indicators reveal (for example, deceptive recruitment is a means: deception).",
		"Les indicateurs désignent une victime présumée mais les éléments de Palerme enregistrés sont incomplets : enregistrez l'acte, le moyen ou le but que les indicateurs révèlent (par exemple, un recrutement trompeur est un moyen : la tromperie).",
	},
	"ilo_palermo_gap_other": {
		"The Palermo elements are supported although the indicators recorded do not meet the ILO/EC combination rule: the indicators are an aid, the elements decide the referral.",
		"Les éléments de Palerme sont étayés bien que les indicateurs enregistrés ne remplissent pas la règle de combinaison OIT/CE : les indicateurs sont une aide, les éléments décident de l'orientation.",
	},
	"ilo_population_adult": {"adults", "adultes"},
	"ilo_population_child": {"children", "enfants"},
	"ilo_status_child":     {"a child", "un enfant"},
	"ilo_status_adult":     {"an adult", "un adulte"},
	"ilo_unknown_ignored":  {"%d indicator identifier(s) not in the catalogue were ignored.", "%d identifiant(s) d'indicateur absent(s) du catalogue ont été ignorés."},
	"ilo_catalogue_status": {
		"Indicators from catalogue %s, version %s, status: %s. Indicators are a screening aid, not a legal finding.",
		"Indicateurs du catalogue %s, version %s, statut : %s. Les indicateurs aident au dépistage, ils ne constituent pas une décision juridique.",
	},

	// Input errors (FieldError.Rule codes are the part after "err_").
	"err_empty_input":        {"empty input; expected one JSON object", "entrée vide ; un objet JSON est attendu"},
	"err_too_large":          {"input larger than %d bytes", "entrée de plus de %d octets"},
	"err_read_failed":        {"the input could not be read", "l'entrée n'a pas pu être lue"},
	"err_invalid_json":       {"invalid JSON near byte %d", "JSON invalide vers l'octet %d"},
	"err_not_object":         {"must be a JSON object", "doit être un objet JSON"},
	"err_trailing_data":      {"unexpected data after the JSON object; send exactly one object", "données inattendues après l'objet JSON ; envoyez exactement un objet"},
	"err_unknown_field":      {"unknown field; allowed: %s", "champ inconnu ; champs permis : %s"},
	"err_duplicate_field":    {"field given twice", "champ donné deux fois"},
	"err_not_bool":           {"must be true or false", "doit valoir true ou false"},
	"err_not_integer":        {"must be a whole number of years, or null when unknown", "doit être un nombre entier d'années, ou null s'il est inconnu"},
	"err_age_range":          {"must be between 0 and 130", "doit être compris entre 0 et 130"},
	"err_not_array":          {"must be an array of identifiers", "doit être un tableau d'identifiants"},
	"err_not_string":         {"must be a string identifier", "doit être un identifiant sous forme de chaîne"},
	"err_unknown_identifier": {"unknown identifier %s; allowed: %s", "identifiant inconnu %s ; identifiants permis : %s"},
	"err_unknown_catalogue":  {"unknown catalogue %s; allowed: %s", "catalogue inconnu %s ; catalogues permis : %s"},
	"err_unknown_indicator":  {"unknown indicator %s in catalogue %s", "indicateur inconnu %s dans le catalogue %s"},
	"err_required":           {"required", "obligatoire"},

	// Catalogue errors.
	"err_cat_bad_id":        {"must be lowercase letters, digits, '_', '-' or '.' (1 to 64 characters)", "doit contenir des minuscules, chiffres, « _ », « - » ou « . » (1 à 64 caractères)"},
	"err_cat_duplicate_id":  {"duplicate indicator id %s (first at indicators[%d])", "identifiant d'indicateur %s en double (déjà en indicators[%d])"},
	"err_cat_dimension":     {"dimension must be 1 to 6", "la dimension doit être comprise entre 1 et 6"},
	"err_cat_strength":      {"strength must be strong, medium or weak", "le degré doit être strong, medium ou weak"},
	"err_cat_population":    {"must be adult or child", "doit valoir adult ou child"},
	"err_cat_no_indicators": {"the catalogue has no indicator", "le catalogue ne contient aucun indicateur"},
	"err_cat_duplicate_cat": {"catalogue id %s given twice", "identifiant de catalogue %s donné deux fois"},
	"err_cat_missing_lang":  {"text missing in %s", "texte manquant en %s"},
	"cat_problems":          {"catalogue: %d problem(s)", "catalogue : %d problème(s)"},
	"err_cat_decode":        {"does not match the catalogue format", "ne correspond pas au format du catalogue"},
}

// msg fills the message code with args; an unknown code is a programming
// error caught by the tests.
func msg(code string, args ...any) Text {
	m, ok := messages[code]
	if !ok {
		panic("identify: no message " + code)
	}
	return format(m, args...)
}

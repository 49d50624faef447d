package identify

// Term is one identifier of the Palermo vocabulary with its label.
type Term struct {
	ID    string
	Label Text
	// Extended marks an exploitative purpose that national laws and the EU
	// add to the Palermo minimum list (Art. 3(a) says "at a minimum").
	Extended bool
}

// ActTerms are the acts of Art. 3(a), in the Protocol's order.
var ActTerms = []Term{
	{ID: "recruitment", Label: Text{"recruitment", "recrutement"}},
	{ID: "transportation", Label: Text{"transportation", "transport"}},
	{ID: "transfer", Label: Text{"transfer", "transfert"}},
	{ID: "harbouring", Label: Text{"harbouring", "hébergement"}},
	{ID: "receipt", Label: Text{"receipt", "accueil"}},
}

// MeansTerms are the means of Art. 3(a), in the Protocol's order.
var MeansTerms = []Term{
	{ID: "threat", Label: Text{"threat of force", "menace de recours à la force"}},
	{ID: "use_of_force", Label: Text{"use of force", "recours à la force"}},
	{ID: "other_coercion", Label: Text{"other forms of coercion", "autres formes de contrainte"}},
	{ID: "abduction", Label: Text{"abduction", "enlèvement"}},
	{ID: "fraud", Label: Text{"fraud", "fraude"}},
	{ID: "deception", Label: Text{"deception", "tromperie"}},
	{ID: "abuse_of_power", Label: Text{"abuse of power", "abus d'autorité"}},
	{ID: "abuse_of_vulnerability", Label: Text{"abuse of a position of vulnerability", "abus d'une situation de vulnérabilité"}},
	{ID: "payments_to_controller", Label: Text{
		"payments or benefits to a person having control over the victim",
		"paiements ou avantages à une personne ayant autorité sur la victime"}},
}

// PurposeTerms are the forms of exploitation: the Palermo minimum list, then
// the forms that national laws and the EU add.
var PurposeTerms = []Term{
	{ID: "sexual_exploitation", Label: Text{
		"sexual exploitation (including exploitation of the prostitution of others)",
		"exploitation sexuelle (y compris l'exploitation de la prostitution d'autrui)"}},
	{ID: "forced_labour", Label: Text{"forced labour or services", "travail ou services forcés"}},
	{ID: "slavery", Label: Text{"slavery or practices similar to slavery", "esclavage ou pratiques analogues à l'esclavage"}},
	{ID: "servitude", Label: Text{"servitude", "servitude"}},
	{ID: "organ_removal", Label: Text{"removal of organs", "prélèvement d'organes"}},
	{ID: "forced_begging", Label: Text{"forced begging", "mendicité forcée"}, Extended: true},
	{ID: "forced_criminality", Label: Text{"forced criminal activities", "contrainte à commettre des délits"}, Extended: true},
	{ID: "forced_marriage", Label: Text{"forced marriage", "mariage forcé"}, Extended: true},
	{ID: "illegal_adoption", Label: Text{"illegal adoption", "adoption illégale"}, Extended: true},
	{ID: "child_soldiering", Label: Text{"use of children in armed conflict", "utilisation d'enfants dans les conflits armés"}, Extended: true},
	{ID: "surrogacy_exploitation", Label: Text{"exploitation of surrogacy", "exploitation de la gestation pour autrui"}, Extended: true},
}

func findTerm(terms []Term, id string) (Term, bool) {
	for _, t := range terms {
		if t.ID == id {
			return t, true
		}
	}
	return Term{}, false
}

func termIDs(terms []Term) []string {
	ids := make([]string, len(terms))
	for i, t := range terms {
		ids[i] = t.ID
	}
	return ids
}

// labels joins the labels of ids (known identifiers only) in both languages.
func labels(terms []Term, ids []string) Text {
	parts := make([]Text, 0, len(ids))
	for _, id := range ids {
		if t, ok := findTerm(terms, id); ok {
			parts = append(parts, t.Label)
		}
	}
	return join(Text{", ", ", "}, parts)
}

// dedupe keeps the first occurrence of each identifier, in order.
func dedupe(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

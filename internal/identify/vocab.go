package identify

// Term is one identifier of the Palermo vocabulary; its words are the i18n
// message of Code().
type Term struct {
	ID   string
	kind string // act, means or purpose
	// Extended marks an exploitative purpose that national laws and the EU
	// add to the Palermo minimum list (Art. 3(a) says "at a minimum").
	Extended bool
}

// Code is the term's message code ("act.recruitment").
func (t Term) Code() string { return t.kind + "." + t.ID }

func terms(kind string, extended bool, ids ...string) []Term {
	out := make([]Term, len(ids))
	for i, id := range ids {
		out[i] = Term{ID: id, kind: kind, Extended: extended}
	}
	return out
}

// ActTerms are the acts of Art. 3(a), in the Protocol's order.
var ActTerms = terms("act", false, "recruitment", "transportation", "transfer", "harbouring", "receipt")

// MeansTerms are the means of Art. 3(a), in the Protocol's order.
var MeansTerms = terms("means", false, "threat", "use_of_force", "other_coercion", "abduction", "fraud",
	"deception", "abuse_of_power", "abuse_of_vulnerability", "payments_to_controller")

// PurposeTerms are the forms of exploitation: the Palermo minimum list, then
// the forms that national laws and the EU add.
var PurposeTerms = append(
	terms("purpose", false, "sexual_exploitation", "forced_labour", "slavery", "servitude", "organ_removal"),
	terms("purpose", true, "forced_begging", "forced_criminality", "forced_marriage", "illegal_adoption",
		"child_soldiering", "surrogacy_exploitation")...)

func allTerms() []Term {
	return append(append(append([]Term(nil), ActTerms...), MeansTerms...), PurposeTerms...)
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

// termList is the Arg naming the terms of ids (known identifiers only).
func termList(terms []Term, ids []string) Arg {
	ms := make([]Message, 0, len(ids))
	for _, id := range ids {
		if t, ok := findTerm(terms, id); ok {
			ms = append(ms, Message{Code: t.Code()})
		}
	}
	return words(SepList, ms...)
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

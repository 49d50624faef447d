package estimate

import "fmt"

// Lang selects the language of user-facing text.
type Lang string

// Supported languages.
const (
	EN Lang = "en"
	FR Lang = "fr"
)

// ParseLang returns the language named s ("en" or "fr") and whether it is known.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case EN, FR:
		return Lang(s), true
	}
	return EN, false
}

// message is one catalogue entry: the same fmt verbs, in the same order (or
// with explicit indexes), in both languages.
type message struct{ en, fr string }

// messages is the catalogue of every user-facing text of the package, keyed by
// message id. A test checks that each id has both languages.
var messages = map[string]message{
	// Input table.
	"empty": {
		"the table is empty: a header line and at least one data row are required",
		"le tableau est vide : une ligne d'en-tête et au moins une ligne de données sont requises"},
	"no_rows": {
		"the table has a header but no data rows",
		"le tableau a un en-tête mais aucune ligne de données"},
	"bad_csv": {
		"line %d: not valid CSV",
		"ligne %d : CSV invalide"},
	"field_count": {
		"row %d has %d fields but the header has %d",
		"la ligne %d a %d champs mais l'en-tête en a %d"},
	"missing_count": {
		"no count column: one column must be named count (or n, freq, frequency) and give the number of people seen on exactly that combination of lists",
		"pas de colonne count : une colonne doit s'appeler count (ou n, freq, frequency) et donner le nombre de personnes vues sur exactement cette combinaison de listes"},
	"dup_count": {
		"columns %q and %q are both count columns; keep only one",
		"les colonnes %q et %q sont toutes deux des colonnes count ; n'en garder qu'une"},
	"empty_column": {
		"column %d has an empty name; every list column needs a name",
		"la colonne %d n'a pas de nom ; chaque colonne de liste doit avoir un nom"},
	"dup_column": {
		"column %q appears twice; list names must be unique",
		"la colonne %q apparaît deux fois ; les noms de listes doivent être uniques"},
	"bad_list_name": {
		"list name %q must not contain ':' or ',' (they separate model terms)",
		"le nom de liste %q ne doit pas contenir ':' ni ',' (ils séparent les termes du modèle)"},
	"one_list": {
		"only one list (%q): at least two lists are needed to estimate the unseen",
		"une seule liste (%q) : il faut au moins deux listes pour estimer les personnes non vues"},
	"no_lists": {
		"no list columns: at least two 0/1 list columns are needed",
		"aucune colonne de liste : au moins deux colonnes 0/1 sont nécessaires"},
	"too_many_lists": {
		"%d lists: at most %d lists are supported (merge small lists)",
		"%d listes : au plus %d listes sont prises en charge (fusionner les petites listes)"},
	"pattern_length": {
		"row %d has %d list values but there are %d lists",
		"la ligne %d a %d valeurs de liste mais il y a %d listes"},
	"not_binary": {
		"row %d, column %q: %q is not 0 or 1 (a list column says whether people were on that list)",
		"ligne %d, colonne %q : %q n'est ni 0 ni 1 (une colonne de liste dit si les personnes figuraient sur cette liste)"},
	"count_negative": {
		"row %d, column %q: %q is negative; a count is a number of people (0 or more)",
		"ligne %d, colonne %q : %q est négatif ; un effectif est un nombre de personnes (0 ou plus)"},
	"count_not_integer": {
		"row %d, column %q: %q is not a whole number; a count is a number of people",
		"ligne %d, colonne %q : %q n'est pas un nombre entier ; un effectif est un nombre de personnes"},
	"count_too_large": {
		"row %d, column %q: %q is larger than %d",
		"ligne %d, colonne %q : %q dépasse %d"},
	"unseen_row": {
		"row %d: the combination with 0 on every list (people on no list) cannot be observed; it is what is estimated, remove this row",
		"ligne %d : la combinaison avec 0 sur toutes les listes (personnes sur aucune liste) ne peut pas être observée ; c'est ce qui est estimé, supprimer cette ligne"},
	"duplicate_pattern": {
		"row %d repeats the combination of row %d (%s); each combination must appear once (add the counts yourself if that is meant)",
		"la ligne %d répète la combinaison de la ligne %d (%s) ; chaque combinaison doit apparaître une seule fois (additionner les effectifs si c'est voulu)"},
	"empty_list": {
		"list %q has nobody on it; remove that column",
		"la liste %q ne contient personne ; supprimer cette colonne"},
	"no_people": {
		"all counts are 0: the table counts nobody",
		"tous les effectifs sont à 0 : le tableau ne compte personne"},

	// Options.
	"bad_term": {
		"term %q: expected two list names joined by ':' such as A:B",
		"terme %q : deux noms de listes reliés par ':' attendus, par exemple A:B"},
	"unknown_list": {
		"term %q: there is no list named %q",
		"terme %q : aucune liste ne s'appelle %q"},
	"same_list": {
		"term %q: a list cannot interact with itself",
		"terme %q : une liste ne peut pas interagir avec elle-même"},
	"dup_term": {
		"term %q is given twice",
		"le terme %q est donné deux fois"},
	"bad_method": {
		"method %q: expected stepwise, main, aic, bic or fixed",
		"méthode %q : stepwise, main, aic, bic ou fixed attendu"},
	"bad_interval": {
		"interval %q: expected profile or bootstrap",
		"intervalle %q : profile ou bootstrap attendu"},
	"bad_pthresh": {
		"p-value threshold %v: must be between 0 and 1",
		"seuil de p-valeur %v : doit être compris entre 0 et 1"},
	"bad_boot": {
		"bootstrap replicates %d: must be between %d and %d",
		"réplications bootstrap %d : doit être compris entre %d et %d"},
	"terms_without_fixed": {
		"terms are only used with the fixed method",
		"les termes ne servent qu'avec la méthode fixed"},

	"bad_format": {
		"format %q: expected table or json",
		"format %q : table ou json attendu"},
	"bad_lang": {
		"language %q: expected en or fr",
		"langue %q : en ou fr attendu"},
	"usage_file": {
		"exactly one FILE is required (- reads standard input)",
		"un seul FICHIER est requis (- lit l'entrée standard)"},
	"read_failed": {
		"cannot read %q",
		"impossible de lire %q"},

	// Model checks and fitting.
	"no_overlap": {
		"model %s: lists %s and %s share nobody, so the interaction %s would go to minus infinity; the maximum likelihood estimate does not exist (linear-programming check)",
		"modèle %s : les listes %s et %s n'ont personne en commun, l'interaction %s partirait vers moins l'infini ; l'estimateur du maximum de vraisemblance n'existe pas (test par programmation linéaire)"},
	"no_mle": {
		"model %s: the maximum likelihood estimate does not exist (linear-programming check: some cell would have to be fitted as 0, a parameter goes to minus infinity)",
		"modèle %s : l'estimateur du maximum de vraisemblance n'existe pas (test par programmation linéaire : une case devrait être ajustée à 0, un paramètre part vers moins l'infini)"},
	"unidentifiable": {
		"model %s: not identifiable (the design matrix over the observable combinations has rank %d for %d parameters)",
		"modèle %s : non identifiable (la matrice du plan sur les combinaisons observables est de rang %d pour %d paramètres)"},
	"lp_failed": {
		"model %s: the linear-programming existence check failed numerically; model not used",
		"modèle %s : le test d'existence par programmation linéaire a échoué numériquement ; modèle non utilisé"},
	"fit_failed": {
		"model %s: the Poisson fit did not converge",
		"modèle %s : l'ajustement de Poisson n'a pas convergé"},
	"main_not_estimable": {
		"the data cannot give a finite estimate even with main effects only: %s",
		"les données ne permettent pas d'estimation finie, même avec les seuls effets principaux : %s"},
	"skipped_many": {
		"%d further models not listed",
		"%d autres modèles non listés"},

	// Report labels.
	"label_lists":     {"Lists", "Listes"},
	"label_observed":  {"Observed (people on at least one list)", "Observés (personnes sur au moins une liste)"},
	"label_unseen":    {"Estimated unseen", "Non vus estimés"},
	"label_estimate":  {"Estimated total", "Total estimé"},
	"label_interval":  {"95%% interval (%s)", "Intervalle à 95 %% (%s)"},
	"label_model":     {"Model (%s)", "Modèle (%s)"},
	"label_skipped":   {"Models refused", "Modèles refusés"},
	"label_caveats":   {"Caveats", "Mises en garde"},
	"label_unbounded": {"no upper bound", "pas de borne supérieure"},
	"main_effects":    {"main effects only", "effets principaux seuls"},
	"model_main":      {"[main effects]", "[effets principaux]"},
	"method_stepwise": {"stepwise, p < %s", "pas à pas, p < %s"},
	"method_main":     {"main effects", "effets principaux"},
	"method_aic":      {"AIC", "AIC"},
	"method_bic":      {"BIC", "BIC"},
	"method_fixed":    {"fixed", "fixé"},
	"interval_profile": {
		"profile likelihood",
		"vraisemblance profilée"},
	"interval_bootstrap": {
		"parametric bootstrap, %d replicates, seed %d",
		"bootstrap paramétrique, %d réplications, graine %d"},

	// Caveats.
	"caveat_closed": {
		"Closed population assumed: nobody entered or left the population during the period the lists cover.",
		"Population supposée fermée : personne n'est entré ni sorti de la population pendant la période couverte par les listes."},
	"caveat_dependence": {
		"List dependence: only the two-list interactions in the model are allowed for; other dependence between lists (e.g. referrals from one list to another) biases the estimate.",
		"Dépendance entre listes : seules les interactions à deux listes du modèle sont prises en compte ; toute autre dépendance (par exemple des orientations d'une liste vers une autre) biaise l'estimation."},
	"caveat_heterogeneity": {
		"Heterogeneity of capture: people who are harder to reach by every list are under-represented; the estimate is then too low.",
		"Hétérogénéité de capture : les personnes plus difficiles à atteindre par toutes les listes sont sous-représentées ; l'estimation est alors trop basse."},
	"caveat_matching": {
		"The counts assume that the same person was recognised across lists; linkage errors move the estimate.",
		"Les effectifs supposent que la même personne a été reconnue d'une liste à l'autre ; les erreurs d'appariement déplacent l'estimation."},
	"caveat_sparse": {
		"Sparse data: some pairs of lists share nobody (%s); models with those interactions cannot be fitted and the estimate is sensitive to the model chosen.",
		"Données clairsemées : certaines paires de listes n'ont personne en commun (%s) ; les modèles avec ces interactions ne peuvent pas être ajustés et l'estimation dépend fortement du modèle choisi."},
	"caveat_extended": {
		"Extended estimate (as SparseMSE): the interactions %s are at minus infinity, i.e. the model says nobody can be on both lists; the estimate depends on that assumption.",
		"Estimation étendue (comme SparseMSE) : les interactions %s sont à moins l'infini, le modèle suppose que personne ne peut figurer sur les deux listes ; l'estimation dépend de cette hypothèse."},
	"caveat_unbounded": {
		"The data do not bound the estimate from above at the 95% level.",
		"Les données ne bornent pas l'estimation vers le haut au niveau de 95 %."},
	"caveat_lower_open": {
		"The data are compatible with nobody unseen at the 95% level; the lower bound is the observed total.",
		"Les données sont compatibles avec l'absence de personnes non vues au niveau de 95 % ; la borne inférieure est le total observé."},
	"caveat_bootstrap": {
		"The bootstrap keeps the chosen model fixed, so the interval does not include the uncertainty of model choice.",
		"Le bootstrap garde le modèle choisi fixe : l'intervalle n'inclut pas l'incertitude du choix de modèle."},
	"caveat_boot_failed": {
		"%d of %d bootstrap replicates had no finite estimate and were left out.",
		"%d des %d réplications bootstrap n'avaient pas d'estimation finie et ont été écartées."},
	"caveat_forward": {
		"With more than %d lists the %s search is forward (adding the best interaction one at a time), not over every model.",
		"Avec plus de %d listes, la recherche %s est ascendante (ajout de la meilleure interaction une à une), et non sur tous les modèles."},
}

// Text renders message id in language l with args. An unknown id renders as
// the id itself so that a missing entry is visible rather than fatal.
func Text(l Lang, id string, args ...any) string {
	m, ok := messages[id]
	if !ok {
		return id
	}
	f := m.en
	if l == FR {
		f = m.fr
	}
	if len(args) == 0 {
		return f
	}
	// Arguments that are themselves texts are rendered in the same language.
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case localized:
			out[i] = Text(l, string(v))
		case *Error:
			out[i] = v.In(l)
		default:
			out[i] = a
		}
	}
	return fmt.Sprintf(f, out...)
}

// localized is a message argument that is itself a catalogue id.
type localized string

// Error is an error of this package with a message in both languages. Input is
// true when the cause is the table or the options given (exit status 2), false
// for a numerical failure.
type Error struct {
	ID    string
	Args  []any
	Input bool
}

func inputErr(id string, args ...any) *Error { return &Error{ID: id, Args: args, Input: true} }

// Error returns the English text.
func (e *Error) Error() string { return e.In(EN) }

// In returns the text in language l.
func (e *Error) In(l Lang) string { return Text(l, e.ID, e.Args...) }

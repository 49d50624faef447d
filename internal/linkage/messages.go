package linkage

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Lang is a user-interface language for messages: "en" or "fr".
type Lang string

// Supported languages.
const (
	EN Lang = "en"
	FR Lang = "fr"
)

// LangFromEnv returns FR when LANG (or LC_ALL, LC_MESSAGES) starts with "fr".
func LangFromEnv() Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "fr") {
				return FR
			}
			return EN
		}
	}
	return EN
}

// ParseLang accepts "en" or "fr".
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "en":
		return EN, true
	case "fr":
		return FR, true
	}
	return EN, false
}

// messages holds every user-facing text by id, in English and French. The
// arguments are file names, column names, flags, line numbers and counts,
// never record values.
var messages = map[string][2]string{
	"secret.short":     {"secret file %s: must hold at least %d bytes, it holds %d (create one with 'passerelle link keygen')", "fichier secret %s : il doit contenir au moins %d octets, il en contient %d (créez-en un avec « passerelle link keygen »)"},
	"secret.read":      {"secret file %s: cannot be read: %v", "fichier secret %s : lecture impossible : %v"},
	"field.syntax":     {"--field %q: expected COLUMN:KIND[:OPTION,...]", "--field %q : forme attendue COLONNE:TYPE[:OPTION,...]"},
	"field.kind":       {"--field %q: unknown field kind %q (use name, date, sex, place or exact)", "--field %q : type de champ inconnu %q (utilisez name, date, sex, place ou exact)"},
	"field.option":     {"--field %q: unknown option %q (use k=N, or a date format such as DD/MM/YYYY for a date)", "--field %q : option inconnue %q (utilisez k=N, ou un format de date tel que DD/MM/YYYY pour une date)"},
	"field.k":          {"--field %q: k must be an integer from 1 to %d", "--field %q : k doit être un entier de 1 à %d"},
	"field.dateformat": {"--field %q: date format %q must use YYYY, MM and DD (or M, D) once each", "--field %q : le format de date %q doit contenir YYYY, MM et DD (ou M, D) une fois chacun"},
	"field.none":       {"at least one --field is required", "au moins un --field est requis"},
	"field.dup":        {"--field: column %q is given twice", "--field : la colonne %q est donnée deux fois"},
	"bits.invalid":     {"--bits %d: must be a multiple of 128 between 128 and 65536", "--bits %d : doit être un multiple de 128 entre 128 et 65536"},
	"blip.invalid":     {"--blip %v: flip probability must be in [0, 0.5)", "--blip %v : la probabilité d'inversion doit être dans [0 ; 0,5["},
	"salt.column":      {"--salt %q: expected COLUMN or COLUMN:year", "--salt %q : forme attendue COLONNE ou COLONNE:year"},
	"csv.read":         {"%s: line %d: not valid CSV: %v", "%s : ligne %d : CSV invalide : %v"},
	"csv.empty":        {"%s: the file is empty (a header line is required)", "%s : le fichier est vide (une ligne d'en-tête est requise)"},
	"csv.norecords":    {"%s: no records after the header", "%s : aucun enregistrement après l'en-tête"},
	"csv.column":       {"%s: column %q (from %s) is missing from the header", "%s : la colonne %q (de %s) manque dans l'en-tête"},
	"csv.idempty":      {"%s: line %d: the id column %q is empty", "%s : ligne %d : la colonne d'identifiant %q est vide"},
	"csv.idlong":       {"%s: line %d: the record id is longer than %d bytes", "%s : ligne %d : l'identifiant dépasse %d octets"},
	"csv.iddup":        {"%s: line %d: the record id repeats the one on line %d (ids must be unique)", "%s : ligne %d : l'identifiant répète celui de la ligne %d (les identifiants doivent être uniques)"},
	"csv.utf8":         {"%s: line %d: not valid UTF-8", "%s : ligne %d : UTF-8 invalide"},
	"clk.magic":        {"%s: not a Passerelle encoding file (.clk)", "%s : ce n'est pas un fichier d'encodages Passerelle (.clk)"},
	"clk.version":      {"%s: encoding file version %d is not supported (this program reads version %d)", "%s : la version %d du fichier d'encodages n'est pas prise en charge (ce programme lit la version %d)"},
	"clk.corrupt":      {"%s: damaged encoding file: %s", "%s : fichier d'encodages endommagé : %s"},
	"clk.empty":        {"%s: the encoding file holds no records", "%s : le fichier d'encodages ne contient aucun enregistrement"},
	"clk.bits":         {"%s: encodings of %d bits cannot be matched with %s (%d bits)", "%s : des encodages de %d bits ne peuvent pas être appariés avec %s (%d bits)"},
	"clk.settings":     {"%s was encoded with different settings (fields, kinds, k, bits or hardening) than %s: re-encode both with the same settings", "%s a été encodé avec d'autres paramètres (champs, types, k, bits ou durcissement) que %s : réencodez les deux avec les mêmes paramètres"},
	"clk.key":          {"%s was encoded with a different secret than %s: all parties must use the same shared secret", "%s a été encodé avec un autre secret que %s : toutes les parties doivent utiliser le même secret partagé"},
	"clk.dupid":        {"%s: record id repeated in the encoding file", "%s : identifiant répété dans le fichier d'encodages"},
	"match.parties":    {"at least two encoding files are required, %d given", "au moins deux fichiers d'encodages sont requis, %d fourni(s)"},
	"match.threshold":  {"--threshold %v: must be in (0, 1]", "--threshold %v : doit être dans ]0 ; 1]"},
	"match.blocking":   {"--blocking %q: use auto, none or lsh", "--blocking %q : utilisez auto, none ou lsh"},
	"lsh.minblock":     {"--min-block %d: must be a positive whole number of records", "--min-block %d : doit être un nombre entier positif d'enregistrements"},
	"lsh.maxblock":     {"--max-block %d: must be a positive whole number of records", "--max-block %d : doit être un nombre entier positif d'enregistrements"},
	"lsh.blockrange":   {"--max-block %d: must be at least twice --min-block (%d), as small buckets are grouped whole into blocks", "--max-block %d : doit valoir au moins le double de --min-block (%d), car les petits compartiments sont regroupés entiers en blocs"},
	"out.blocks":       {"%d blocks of %d to %d records (all bands)", "%d blocs de %d à %d enregistrements (toutes bandes)"},
	"match.toomany":    {"threshold %.4f: more than %d candidate pairs; raise --threshold (balanced or BLIP encodings need a higher one)", "seuil %.4f : plus de %d paires candidates ; relevez --threshold (les encodages équilibrés ou BLIP en demandent un plus élevé)"},
	"io.exists":        {"%s already exists: refusing to overwrite a secret", "%s existe déjà : un secret n'est jamais écrasé"},
	"flag.required":    {"flag %s is required", "l'option %s est obligatoire"},
	"flag.lang":        {"--lang %q: use en or fr", "--lang %q : utilisez en ou fr"},
	"flag.format":      {"--format %q: use text or json", "--format %q : utilisez text ou json"},
	"flag.kernel":      {"--kernel %q: unknown or not supported by this CPU (available: %s)", "--kernel %q : inconnu ou non pris en charge par ce processeur (disponibles : %s)"},
	"flag.n":           {"--n %d: must be between %d and %d", "--n %d : doit être entre %d et %d"},
	"args.extra":       {"unexpected arguments: %s", "arguments inattendus : %s"},
	"io.write":         {"%s: cannot be written: %v", "%s : écriture impossible : %v"},
	"io.read":          {"%s: cannot be read: %v", "%s : lecture impossible : %v"},
	"eval.missing":     {"%s: evaluation data not found (expected %s)", "%s : données d'évaluation introuvables (attendu : %s)"},
	"out.encoded":      {"encoded %d records into %s (%d bits); %s", "%d enregistrements encodés dans %s (%d bits) ; %s"},
	"out.unparsed":     {"field %d (%s): %d values not recognised as %s, encoded as missing", "champ %d (%s) : %d valeurs non reconnues comme %s, encodées comme manquantes"},
	"out.matched":      {"%d groups across %d parties written to %s (threshold %.4f, %d comparisons, blocking %s)", "%d groupes entre %d parties écrits dans %s (seuil %.4f, %d comparaisons, blocage %s)"},
	"out.counts":       {"overlap counts written to %s", "effectifs de recoupement écrits dans %s"},
	"out.keygen":       {"wrote a %d-byte secret to %s: share it only with the participating organisations, never with the linkage unit", "secret de %d octets écrit dans %s : partagez-le uniquement avec les organisations participantes, jamais avec l'unité d'appariement"},
	"bench.line":       {"kernel %s, %d x %d comparisons of %d-bit encodings: %.3g per second on 1 core, %.3g per second on %d cores", "noyau %s, %d x %d comparaisons d'encodages de %d bits : %.3g par seconde sur 1 cœur, %.3g par seconde sur %d cœurs"},
	"bench.cpu":        {"single core per second of CPU time received: %.3g (independent of other load on the machine)", "un cœur, par seconde de temps processeur obtenu : %.3g (indépendant de la charge de la machine)"},
	"eval.line":        {"%s: precision %.4f, recall %.4f (true pairs %d, found %d, correct %d) at threshold %.4f", "%s : précision %.4f, rappel %.4f (paires vraies %d, trouvées %d, correctes %d) au seuil %.4f"},
	"eval.hardening":   {"hardening: %s", "durcissement : %s"},
	"eval.comparisons": {"%d comparisons (blocking %s)", "%d comparaisons (blocage %s)"},
	"eval.time":        {"match %.3f s (CPU %.3f s)", "appariement %.3f s (processeur %.3f s)"},
	"eval.none":        {"none", "aucun"},
	"note.settingsfp":  {"settings fingerprint %x, key fingerprint %x", "empreinte des paramètres %x, empreinte de la clé %x"},
}

// Msg renders message id in lang.
func Msg(lang Lang, id string, args ...any) string {
	m, ok := messages[id]
	if !ok {
		return id
	}
	f := m[0]
	if lang == FR {
		f = m[1]
	}
	return fmt.Sprintf(f, args...)
}

// Error is a user-facing error with a message id; Error() is English and
// Localize gives the French text.
type Error struct {
	ID   string
	Args []any
}

func (e *Error) Error() string { return Msg(EN, e.ID, e.Args...) }

// Localize renders the error in lang.
func (e *Error) Localize(lang Lang) string { return Msg(lang, e.ID, e.Args...) }

func errf(id string, args ...any) error { return &Error{ID: id, Args: args} }

// Localize renders err in lang when it is a linkage error, else err.Error().
func Localize(err error, lang Lang) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Localize(lang)
	}
	return err.Error()
}

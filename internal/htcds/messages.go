package htcds

import (
	"fmt"
	"sort"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Rule ids this package adds to valid's, account's and casework's.
const (
	RuleNumber  = "number"          // not a whole number
	RuleBoolean = "boolean"         // not TRUE/FALSE (yes/no, oui/non, 1/0)
	RuleEvents  = "events_mismatch" // hte_* lists of different lengths
	RuleInvalid = "invalid"         // any other rule a future casework check adds
)

// msgNameRequired words RuleRequired on the name columns.
const msgNameRequired = "name_required"

// File-level error ids.
const (
	ErrUnreadable      = "file_unreadable"
	ErrNoHeader        = "no_header"
	ErrDuplicateColumn = "duplicate_column"
	ErrTooManyRows     = "too_many_rows"
	ErrTooLarge        = "too_large"
	ErrBadRows         = "bad_rows"
	ErrFormat          = "format"
)

// Notice ids: what the reader repaired or left out, once per kind and column.
const (
	NoticeUnknownColumn  = "unknown_column"
	NoticeNameFromLabel  = "field_name_from_label"
	NoticeLabelMismatch  = "label_mismatch"
	NoticeAliasField     = "alias_field"
	NoticeNotImported    = "not_imported"
	NoticeNoLabelRow     = "no_label_row"
	NoticeHeaderByLabel  = "header_by_label"
	NoticeCountryAlpha2  = "country_alpha2"
	NoticeCountryLower   = "country_lower"
	NoticeCountryName    = "country_name"
	NoticeTrimmed        = "trimmed"
	NoticeDateDMY        = "date_dmy"
	NoticeDateSerial     = "date_serial"
	NoticeDateTime       = "date_time"
	NoticeValueLabel     = "value_label"
	NoticeFirstValueKept = "first_value_kept"
	NoticeSeparator      = "separator"
	NoticeLocationEvent  = "location_event"
	NoticeLocationPlace  = "location_no_country"
	NoticeBothPhones     = "both_phones"
	NoticeOtherRestored  = "exploitation_other"
	NoticeCodeIgnored    = "case_code_ignored"
	NoticeClosureDropped = "closure_reason_open_case"
	NoticeCSVSemicolon   = "csv_semicolon"
	NoticeWindows1252    = "encoding_windows1252"
	NoticeSheet          = "sheet"
)

// messages holds every id's text in English and French; {name} is replaced
// by the parameter of that name. No message ever holds a cell's value.
var messages = map[string][2]string{
	valid.RuleRequired:      {"is required", "est obligatoire"},
	msgNameRequired:         {"is required: a case needs a first, second or middle name", "est obligatoire : un dossier a besoin d'un prénom, d'un nom de famille ou d'un autre nom"},
	valid.RuleTooLong:       {"is longer than {max} characters", "dépasse {max} caractères"},
	valid.RuleOneOf:         {"is not one of the HTCDS values of this column", "n'est pas une des valeurs HTCDS de cette colonne"},
	valid.RuleEmail:         {"is not a valid e-mail address", "n'est pas une adresse électronique valide"},
	account.RuleCountry:     {"is not a known country (ISO 3166 code or name)", "n'est pas un pays connu (code ISO 3166 ou nom)"},
	account.RuleRange:       {"is outside {min}–{max}", "est hors de l'intervalle {min}–{max}"},
	account.RulePhone:       {"is not a phone number (digits, spaces, + - . ( ) /, at least 6 digits)", "n'est pas un numéro de téléphone (chiffres, espaces, + - . ( ) /, au moins 6 chiffres)"},
	casework.RuleDate:       {"is not a date (YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, YYYY or an Excel date)", "n'est pas une date (AAAA-MM-JJ, JJ/MM/AAAA, AAAA-MM, AAAA ou une date Excel)"},
	casework.RuleFutureDate: {"is a date in the future", "est une date dans le futur"},
	casework.RuleDateOrder:  {"ends before it starts", "se termine avant de commencer"},
	casework.RuleDuplicate:  {"holds the same value twice", "contient deux fois la même valeur"},
	casework.RuleTransition: {"is a status change the workflow does not allow", "est un changement de statut que le circuit n'autorise pas"},
	RuleNumber:              {"is not a whole number", "n'est pas un nombre entier"},
	RuleBoolean:             {"is not TRUE or FALSE", "n'est ni TRUE ni FALSE"},
	RuleEvents:              {"lists a different number of events than the other hte_ columns", "n'énumère pas autant d'étapes que les autres colonnes hte_"},
	RuleInvalid:             {"is not valid ({rule})", "n'est pas valide ({rule})"},

	ErrUnreadable:      {"the file cannot be read as {format}", "le fichier ne peut pas être lu comme {format}"},
	ErrNoHeader:        {"no HTCDS field names or labels in the first rows", "aucun nom ni libellé de champ HTCDS dans les premières lignes"},
	ErrDuplicateColumn: {"column {column} appears twice", "la colonne {column} apparaît deux fois"},
	ErrTooManyRows:     {"more than {max} rows; split the file", "plus de {max} lignes ; divisez le fichier"},
	ErrTooLarge:        {"the file is larger than {max} MB", "le fichier dépasse {max} Mo"},
	ErrBadRows:         {"bad rows: {count}; nothing was imported", "lignes incorrectes : {count} ; rien n'a été importé"},
	ErrFormat:          {"unknown format (csv or xlsx)", "format inconnu (csv ou xlsx)"},

	NoticeUnknownColumn:  {"column {column} is not an HTCDS field Passerelle knows: ignored", "la colonne {column} n'est pas un champ HTCDS connu de Passerelle : ignorée"},
	NoticeNameFromLabel:  {"column {column} has no field name; recognised by its label as {field}", "la colonne {column} n'a pas de nom de champ ; reconnue à son libellé comme {field}"},
	NoticeLabelMismatch:  {"labels of row 2 do not match the field names of row 1 in columns {columns}; the field names were followed (the HTCDS v2.0 template shifts the mailing address labels)", "les libellés de la ligne 2 ne correspondent pas aux noms de champ de la ligne 1 dans les colonnes {columns} ; les noms de champ ont été suivis (le modèle HTCDS v2.0 décale les libellés de l'adresse postale)"},
	NoticeAliasField:     {"column {column} read as {field}", "colonne {column} lue comme {field}"},
	NoticeNotImported:    {"column {column} holds data (rows: {count}); Passerelle does not import this HTCDS field", "la colonne {column} contient des données (lignes : {count}) ; Passerelle n'importe pas ce champ HTCDS"},
	NoticeNoLabelRow:     {"row 2 is not a label row: data starts at row 2", "la ligne 2 n'est pas une ligne de libellés : les données commencent à la ligne 2"},
	NoticeHeaderByLabel:  {"row 1 holds labels, not field names: columns recognised by label", "la ligne 1 contient des libellés, pas des noms de champ : colonnes reconnues à leur libellé"},
	NoticeCountryAlpha2:  {"{column}: two-letter country codes converted to three-letter codes (rows: {count})", "{column} : codes pays à deux lettres convertis en codes à trois lettres (lignes : {count})"},
	NoticeCountryLower:   {"{column}: country codes put in capitals (rows: {count})", "{column} : codes pays mis en majuscules (lignes : {count})"},
	NoticeCountryName:    {"{column}: country names converted to three-letter codes (rows: {count})", "{column} : noms de pays convertis en codes à trois lettres (lignes : {count})"},
	NoticeTrimmed:        {"{column}: spaces around values removed (rows: {count})", "{column} : espaces autour des valeurs supprimés (lignes : {count})"},
	NoticeDateDMY:        {"{column}: dates DD/MM/YYYY converted to YYYY-MM-DD (rows: {count})", "{column} : dates JJ/MM/AAAA converties en AAAA-MM-JJ (lignes : {count})"},
	NoticeDateSerial:     {"{column}: Excel date numbers converted to YYYY-MM-DD (rows: {count})", "{column} : nombres de date Excel convertis en AAAA-MM-JJ (lignes : {count})"},
	NoticeDateTime:       {"{column}: time of day dropped from dates (rows: {count})", "{column} : heure retirée des dates (lignes : {count})"},
	NoticeValueLabel:     {"{column}: labels or other spellings converted to HTCDS value names (rows: {count})", "{column} : libellés ou autres graphies convertis en noms de valeur HTCDS (lignes : {count})"},
	NoticeFirstValueKept: {"{column}: several values where Passerelle keeps one; the first was kept (rows: {count})", "{column} : plusieurs valeurs là où Passerelle n'en garde qu'une ; la première a été gardée (lignes : {count})"},
	NoticeSeparator:      {"{column}: values separated by , | or a line break instead of ; (rows: {count})", "{column} : valeurs séparées par , | ou un retour à la ligne au lieu de ; (lignes : {count})"},
	NoticeLocationEvent:  {"{column}: places ending with a country became trafficking events (rows: {count})", "{column} : les lieux se terminant par un pays sont devenus des étapes du parcours (lignes : {count})"},
	NoticeLocationPlace:  {"{column}: places without a recognisable country could not become trafficking events (rows: {count})", "{column} : des lieux sans pays reconnaissable n'ont pas pu devenir des étapes du parcours (lignes : {count})"},
	NoticeBothPhones:     {"{column}: home and mobile phones both kept in the one phone field (rows: {count})", "{column} : téléphones fixe et mobile gardés ensemble dans l'unique champ téléphone (lignes : {count})"},
	NoticeOtherRestored:  {"{column}: Other replaced by the type named in psl_ExploitationOther (rows: {count})", "{column} : Other remplacé par la forme nommée dans psl_ExploitationOther (lignes : {count})"},
	NoticeCodeIgnored:    {"{column}: case codes are not imported; each case gets a new code", "{column} : les codes de dossier ne sont pas importés ; chaque dossier reçoit un nouveau code"},
	NoticeClosureDropped: {"{column}: a reason for closure on a case that is not closed was left out (rows: {count})", "{column} : un motif de clôture sur un dossier non clos a été écarté (lignes : {count})"},
	NoticeCSVSemicolon:   {"the CSV file uses ; between columns (as French Excel writes it)", "le fichier CSV sépare les colonnes par ; (comme Excel en français)"},
	NoticeWindows1252:    {"the CSV file is not UTF-8; read as Windows-1252", "le fichier CSV n'est pas en UTF-8 ; lu comme Windows-1252"},
	NoticeSheet:          {"sheet {sheet} was read", "la feuille {sheet} a été lue"},
}

// Message is a text in both languages.
type Message struct {
	EN string `json:"en"`
	FR string `json:"fr"`
}

// In returns the text in lang ("fr" for French, English otherwise).
func (m Message) In(lang string) string {
	if lang == "fr" {
		return m.FR
	}
	return m.EN
}

// message renders id with params; an unknown id falls back to RuleInvalid.
func message(id string, params map[string]any) Message {
	t, ok := messages[id]
	if !ok {
		t = messages[RuleInvalid]
		params = map[string]any{"rule": id}
	}
	return Message{EN: fill(t[0], params), FR: fill(t[1], params)}
}

func fill(s string, params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var v string
		switch x := params[k].(type) {
		case []string:
			v = strings.Join(x, ", ")
		default:
			v = fmt.Sprint(x)
		}
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// Error is a file-level failure of Import or Export, in both languages.
type Error struct {
	ID     string
	Params map[string]any
	Err    error // the underlying cause, when there is one (never cell content)
}

func (e *Error) Error() string {
	s := "htcds: " + message(e.ID, e.Params).EN
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Message returns the error's text in both languages.
func (e *Error) Message() Message { return message(e.ID, e.Params) }

package i18n

import (
	"strings"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// FieldMessage is the one wording of a validation error for people: the
// rule's text ("<prefix>error.<rule>", falling back to "error.<rule>") with
// the field's label ("<prefix>field.<field>", then "field.<field>", then the
// raw field name) as {{.Field}} and the rule's parameters, list parameters
// joined. Pages, the API and the command line all use it, so a rule reads
// the same everywhere; a prefix ("admin.") lets one area word its own forms.
func FieldMessage(lang string, fe *valid.FieldError, prefixes ...string) string {
	prefixes = append(prefixes, "")
	label := fe.Field
	for _, p := range prefixes {
		if id := p + "field." + fe.Field; Has(lang, id) {
			label = T(lang, id, nil)
			break
		}
	}
	data := map[string]any{"Field": label}
	for k, v := range fe.Params {
		if list, ok := v.([]string); ok {
			v = strings.Join(list, ", ")
		}
		data[k] = v
	}
	for _, p := range prefixes {
		if id := p + "error." + fe.Rule; Has(lang, id) {
			return T(lang, id, data)
		}
	}
	return fe.Error()
}

package web

import (
	"sort"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// stratumLabel names a stratum value in lang: genders, age groups and
// exploitation types through the case register's labels; "unknown" through
// ours; years as they are.
func stratumLabel(lang, dim, v string) string {
	if v == "unknown" {
		return i18n.T(lang, "network.unknown", nil)
	}
	switch dim {
	case "gender":
		return caseLabel(lang, "gender", v)
	case "age_group":
		return caseLabel(lang, "age_group", v)
	case "exploitation":
		return caseLabel(lang, "exploitation", v)
	}
	return v
}

func networkKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

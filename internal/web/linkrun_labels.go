package web

import (
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// stratumLabel names a stratum value in lang: genders, age groups and
// exploitation types through the case register's labels; "unknown" through
// ours; years as they are.
func stratumLabel(lang, dim, v string) string {
	switch {
	case v == "unknown":
		return i18n.T(lang, "network.unknown", nil)
	case dim == "gender", dim == "age_group", dim == "exploitation":
		return caseLabel(lang, dim, v)
	}
	return v
}

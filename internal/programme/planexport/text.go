package planexport

import (
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

func tr(lang, id string, data map[string]any) string { return i18n.T(lang, id, data) }

// StatusLabel is an activity status in lang.
func StatusLabel(lang string, s plan.Status) string { return tr(lang, "plan.status."+string(s), nil) }

// StateLabel is a progress state in lang.
func StateLabel(lang string, s plan.State) string { return tr(lang, "plan.state."+string(s), nil) }

func yesNo(lang string, b bool) string {
	if b {
		return tr(lang, "plan.yes", nil)
	}
	return tr(lang, "plan.no", nil)
}

func countryName(lang, code string) string { return country.Name(lang, code) }

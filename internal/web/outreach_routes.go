package web

import (
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// outreachRoutes registers the training, campaign and justice figure pages
// (programme_training*.go, programme_campaign*.go, programme_justice.go).
// The store decides what each role sees: an organisation's sessions and
// campaigns are its own (another organisation's id is 404); reports and
// justice figures are counts across the network.
func (s *Server) outreachRoutes() {
	s.page("GET", "/programmes/trainings", auth.PermProgrammeView, s.trainingList)
	s.page("GET", "/programmes/trainings/new", auth.PermProgrammeOwn, s.trainingNew)
	s.page("POST", "/programmes/trainings", auth.PermProgrammeOwn, s.trainingCreate)
	s.page("GET", "/programmes/trainings/report", auth.PermProgrammeView, s.trainingReport)
	s.page("GET", "/programmes/trainings/report.csv", auth.PermProgrammeView, s.trainingReportCSV)
	s.page("GET", "/programmes/trainings/report.xlsx", auth.PermProgrammeView, s.trainingReportXLSX)
	s.page("GET", "/programmes/trainings/{id}", auth.PermProgrammeOwn, s.trainingView)
	s.page("POST", "/programmes/trainings/{id}/participants", auth.PermProgrammeOwn, s.trainingParticipants)
	s.page("GET", "/programmes/trainings/{id}/edit", auth.PermProgrammeOwn, s.trainingEdit)
	s.page("POST", "/programmes/trainings/{id}", auth.PermProgrammeOwn, s.trainingUpdate)

	s.page("GET", "/programmes/campaigns", auth.PermProgrammeView, s.campaignList)
	s.page("GET", "/programmes/campaigns/calendar", auth.PermProgrammeView, s.campaignCalendar)
	s.page("GET", "/programmes/campaigns/map", auth.PermProgrammeView, s.campaignMap)
	s.page("GET", "/programmes/campaigns/new", auth.PermProgrammeOwn, s.campaignNew)
	s.page("POST", "/programmes/campaigns", auth.PermProgrammeOwn, s.campaignCreate)
	s.page("GET", "/programmes/campaigns/{id}", auth.PermProgrammeView, s.campaignView)
	s.page("POST", "/programmes/campaigns/{id}/signals", auth.PermProgrammeOwn, s.campaignSignals)
	s.page("GET", "/programmes/campaigns/{id}/edit", auth.PermProgrammeOwn, s.campaignEdit)
	s.page("POST", "/programmes/campaigns/{id}", auth.PermProgrammeOwn, s.campaignUpdate)
	s.page("POST", "/programmes/campaigns/{id}/materials", auth.PermProgrammeOwn, s.campaignMaterialAdd)
	s.page("GET", "/programmes/campaigns/{id}/materials/{mid}", auth.PermProgrammeView, s.campaignMaterialGet)

	s.page("GET", "/programmes/justice", auth.PermProgrammeView, s.justiceFigures)
	s.page("POST", "/programmes/justice", auth.PermProgrammeOwn, s.justiceEnter)
	s.page("GET", "/programmes/justice.csv", auth.PermProgrammeView, s.justiceCSV)
	s.page("GET", "/programmes/justice.xlsx", auth.PermProgrammeView, s.justiceXLSX)
}

// summaryItem is one line of a form's error summary: the field's id (the
// link target) and its message.
type summaryItem struct{ Field, Message string }

// outreachErrors translates field errors for a form of area ("training.",
// "campaign.", "justice_figures."): one message per field, and the summary
// in the order the errors came.
func outreachErrors(lang, area string, es valid.Errors) (map[string]string, []summaryItem) {
	msgs := map[string]string{}
	var sum []summaryItem
	for _, e := range es {
		if _, dup := msgs[e.Field]; dup {
			continue
		}
		m := i18n.FieldMessage(lang, e, area)
		if row, field, ok := bulkRow(e.Field); ok {
			one := *e
			one.Field = field
			m = i18n.T(lang, area+"bulk.row", map[string]any{"Line": row + 1, "Message": i18n.FieldMessage(lang, &one, area)})
		}
		msgs[e.Field] = m
		sum = append(sum, summaryItem{Field: fieldAnchor(e.Field), Message: m})
	}
	return msgs, sum
}

// bulkRow splits "participants[3].name" into 3 and "name".
func bulkRow(f string) (int, string, bool) {
	rest, ok := strings.CutPrefix(f, "participants[")
	if !ok {
		return 0, "", false
	}
	n, field, ok := strings.Cut(rest, "].")
	i, err := strconv.Atoi(n)
	return i, field, ok && err == nil
}

// fieldAnchor is the id of a field's input: "participants[3].name" is the
// bulk entry box.
func fieldAnchor(f string) string {
	if strings.HasPrefix(f, "participants") {
		return "participants"
	}
	return f
}

// options lists codes with their labels (prefix+code), checked when in chosen.
func options(lang, prefix string, codes []string, chosen ...string) []choice {
	out := make([]choice, len(codes))
	for i, c := range codes {
		out[i] = choice{Value: c, Label: i18n.T(lang, prefix+c, nil)}
		for _, v := range chosen {
			if v == c {
				out[i].Checked = true
			}
		}
	}
	return out
}

// wholeNumber reads a typed whole number; what is not one reads as -1,
// which the domain refuses as out of range, with the rule's message.
func wholeNumber(s string) int64 {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "\u202f", "")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// optionalNumber is nil for an empty field, else wholeNumber.
func optionalNumber(s string) *int64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	n := wholeNumber(s)
	return &n
}

// releasedCount shows a count released by disclosure control: the number,
// or the word for a withheld one; a count the register never had is 0.
func releasedCount(lang string, n *int64, withheld bool) string {
	switch {
	case withheld:
		return i18n.T(lang, "campaign.withheld", nil)
	case n == nil:
		return "0"
	}
	return strconv.FormatInt(*n, 10)
}

// Package justicefig holds the rules of criminal-justice figures, the ones
// UNODC's Global Report asks of every country: investigations,
// prosecutions and convictions by year and form of exploitation. Two
// sources stand side by side: the figures counted from the cases' justice
// tracks (de-identified: the state of the proceedings, the year, the form
// of exploitation and the country of the organisation) and the figures
// justice agencies enter with their source. Counted figures leave the store
// only through internal/disclosure. Pure: no SQL, no HTTP.
package justicefig

import (
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Stages of criminal proceedings ("justice_figures.stage.<code>").
var Stages = []string{"investigation", "prosecution", "conviction"}

// Forms of exploitation are the case register's (casework.ExploitationTypes).
var Forms = casework.ExploitationTypes

// Limits.
const (
	MinYear   = 1990
	MaxCount  = 10_000_000
	MaxSource = 300
)

// Figure is one figure entered by a justice agency.
type Figure struct {
	ID        uuid.UUID
	OrgID     uuid.UUID
	Country   string
	Year      int
	Form      string
	Stage     string
	Count     int
	Source    string // e.g. "Ministry of Justice, annual statistics 2024"
	UpdatedAt time.Time
}

// Normalise trims and puts codes in their case.
func (f *Figure) Normalise() {
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Form, f.Stage, f.Source = strings.TrimSpace(f.Form), strings.TrimSpace(f.Stage), strings.TrimSpace(f.Source)
}

// Validate checks an entered figure; today bounds the year.
func (f Figure) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	es.Add(training.Country("country", f.Country))
	if f.Year < MinYear || f.Year > today.Year() {
		es.Add(valid.New("year", account.RuleRange, map[string]any{"min": MinYear, "max": today.Year()}))
	}
	es.Add(valid.OneOf("form", f.Form, Forms...), valid.OneOf("stage", f.Stage, Stages...))
	if f.Count < 0 || f.Count > MaxCount {
		es.Add(valid.New("count", account.RuleRange, map[string]any{"min": 0, "max": MaxCount}))
	}
	es.Add(valid.Required("source", f.Source), valid.MaxLen("source", f.Source, MaxSource))
	return es
}

// StagesOf are the stages a case's proceedings have reached: an
// investigation once one is opened (or a prosecution started), a
// prosecution once charges are brought (whatever the verdict), a
// conviction on a conviction.
func StagesOf(investigation, prosecution string) []string {
	var out []string
	prosecuted := prosecution == "charged" || prosecution == "convicted" || prosecution == "acquitted"
	if (investigation != "" && investigation != "none") || prosecuted {
		out = append(out, "investigation")
	}
	if prosecuted {
		out = append(out, "prosecution")
	}
	if prosecution == "convicted" {
		out = append(out, "conviction")
	}
	return out
}

// Key is one cell: country, year, form and stage.
type Key struct {
	Country string
	Year    int
	Form    string
	Stage   string
}

// Line is one cell with both figures. Counted is the case register's as
// released by disclosure control: nil when withheld (Withheld) or when no
// case counts there; Entered the sum of the agencies' figures, nil when none
// was entered, with their sources.
type Line struct {
	Key
	Counted  *int64
	Withheld bool
	Entered  *int
	Sources  []string
}

// SideBySide joins released counts (a nil count is withheld) and entered
// figures, sorted by country, year (newest first), form and stage order.
func SideBySide(counted map[Key]*int64, entered []Figure) []Line {
	lines := map[Key]*Line{}
	get := func(k Key) *Line {
		l := lines[k]
		if l == nil {
			l = &Line{Key: k}
			lines[k] = l
		}
		return l
	}
	for k, n := range counted {
		l := get(k)
		l.Counted, l.Withheld = n, n == nil
	}
	for _, f := range entered {
		l := get(Key{f.Country, f.Year, f.Form, f.Stage})
		if l.Entered == nil {
			l.Entered = new(int)
		}
		*l.Entered += f.Count
		l.Sources = append(l.Sources, f.Source)
	}
	out := make([]Line, 0, len(lines))
	for _, l := range lines {
		sort.Strings(l.Sources)
		out = append(out, *l)
	}
	stage := func(s string) int {
		for i, v := range Stages {
			if v == s {
				return i
			}
		}
		return len(Stages)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Country != b.Country:
			return a.Country < b.Country
		case a.Year != b.Year:
			return a.Year > b.Year
		case a.Form != b.Form:
			return a.Form < b.Form
		}
		return stage(a.Stage) < stage(b.Stage)
	})
	return out
}

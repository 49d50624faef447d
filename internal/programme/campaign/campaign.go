// Package campaign holds the rules of prevention and awareness campaigns:
// their level, target groups, channels, languages, countries, dates,
// budget, reach and materials, the signals entered before and after (hotline
// calls, referrals), the windows in which identified cases are counted, and
// the month-by-month calendar. It is pure: no SQL, no HTTP. Nothing here is
// personal data; the counts of identified cases come from the store through
// internal/disclosure.
package campaign

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Limits of what is typed.
const (
	MaxTitle      = 200
	MaxPlaces     = 500 // the places, as one line
	MaxList       = 20  // items of each list
	MaxBudget     = 1_000_000_000_000
	MaxReach      = 2_000_000_000
	MaxSignal     = 10_000_000
	MaxMaterials  = 20
	MaxMaterial   = 5 << 20 // bytes of one file
	MaxFileName   = 200
	LanguageLen   = 3 // ISO 639-1 or 639-3 code
	MinWindowDays = 30
)

// Levels ("campaign.level.<code>").
var Levels = []string{"local", "governmental", "media"}

// TargetGroups ("campaign.target.<code>").
var TargetGroups = []string{"rural_populations", "children", "women", "migrants", "parents", "employers",
	"workers", "students", "young_people", "domestic_workers", "community_leaders", "travellers"}

// Channels ("campaign.channel.<code>").
var Channels = []string{"radio", "television", "social_media", "schools", "community_meetings", "posters",
	"press", "sms", "theatre", "religious_gatherings", "markets", "border_posts"}

// ReachKinds say how the reach was obtained ("campaign.reach_kind.<code>").
var ReachKinds = []string{"estimated", "counted"}

// Campaign is one prevention or awareness campaign.
type Campaign struct {
	ID           uuid.UUID
	OrgID        uuid.UUID
	Title        string
	Level        string
	TargetGroups []string
	Channels     []string
	Languages    []string // ISO 639 codes, lower case
	Countries    []string // ISO 3166-1 alpha-3
	Places       string
	StartsOn     string // YYYY-MM-DD
	EndsOn       string
	Budget       int64 // whole units of Currency
	Currency     string
	Reach        int64
	ReachKind    string
	// Signals entered by the organisation, nil when not known.
	HotlineBefore, HotlineAfter     *int64
	ReferralsBefore, ReferralsAfter *int64
	CreatedAt                       time.Time
	Materials                       []Material
}

// Material is a file of a campaign (a poster, a radio script); the store
// seals its name and content with the organisation's key.
type Material struct {
	ID          uuid.UUID
	CampaignID  uuid.UUID
	Name        string
	ContentType string
	Size        int64
}

var languageCode = regexp.MustCompile(`^[a-z]{2,3}$`)
var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// Normalise trims and puts codes in their case.
func (c *Campaign) Normalise() {
	c.Title, c.Places = strings.TrimSpace(c.Title), strings.TrimSpace(c.Places)
	c.Level, c.ReachKind = strings.TrimSpace(c.Level), strings.TrimSpace(c.ReachKind)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	c.StartsOn, c.EndsOn = strings.TrimSpace(c.StartsOn), strings.TrimSpace(c.EndsOn)
	c.TargetGroups, c.Channels = clean(c.TargetGroups, strings.TrimSpace), clean(c.Channels, strings.TrimSpace)
	c.Languages = clean(c.Languages, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })
	c.Countries = clean(c.Countries, func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) })
	if c.ReachKind == "" {
		c.ReachKind = "estimated"
	}
}

func clean(list []string, f func(string) string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		if v = f(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Validate checks a campaign.
func (c Campaign) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("title", c.Title), valid.MaxLen("title", c.Title, MaxTitle))
	es.Add(valid.OneOf("level", c.Level, Levels...))
	es.Add(set("target_groups", c.TargetGroups, TargetGroups, true)...)
	es.Add(set("channels", c.Channels, Channels, true)...)
	es.Add(list("languages", c.Languages, func(v string) bool { return languageCode.MatchString(v) }, RuleLanguage)...)
	if len(c.Countries) == 0 {
		es.Add(valid.New("countries", valid.RuleRequired, nil))
	}
	for _, v := range c.Countries {
		if e := training.Country("countries", v); e != nil {
			es.Add(e)
			break
		}
	}
	if len(c.Countries) > MaxList {
		es.Add(valid.New("countries", valid.RuleTooLong, map[string]any{"max": MaxList}))
	}
	es.Add(valid.MaxLen("places", c.Places, MaxPlaces))
	es.Add(training.Period("starts_on", "ends_on", c.StartsOn, c.EndsOn)...)
	es.Add(amount("budget", c.Budget, MaxBudget), amount("reach", c.Reach, MaxReach))
	if c.Budget > 0 && !currencyCode.MatchString(c.Currency) {
		es.Add(valid.New("currency", valid.RuleRequired, nil))
	} else if c.Currency != "" && !currencyCode.MatchString(c.Currency) {
		es.Add(valid.New("currency", RuleCurrency, nil))
	}
	es.Add(valid.OneOf("reach_kind", c.ReachKind, ReachKinds...))
	for _, s := range []struct {
		f string
		v *int64
	}{{"hotline_before", c.HotlineBefore}, {"hotline_after", c.HotlineAfter},
		{"referrals_before", c.ReferralsBefore}, {"referrals_after", c.ReferralsAfter}} {
		if s.v != nil {
			es.Add(amount(s.f, *s.v, MaxSignal))
		}
	}
	return es
}

// RuleCurrency: not an ISO 4217 code.
const RuleCurrency = "currency_code"

// RuleLanguage: not an ISO 639 code.
const RuleLanguage = "language_code"

// Rules this package adds (each has "campaign.error.<rule>").
var Rules = []string{RuleCurrency, RuleLanguage}

func amount(field string, v, max int64) *valid.FieldError {
	if v < 0 || v > max {
		return valid.New(field, account.RuleRange, map[string]any{"min": 0, "max": max})
	}
	return nil
}

func set(field string, vs, allowed []string, required bool) []*valid.FieldError {
	if required && len(vs) == 0 {
		return []*valid.FieldError{valid.New(field, valid.RuleRequired, nil)}
	}
	return casework.Set(field, vs, allowed)
}

func list(field string, vs []string, ok func(string) bool, rule string) []*valid.FieldError {
	if len(vs) > MaxList {
		return []*valid.FieldError{valid.New(field, valid.RuleTooLong, map[string]any{"max": MaxList})}
	}
	seen := map[string]bool{}
	for _, v := range vs {
		if !ok(v) {
			return []*valid.FieldError{valid.New(field, rule, nil)}
		}
		if seen[v] {
			return []*valid.FieldError{valid.New(field, casework.RuleDuplicate, nil)}
		}
		seen[v] = true
	}
	return nil
}

// HasChannel reports whether the campaign uses channel ch.
func (c Campaign) HasChannel(ch string) bool { return slices.Contains(c.Channels, ch) }

// Windows are the periods in which identified cases are counted: Before is
// as long as the campaign (at least MinWindowDays) and ends the day before
// it starts; After starts on its first day and lasts as long, so that what
// the campaign brought to light while it ran is counted. Each is [From, To),
// UTC.
type Windows struct {
	BeforeFrom, BeforeTo, AfterFrom, AfterTo time.Time
}

// WindowsOf computes the windows of a valid campaign.
func WindowsOf(c Campaign) Windows {
	s, _ := training.FullDate(c.StartsOn)
	e, _ := training.FullDate(c.EndsOn)
	days := int(e.Sub(s).Hours()/24) + 1
	if days < MinWindowDays {
		days = MinWindowDays
	}
	d := time.Duration(days) * 24 * time.Hour
	return Windows{BeforeFrom: s.Add(-d), BeforeTo: s, AfterFrom: s, AfterTo: s.Add(d)}
}

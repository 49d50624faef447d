package linkrun

import (
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Limits of a run.
const (
	DefaultMinSize  = 50 // default minimum number of encoded cases per party
	FloorMinSize    = 20 // no run may ask for fewer
	DefaultDaily    = 5  // runs a coordinator may propose per 24 hours
	SmallCell       = 5  // the k of the overlap tables (Policy): counts from 1 to 4 are withheld
	MaxName         = 200
	RepeatWindow    = 24 * time.Hour
	DateLayout      = "2006-01-02"
	MinEstimateSeen = 20 // people seen before an estimate is attempted
	// MaxCLKBytes bounds an uploaded encodings file (1024-bit encodings:
	// about 250,000 records), in the web and the API alike.
	MaxCLKBytes = 40 << 20
)

// Rule ids added by this package; each has "error.<rule>" in the network
// catalogues of both languages.
const (
	RuleMinParties     = "linkage_min_parties"      // fewer than two organisations
	RuleMinSize        = "linkage_min_size"         // minimum size below the floor
	RuleBelowMinimum   = "linkage_below_minimum"    // a party has fewer cases than the minimum
	RuleRateLimit      = "linkage_rate_limit"       // too many runs in 24 hours
	RuleRepeat         = "linkage_repeat"           // same parties within 24 hours
	RuleSecretShort    = linkage.CodeSecretShort    // secret under 32 bytes
	RuleSecretEncoding = linkage.CodeSecretEncoding // secret not in the encoding named
	RuleSecretMismatch = "linkage_secret_mismatch"  // another party used another secret
	RuleState          = "linkage_state"            // the step does not fit the run's state
	RuleNotShared      = "linkage_not_shared"       // membership was not agreed
	RuleDate           = "linkage_date"             // not a date YYYY-MM-DD
	RuleDateOrder      = "linkage_date_order"       // period ends before it starts
)

// Rules lists the rule ids of this package.
var Rules = []string{RuleMinParties, RuleMinSize, RuleBelowMinimum, RuleRateLimit, RuleRepeat, RuleSecretShort,
	RuleSecretEncoding, RuleSecretMismatch, RuleState, RuleNotShared, RuleDate, RuleDateOrder}

// Status is the state of a run.
type Status string

// Run states.
const (
	Proposed Status = "proposed"
	Declined Status = "declined"
	Matched  Status = "matched"
	Expired  Status = "expired" // not matched within RunLifetime
)

// Statuses lists every run state (pages and the API name each).
var Statuses = []Status{Proposed, Declined, Matched, Expired}

// RunLifetime is how long a run may wait for its answers and its matching:
// encodings are pseudonymous personal data, so a run that stalls does not
// keep them. An expired run is closed and its encodings deleted.
const RunLifetime = 30 * 24 * time.Hour

// PartyNames are the parties' organisation names, in the run's order (the
// order of the overlap patterns).
func (r *Run) PartyNames() []string {
	names := make([]string, len(r.Parties))
	for i, p := range r.Parties {
		names[i] = p.OrgName
	}
	return names
}

// ExpiresAt is when r expires if it is still waiting, else nil.
func (r *Run) ExpiresAt() *time.Time {
	if r.Status != Proposed {
		return nil
	}
	t := r.CreatedAt.Add(RunLifetime)
	return &t
}

// Expire closes r if it is still waiting at now, RunLifetime after it was
// proposed, and reports whether it did.
func (r *Run) Expire(now time.Time) bool {
	if at := r.ExpiresAt(); at == nil || now.Before(*at) {
		return false
	}
	r.Status = Expired
	return true
}

// PartyState is the answer of one organisation.
type PartyState string

// Party states.
const (
	Pending  PartyState = "pending"
	Approved PartyState = "approved"
	Refused  PartyState = "declined"
)

// Filter chooses which of its cases a party encodes (beyond the period and
// the consent to statistics).
type Filter struct {
	Status       string // casework.Status or "" for all
	Exploitation string // an exploitation type or "" for all
}

// Party is one participating organisation.
type Party struct {
	OrgID       uuid.UUID
	OrgName     string
	State       PartyState
	Fingerprint string // hex of linkage.KeyFingerprint; never the secret
	Count       int    // encoded cases
	Filter      Filter
	DecidedBy   uuid.UUID
	DecidedAt   *time.Time
}

// Run is one linkage run.
type Run struct {
	ID              uuid.UUID
	Name            string
	CoordinatorOrg  uuid.UUID
	ProposedBy      uuid.UUID
	From, To        string // YYYY-MM-DD, both included
	ShareMembership bool   // parties may learn which of their cases are known elsewhere
	MinSize         int
	Status          Status
	Forced          bool // a platform administrator lifted the repeat rule
	CreatedAt       time.Time
	MatchedAt       *time.Time
	Parties         []Party
}

// Validate checks a proposal; MinSize 0 becomes DefaultMinSize.
func (r *Run) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("name", r.Name))
	es.Add(valid.MaxLen("name", r.Name, MaxName))
	if r.MinSize == 0 {
		r.MinSize = DefaultMinSize
	}
	if r.MinSize < FloorMinSize {
		es.Add(valid.New("min_size", RuleMinSize, map[string]any{"Min": FloorMinSize}))
	}
	seen := map[uuid.UUID]bool{}
	for _, p := range r.Parties {
		if p.OrgID != uuid.Nil {
			seen[p.OrgID] = true
		}
	}
	if len(seen) < 2 || len(seen) != len(r.Parties) {
		es.Add(valid.New("parties", RuleMinParties, nil))
	}
	from, errFrom := time.Parse(DateLayout, r.From)
	to, errTo := time.Parse(DateLayout, r.To)
	if errFrom != nil {
		es.Add(valid.New("period_from", RuleDate, nil))
	}
	if errTo != nil {
		es.Add(valid.New("period_to", RuleDate, nil))
	}
	if errFrom == nil && errTo == nil && to.Before(from) {
		es.Add(valid.New("period_to", RuleDateOrder, nil))
	}
	return es
}

// PartySet is the sorted list of party organisations, to compare runs.
func (r *Run) PartySet() []uuid.UUID {
	out := make([]uuid.UUID, len(r.Parties))
	for i, p := range r.Parties {
		out[i] = p.OrgID
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return out
}

// CheckRate applies the rate limits to a new proposal made at now: recent
// are the runs proposed in the last RepeatWindow (by anyone); those of the
// same proposer count against limit. force lifts the repeat rule only. A
// refusal is a Refusal: over the limit it is rate limited, with RetryAfter
// the time until the oldest of the proposer's runs leaves the window.
func CheckRate(r *Run, recent []Run, limit int, force bool, now time.Time) error {
	if limit <= 0 {
		limit = DefaultDaily
	}
	mine := 0
	var oldest time.Time
	for _, o := range recent {
		if o.ProposedBy == r.ProposedBy {
			mine++
			if oldest.IsZero() || o.CreatedAt.Before(oldest) {
				oldest = o.CreatedAt
			}
		}
	}
	if mine >= limit {
		retry := max(oldest.Add(RepeatWindow).Sub(now), time.Second)
		return refusal(valid.New("name", RuleRateLimit, map[string]any{"Max": limit}), retry)
	}
	if force {
		return nil
	}
	set := r.PartySet()
	for i := range recent {
		if o := &recent[i]; o.Status != Declined && slices.Equal(o.PartySet(), set) {
			return Refusal(valid.New("parties", RuleRepeat, nil))
		}
	}
	return nil
}

// Party returns the index of org among the parties, or -1.
func (r *Run) Party(org uuid.UUID) int {
	return slices.IndexFunc(r.Parties, func(p Party) bool { return p.OrgID == org })
}

// Approve records org's approval with count encoded cases under the key
// fingerprint fp. It refuses a run not awaiting answers, a party that has
// answered, a count under the minimum and a fingerprint that differs from one
// already approved (the secrets differ: nothing could match).
func (r *Run) Approve(org uuid.UUID, fp string, count int, by uuid.UUID, at time.Time) *valid.FieldError {
	i := r.Party(org)
	if i < 0 || r.Status != Proposed || r.Parties[i].State != Pending {
		return valid.New("run", RuleState, nil)
	}
	if count < r.MinSize {
		return valid.New("cases", RuleBelowMinimum, map[string]any{"Min": r.MinSize, "Count": count})
	}
	for _, p := range r.Parties {
		if p.State == Approved && p.Fingerprint != fp {
			return valid.New("secret", RuleSecretMismatch, nil)
		}
	}
	p := &r.Parties[i]
	p.State, p.Fingerprint, p.Count, p.DecidedBy, p.DecidedAt = Approved, fp, count, by, &at
	return nil
}

// Decline records org's refusal; the run is then declined.
func (r *Run) Decline(org, by uuid.UUID, at time.Time) *valid.FieldError {
	i := r.Party(org)
	if i < 0 || r.Status != Proposed || r.Parties[i].State != Pending {
		return valid.New("run", RuleState, nil)
	}
	p := &r.Parties[i]
	p.State, p.DecidedBy, p.DecidedAt = Refused, by, &at
	r.Status = Declined
	return nil
}

// ReadyToMatch says why the run cannot be matched yet, or nil.
func (r *Run) ReadyToMatch() *valid.FieldError {
	if r.Status != Proposed || len(r.Parties) < 2 {
		return valid.New("run", RuleState, nil)
	}
	for _, p := range r.Parties {
		switch {
		case p.State != Approved:
			return valid.New("run", RuleState, nil)
		case p.Count < r.MinSize:
			return valid.New("cases", RuleBelowMinimum, map[string]any{"Min": r.MinSize, "Count": p.Count})
		case p.Fingerprint != r.Parties[0].Fingerprint:
			return valid.New("secret", RuleSecretMismatch, nil)
		}
	}
	return nil
}

// AllApproved reports whether every party approved (and there are two or more).
func (r *Run) AllApproved() bool {
	for _, p := range r.Parties {
		if p.State != Approved {
			return false
		}
	}
	return len(r.Parties) >= 2
}

// Proposal is a run as a coordinator asks for it, before it is read: the
// pages and the API fill it from their medium and the store reads it with
// Run, so that both refuse the same input the same way.
type Proposal struct {
	Name, From, To  string
	Parties         []string // organisation ids as written
	MinSize         *int     // nil: DefaultMinSize
	ShareMembership bool
	Force           bool // lift the repeat rule (a platform administrator only)
}

// Run reads p: the parties' ids, the minimum size (when given, at least
// FloorMinSize) and the rules of Run.Validate, every error at once.
func (p Proposal) Run() (Run, valid.Errors) {
	r := Run{Name: p.Name, From: p.From, To: p.To, ShareMembership: p.ShareMembership}
	var es valid.Errors
	for _, s := range p.Parties {
		id, err := uuid.Parse(s)
		if err != nil {
			es.Add(valid.New("parties", valid.RuleUUID, nil))
			continue
		}
		r.Parties = append(r.Parties, Party{OrgID: id})
	}
	if p.MinSize != nil {
		// Zero would mean the default to Validate; given, it is a bad value.
		if *p.MinSize < FloorMinSize {
			es.Add(valid.New("min_size", RuleMinSize, map[string]any{"Min": FloorMinSize}))
		}
		r.MinSize = *p.MinSize
	}
	for _, e := range r.Validate() {
		if !es.Has(e.Field, e.Rule) {
			es = append(es, e)
		}
	}
	return r, es
}

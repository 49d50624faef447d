package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// Case register.
//
// Personal data (casework.Person, places and dates of events, the private
// part of the justice track (case_justice.go), the closure reason, note
// bodies, attachment names and contents, plan texts and providers, screening
// facts and results) is sealed with the person's own subject key
// (Keys().SealSubject with the case ID as subject), so erasing a case is
// destroying one key; docs/data-protection.md lists every column. Names are
// also indexed by keyed blind indexes (case_name_index) and the birth date by
// one more (cases.birth_hash), each name index paired with it too
// (case_birth_name_index, see case_index.go), so search and the similar-case
// warning never decrypt anything but the page shown, and read index ranges as
// short as their answer. Everything else is a de-identified fact kept in
// clear for filters and
// statistics.
//
// Notes for callers:
//   - Sealing makes the subject key in its own short transaction before the
//     case's transaction (the SQLite writer is one connection), so a failed
//     create may leave a key with no case: it holds nothing personal.
//   - CreateCase/CreateCases: the system actor may set c.OrgID; others create
//     in their own organisation. AssignedTo must be a member (valid rule
//     "one_of" on "assigned_to"). CreateCases errors are "cases[i].<field>".
//   - UpdateCase refuses (ErrConflict) when c.UpdatedAt is set and differs from
//     the stored value (someone else saved in between), and on an erased case.
//     Sub-records (notes, plan, ...) do not change the case's UpdatedAt.
//   - ApproveClosure by the requester is ErrForbidden; a workflow step that is
//     not allowed from the current state is valid.Errors rule "transition".
//   - ListCases orders by case ID, newest first (IDs are UUIDv7); Total counts
//     matches up to CaseTotalCap. A Name search is audited ("case.search",
//     with the count) after the read. System and platform actors have no
//     register (ErrNotFound / ErrForbidden).
//   - RecordScreening (screening.go) is the one owner of recording a
//     screening; bad facts are identify's *FieldError (fault kind Invalid).
//   - Reads of a case's sealed data go through ReadCaseFile (case_file.go):
//     GetCaseFile reads the whole file for the case page and the API, GetCase
//     and the List* methods read one part; each call is one "case.read"
//     entry (detail "parts=..."). Who may use a case is casework.MayAccess,
//     applied by caseAccess (scope.go).
//   - Giving and withdrawing consent are owned by AddConsent (normalises
//     with casework.Consent.Normalise, validates, records, audits) and
//     WithdrawConsent(ctx, caseID, consentID); pages and API only translate.
//   - AddAttachment: rule "too_large" (params max_bytes) or "required" on
//     field "data", "one_of" on "content_type" (the sniffed type), "required"
//     / "too_long" on "name". Adding personal data to an erased case is
//     ErrConflict.
//   - Plan objective, provider, outcome and follow-up notes are sealed too.
//   - EraseCase on an erased case only shreds the key again (no error).
//   - ApplyRetention: system actor only.

// CaseTotalCap bounds CasePage.Total: counting stops there.
const CaseTotalCap = 1000

// Rule ids the case store adds to valid's and casework's.
const (
	RuleTooLarge = "too_large" // Params["max_bytes"]
)

// CaseFilter narrows ListCases. Zero values do not filter.
type CaseFilter struct {
	Status       []casework.Status
	Exploitation string    // one of casework.ExploitationTypes
	Country      string    // ISO alpha-3: citizenship or any event country
	AgeGroup     string    // casework.Case.AgeGroup values
	AssignedTo   uuid.UUID // the caseworker
	Code         string    // exact code or its beginning
	Name         string    // every token must match a name token (blind index)
	Limit        int       // default 50, at most 200
	Cursor       string    // CasePage.Next of the previous page
}

// CaseSummary is one line of a list.
type CaseSummary struct {
	ID               uuid.UUID
	Code             string
	Status           casework.Status
	ClosureRequested bool
	AssignedTo       uuid.UUID
	Gender           string
	AgeGroup         string
	Citizenship      string
	Exploitation     []string
	Route            casework.Route
	DisplayName      string // given and family name; "" once erased
	UpdatedAt        time.Time
	Erased           bool
}

// CasePage is a page of a list.
type CasePage struct {
	Items []CaseSummary
	Next  string // cursor of the next page, "" at the end
	Total int    // matching cases, at most CaseTotalCap
}

// AgeGroups lists the values of casework.Case.AgeGroup.
var AgeGroups = casework.AgeGroups

// caseActor checks that the actor may exercise p on cases at all; the
// organisation is checked by loading the case within the actor's
// organisation (another organisation's case is ErrNotFound).
func caseActor(ctx context.Context, p auth.Permission) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, err
	}
	if !a.Can(p) {
		return a, ErrForbidden
	}
	return a, nil
}

// scopeOrg is the organisation whose cases a may see: its own; the system
// sees every organisation (uuid.Nil: no restriction).
func scopeOrg(a auth.Actor) uuid.UUID {
	if a.System {
		return uuid.Nil
	}
	return a.OrgID
}

// caseOrg returns the organisation of case id within a's scope (the
// organisation acted for is in the query; the system sees every one).
func (db *DB) caseOrg(ctx context.Context, q querier, a auth.Actor, id uuid.UUID) (uuid.UUID, error) {
	query, args := `SELECT organisation_id FROM cases WHERE id = $1`, []any{id}
	if s := scopeOrg(a); s != uuid.Nil {
		query += ` AND organisation_id = $2`
		args = append(args, s)
	}
	var org uuid.UUID
	if err := db.rowOn(ctx, q, query, args...).Scan(&org); err != nil {
		return org, notFound(err)
	}
	return org, nil
}

// querier is what *sql.DB, *sql.Tx and *tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// rowOn runs a one-row query on q, through the prepared-statement cache
// when q is the reader pool.
func (db *DB) rowOn(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	if d, ok := q.(*sql.DB); ok && d == db.r {
		return db.readRow(ctx, query, args...)
	}
	return q.QueryRowContext(ctx, query, args...)
}

// sealer seals and opens one case's personal data.
type sealer struct {
	db       *DB
	org, cid uuid.UUID
}

func (db *DB) subject(org, caseID uuid.UUID) sealer { return sealer{db, org, caseID} }

func aadFor(column string, id uuid.UUID) []byte { return []byte(column + "|" + id.String()) }

// seal returns nil for an empty value (nothing to keep).
func (s sealer) seal(ctx context.Context, column string, id uuid.UUID, plain []byte) ([]byte, error) {
	if len(plain) == 0 {
		return nil, nil
	}
	b, err := s.db.keys.SealSubject(ctx, s.org, s.cid, plain, aadFor(column, id))
	if errors.Is(err, secure.ErrKeyShredded) {
		return nil, fmt.Errorf("%w: the case was erased", ErrConflict)
	}
	return b, err
}

func (s sealer) sealString(ctx context.Context, column string, id uuid.UUID, v string) ([]byte, error) {
	return s.seal(ctx, column, id, []byte(v))
}

// open returns nil for a missing value or a shredded key (erased data).
func (s sealer) open(ctx context.Context, column string, id uuid.UUID, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, nil
	}
	b, err := s.db.keys.OpenSubject(ctx, s.org, s.cid, sealed, aadFor(column, id))
	if errors.Is(err, secure.ErrKeyShredded) || errors.Is(err, secure.ErrNoKey) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", column, err)
	}
	return b, nil
}

func (s sealer) openString(ctx context.Context, column string, id uuid.UUID, sealed []byte) (string, error) {
	b, err := s.open(ctx, column, id, sealed)
	return string(b), err
}

// private is what the person column holds: the person, the places and
// dates of events, and the private part of the justice track.
type private struct {
	Person           casework.Person `json:"p"`
	RecruitmentPlace string          `json:"rp,omitempty"`
	Places           []string        `json:"pl,omitempty"` // one per event
	Dates            []string        `json:"dt,omitempty"` // one per event
	Justice          *privateJustice `json:"j,omitempty"`
}

// publicEvent is an event without its place, and its date cut to the year
// (de-identified: the statistics count by country and year).
type publicEvent struct {
	Kind    string `json:"k"`
	Country string `json:"c"`
	Year    string `json:"y,omitempty"`
}

func joinCodes(vs []string) string { return strings.Join(vs, ",") }

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func displayName(p casework.Person) string {
	n := strings.TrimSpace(strings.TrimSpace(p.GivenName) + " " + strings.TrimSpace(p.FamilyName))
	if n == "" {
		n = strings.TrimSpace(p.OtherNames)
	}
	return n
}

func eventsJSON(evs []casework.Event) string {
	pub := make([]publicEvent, len(evs))
	for i, e := range evs {
		pub[i] = publicEvent{Kind: e.Kind, Country: e.Country, Year: yearOf(e.Date)}
	}
	b, _ := json.Marshal(pub)
	return string(b)
}

func parseEvents(s string) ([]casework.Event, error) {
	var pub []publicEvent
	if err := json.Unmarshal([]byte(s), &pub); err != nil {
		return nil, fmt.Errorf("store: case events: %w", err)
	}
	out := make([]casework.Event, len(pub))
	for i, e := range pub {
		out[i] = casework.Event{Kind: e.Kind, Country: e.Country, Date: e.Year}
	}
	return out, nil
}

// caseTags are the facets of a case (see case_tags in the migration).
func caseTags(c *casework.Case) []string {
	tags := []string{"*", "g:" + c.AgeGroup(), "u:" + c.AssignedTo.String()}
	var countries []string
	seen := map[string]bool{}
	addCountry := func(cc string) {
		if cc != "" && !seen[cc] {
			seen[cc] = true
			countries = append(countries, cc)
		}
	}
	addCountry(c.Citizenship)
	for _, e := range c.Events {
		addCountry(e.Country)
	}
	for _, cc := range countries {
		tags = append(tags, "c:"+cc)
	}
	for _, x := range c.Exploitation {
		tags = append(tags, "x:"+x)
		for _, cc := range countries {
			tags = append(tags, "xc:"+x+"|"+cc)
		}
	}
	return tags
}

// nameTokens are the normalised tokens of every name field, without repeats,
// and the normalised full name (given then family).
func nameTokens(p casework.Person) (tokens []string, full string) {
	seen := map[string]bool{}
	for _, f := range []string{p.GivenName, p.FamilyName, p.OtherNames} {
		for _, tok := range strings.Fields(secure.Normalize(f)) {
			if !seen[tok] {
				seen[tok] = true
				tokens = append(tokens, tok)
			}
		}
	}
	full = secure.Normalize(p.GivenName + " " + p.FamilyName)
	return tokens, full
}

// nameHashes are the blind indexes stored for a person, without repeats.
func (db *DB) nameHashes(ctx context.Context, org uuid.UUID, p casework.Person) ([][]byte, error) {
	tokens, full := nameTokens(p)
	if full != "" {
		tokens = append(tokens, full)
	}
	seen := map[string]bool{}
	var out [][]byte
	for _, tok := range tokens {
		h, err := db.keys.BlindIndex(ctx, org, "name", tok)
		if err != nil {
			return nil, err
		}
		if h != nil && !seen[string(h)] {
			seen[string(h)] = true
			out = append(out, h)
		}
	}
	return out, nil
}

func (db *DB) birthHash(ctx context.Context, org uuid.UUID, birth string) ([]byte, error) {
	if birth == "" {
		return nil, nil
	}
	return db.keys.BlindIndex(ctx, org, "birth_date", birth)
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

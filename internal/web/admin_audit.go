package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// auditPageSize is how many entries one page of the trail shows.
const auditPageSize = 50

// Rule for a date filter that is not YYYY-MM-DD (text "admin.error.date").
const ruleDate = "date"

// auditRow is one entry as the page shows it.
type auditRow struct {
	At         time.Time
	Actor      string // display name when the actor is a member, else the id
	Action     string // translated label, or the raw action id
	RawAction  string
	RecordType string // translated label, or the raw type
	RecordID   string
	IP         string
	Detail     string // codes and field names only, never personal data (audit.Entry's rule)
}

// auditFilters is the filter form, as submitted (re-shown as typed).
type auditFilters struct {
	Org, Actor, Action, Type, From, To string
}

func (f auditFilters) query(page int) string {
	q := url.Values{}
	for k, v := range map[string]string{"org": f.Org, "actor": f.Actor, "action": f.Action, "type": f.Type, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return "/admin/audit"
	}
	return "/admin/audit?" + q.Encode()
}

// parse turns the form into a store filter; bad values are field errors.
// Dates are whole days in UTC, "to" included.
func (f auditFilters) parse(a uuid.UUID) (org uuid.UUID, sf store.AuditFilter, es valid.Errors) {
	org = a
	if f.Org != "" {
		id, err := uuid.Parse(f.Org)
		if err != nil {
			es.Add(valid.New("org", valid.RuleUUID, nil))
		}
		org = id
	}
	if f.Actor != "" {
		id, err := uuid.Parse(f.Actor)
		if err != nil {
			es.Add(valid.New("actor", valid.RuleUUID, nil))
		}
		sf.ActorID = id
	}
	es.Add(valid.MaxLen("action", f.Action, 100), valid.MaxLen("type", f.Type, 100))
	sf.ActionPrefix, sf.RecordType = f.Action, f.Type
	day := func(field, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			es.Add(valid.New(field, ruleDate, nil))
		}
		return t
	}
	sf.From = day("from", f.From)
	if to := day("to", f.To); !to.IsZero() {
		sf.To = to.AddDate(0, 0, 1)
	}
	return org, sf, es
}

// adminAudit shows the acting organisation's trail, newest first, filtered
// and paginated. Platform administrators may name another organisation's
// chain with "org" (the platform's own chain by default). With htmx a
// filter change swaps the page's content in place (heading, actor choices and
// results follow the chosen chain); the whole page is served either way, so
// the same URL works without JavaScript.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	lang := langOf(r)
	q := r.URL.Query()
	f := auditFilters{
		Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Type: strings.TrimSpace(q.Get("type")), From: q.Get("from"), To: q.Get("to"),
	}
	if a.IsAdmin() {
		f.Org = strings.TrimSpace(q.Get("org"))
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	org, sf, es := f.parse(a.OrgID)
	data := map[string]any{
		"Title":    s.t(r, "admin.audit.title", nil),
		"Filters":  f,
		"IsAdmin":  a.IsAdmin(),
		"Actions":  auditActionOptions(lang),
		"Types":    auditTypeOptions(lang),
		"Page":     page,
		"PageSize": auditPageSize,
		"Errors":   fieldMessages(lang, es),
	}
	if len(es) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_audit", data)
		return
	}
	if err := orgInScope(a, org); err != nil {
		s.fail(w, r, err)
		return
	}
	// One more than a page tells whether there is a next page.
	sf.Limit, sf.Offset = auditPageSize+1, (page-1)*auditPageSize
	entries, err := s.db.ListAudit(r.Context(), org, sf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, actors := s.auditActors(r, org)
	more := len(entries) > auditPageSize
	if more {
		entries = entries[:auditPageSize]
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = newAuditRow(lang, e, names)
	}
	data["Entries"] = rows
	data["ActorOptions"] = actors
	if page > 1 {
		data["PrevURL"] = f.query(page - 1)
	}
	if more {
		data["NextURL"] = f.query(page + 1)
	}
	if a.IsAdmin() {
		// Platform administrators pick the chain: the platform's or an organisation's.
		orgs, err := s.db.ListOrganisations(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		opts := make([]option, len(orgs))
		for i, o := range orgs {
			opts[i] = option{Value: o.ID.String(), Label: o.Name}
			if o.ID == org {
				data["TrailOrg"] = o.Name // not "OrgName": the layout's acting organisation
			}
		}
		data["OrgOptions"] = opts
	}
	s.render(w, r, http.StatusOK, "admin_audit", data)
}

// auditActors maps the organisation's members to their display names, for
// the actor column and the actor filter. Without the right to list users
// (or for the platform chain) the page shows ids only.
func (s *Server) auditActors(r *http.Request, org uuid.UUID) (map[uuid.UUID]string, []option) {
	names := map[uuid.UUID]string{}
	if org == uuid.Nil {
		return names, nil
	}
	users, _, err := s.db.ListUsers(r.Context(), org)
	if err != nil {
		if !errors.Is(err, store.ErrForbidden) && !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("audit page: actor names unavailable", "request_id", requestID(r), "error", err.Error())
		}
		return names, nil
	}
	opts := make([]option, 0, len(users))
	for _, u := range users {
		names[u.ID] = u.DisplayName
		opts = append(opts, option{Value: u.ID.String(), Label: u.DisplayName})
	}
	return names, opts
}

func newAuditRow(lang string, e audit.Entry, names map[uuid.UUID]string) auditRow {
	row := auditRow{
		At: e.At, RawAction: e.Action, Action: auditActionLabel(lang, e.Action),
		RecordType: auditTypeLabel(lang, e.RecordType), RecordID: e.RecordID, IP: e.IP, Detail: e.Detail,
	}
	switch n, ok := names[e.ActorID]; {
	case e.ActorID == uuid.Nil && strings.HasPrefix(e.Action, "login."):
		// A sign-in attempt for an address with no account has no actor.
		row.Actor = i18n.T(lang, "admin.audit.unknown", nil)
	case e.ActorID == uuid.Nil:
		row.Actor = i18n.T(lang, "admin.audit.system", nil)
	case ok && n != "":
		row.Actor = n
	default:
		row.Actor = e.ActorID.String()
	}
	return row
}

// auditActions are the actions the store records today, in the order the
// filter shows them; each has a label "admin.audit.action.<id>". Others are
// shown by their id.
var auditActions = []string{
	"login.success", "login.fail", "logout",
	"org.create", "org.update",
	"user.create", "user.update", "user.password", "user.disable", "user.enable", "user.unlock",
	"user.totp_enable", "user.totp_disable", "user.recovery_code_use",
	"membership.set", "membership.remove",
	"token.create", "token.revoke",
	"key.create", "key.rewrap", "subject.shred",
}

// auditTypes are the record types the store names.
var auditTypes = []string{"organisation", "user", "api_token", "data_key", "subject"}

func auditActionLabel(lang, action string) string {
	id := "admin.audit.action." + action
	if i18n.Has(lang, id) {
		return i18n.T(lang, id, nil)
	}
	return action
}

// auditActionOptions offers each family ("user.") and each known action.
func auditActionOptions(lang string) []option {
	var out []option
	seen := map[string]bool{}
	for _, act := range auditActions {
		fam, _, ok := strings.Cut(act, ".")
		if ok && !seen[fam] {
			seen[fam] = true
			out = append(out, option{Value: fam + ".", Label: i18n.T(lang, "admin.audit.family."+fam, nil)})
		}
		out = append(out, option{Value: act, Label: auditActionLabel(lang, act)})
	}
	return out
}

func auditTypeLabel(lang, t string) string {
	id := "admin.audit.type." + t
	if t != "" && i18n.Has(lang, id) {
		return i18n.T(lang, id, nil)
	}
	return t
}

func auditTypeOptions(lang string) []option {
	out := make([]option, len(auditTypes))
	for i, t := range auditTypes {
		out[i] = option{Value: t, Label: auditTypeLabel(lang, t)}
	}
	return out
}

package notify

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Kind is what happened. The list is closed: a caller adds its kind here,
// with its messages in the catalogue (notify.kind.<kind>).
type Kind string

// The kinds of events.
const (
	// LinkrunProposed: a linkage run names the recipient's organisation as a
	// party (to its administrators).
	LinkrunProposed Kind = "linkrun.proposed"
	// LinkrunAnswered: a party approved or declined a run (to the
	// coordinator's side); Status is approved or declined.
	LinkrunAnswered Kind = "linkrun.answered"
	// LinkrunMatched: a run was matched (to every party).
	LinkrunMatched Kind = "linkrun.matched"
	// ReferralReceived: a referral arrived for the recipient's organisation.
	ReferralReceived Kind = "referral.received"
	// ReferralStatus: a referral moved on; Status is its new status.
	ReferralStatus Kind = "referral.status"
	// ReferralOverdue: a referral's acknowledgement is overdue (to
	// supervisors).
	ReferralOverdue Kind = "referral.overdue"
)

// Kinds lists every kind, in the order forms show them.
var Kinds = []Kind{LinkrunProposed, LinkrunAnswered, LinkrunMatched, ReferralReceived, ReferralStatus, ReferralOverdue}

// Statuses are the status codes an event may carry (a referral's or a linkage
// party's state): codes, never words, so that they are worded in the
// reader's language (notify.status.<status>).
var Statuses = []string{"approved", "declined", "sent", "acknowledged", "accepted", "in_service", "completed", "revoked"}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// MessageID is the catalogue id of the kind's sentence.
func (k Kind) MessageID() string { return "notify.kind." + string(k) }

// StatusMessageID is the catalogue id of a status code.
func StatusMessageID(status string) string { return "notify.status." + status }

// Rule ids of the refusals (valid.FieldError rules; catalogue
// error.<rule>).
const (
	RuleKind      = "notify_kind"
	RuleRecipient = "notify_recipient"
	RuleLink      = "notify_link"
	RuleObject    = "notify_object"
	RuleStatus    = "notify_status"
	RuleURL       = "webhook_url"
	RuleKinds     = "webhook_kinds"
	MaxLink       = 300
	MaxObjects    = 8
	MaxURL        = 500
	MaxEndpoints  = 10
	maxObjectType = 32
)

// Recipient is who receives an event, always on behalf of an organisation
// (the organisation whose webhooks hear of it too): one user, or every
// member of the organisation holding a role (e.g. all its supervisors).
type Recipient struct {
	OrgID  uuid.UUID
	UserID uuid.UUID // one user, or
	Role   string    // every member with this role
}

// ToUser addresses user acting for org.
func ToUser(org, user uuid.UUID) Recipient { return Recipient{OrgID: org, UserID: user} }

// ToRole addresses every member of org holding role.
func ToRole(org uuid.UUID, role string) Recipient { return Recipient{OrgID: org, Role: role} }

// Ref is an object an event is about: a type ("referral", "linkage_run")
// and its id. Never a case of another organisation: a receiver must be able
// to open what it is given.
type Ref struct {
	Type string    `json:"type"`
	ID   uuid.UUID `json:"id"`
}

// Event is one thing to tell: the single input of the store's notify.
type Event struct {
	Kind       Kind
	Status     string // optional, one of Statuses
	Recipients []Recipient
	Objects    []Ref
	// Link is a path inside the application ("/referrals/{id}"), without
	// query or fragment.
	Link string
	// Once: a recipient (or endpoint) already told of an event of the same
	// kind, status and objects is not told again. For sweeps that find the
	// same state every time they run (an overdue acknowledgement).
	Once bool
}

// Validate returns the event's faults (a programming error in the caller,
// reported as valid errors all the same).
func (e Event) Validate() valid.Errors {
	var es valid.Errors
	if !e.Kind.Valid() {
		es = append(es, valid.New("kind", RuleKind, nil))
	}
	if e.Status != "" && !contains(Statuses, e.Status) {
		es = append(es, valid.New("status", RuleStatus, nil))
	}
	if len(e.Recipients) == 0 {
		es = append(es, valid.New("recipients", RuleRecipient, nil))
	}
	for _, r := range e.Recipients {
		if r.OrgID == uuid.Nil || (r.UserID == uuid.Nil) == (r.Role == "") {
			es = append(es, valid.New("recipients", RuleRecipient, nil))
			break
		}
	}
	if !ValidLink(e.Link) {
		es = append(es, valid.New("link", RuleLink, nil))
	}
	if len(e.Objects) > MaxObjects {
		es = append(es, valid.New("objects", RuleObject, nil))
	}
	for _, o := range e.Objects {
		if !code(o.Type, maxObjectType) || o.ID == uuid.Nil {
			es = append(es, valid.New("objects", RuleObject, nil))
			break
		}
	}
	return es
}

// ValidLink reports whether p is a path inside the application: it starts
// with one "/", and holds only letters, digits and - _ . / (no query, so no
// free text can ride along).
func ValidLink(p string) bool {
	if len(p) == 0 || len(p) > MaxLink || p[0] != '/' || strings.HasPrefix(p, "//") || strings.Contains(p, "..") {
		return false
	}
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./", c)) {
			return false
		}
	}
	return true
}

// code reports whether s is a lower-case code of at most max bytes.
func code(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Notification is one recipient's in-application row of an event.
type Notification struct {
	ID        uuid.UUID
	EventID   uuid.UUID
	OrgID     uuid.UUID
	UserID    uuid.UUID
	Kind      Kind
	Status    string
	Objects   []Ref
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Translator is the catalogue's lookup (i18n.T), passed in so that this
// package holds no words.
type Translator func(lang, id string, data map[string]any) string

// Text is the sentence of an event of kind with status in lang: the one
// wording of pages, API and e-mails.
func Text(lang string, k Kind, status string, t Translator) string {
	var data map[string]any
	if status != "" {
		data = map[string]any{"Status": t(lang, StatusMessageID(status), nil)}
	}
	return t(lang, k.MessageID(), data)
}

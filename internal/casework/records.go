package casework

import (
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Screening is one versioned screening of a case against the Palermo
// elements (and optionally an ILO catalogue). Earlier versions are kept: a
// supervisor sees how the picture changed.
type Screening struct {
	ID               uuid.UUID
	CaseID           uuid.UUID
	Version          int // 1, 2, ... per case
	Facts            identify.Facts
	Result           identify.Result
	CatalogueVersion string // catalogue id and version, when indicators were used
	ScreenedBy       uuid.UUID
	At               time.Time
}

// Note is a dated case note; its body is personal data (encrypted).
type Note struct {
	ID     uuid.UUID
	CaseID uuid.UUID
	Body   string
	By     uuid.UUID
	At     time.Time
}

// Validate checks a note.
func (n Note) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("body", n.Body))
	es.Add(valid.MaxLen("body", n.Body, MaxNote))
	return es
}

// Attachment limits: documents and photos a caseworker needs, nothing
// executable, and small enough for a slow connection.
const MaxAttachmentBytes = 10 << 20

// AttachmentTypes are the content types accepted, by sniffed type.
var AttachmentTypes = []string{"application/pdf", "image/jpeg", "image/png", "text/plain; charset=utf-8"}

// Attachment is a file of a case; its name and content are encrypted.
type Attachment struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	Name        string
	ContentType string
	Size        int64
	By          uuid.UUID
	At          time.Time
}

// CaseFile is a case read whole, as a caseworker opens it: the case (with its
// justice track) and its records. A read names the parts it fills.
type CaseFile struct {
	Case        Case
	Screenings  []Screening // oldest version first
	Consents    []Consent   // oldest first, withdrawn ones included
	Notes       []Note      // oldest first
	Plan        []PlanItem  // in creation order, follow-ups oldest first
	Attachments []Attachment
}

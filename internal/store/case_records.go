package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// MaxAttachmentName bounds an attachment's file name.
const MaxAttachmentName = 255

// caseFor returns the organisation of a case the actor may use with p.
func (db *DB) caseFor(ctx context.Context, q querier, p auth.Permission, caseID uuid.UUID) (auth.Actor, uuid.UUID, error) {
	a, err := caseActor(ctx, p)
	if err != nil {
		return a, uuid.Nil, err
	}
	org, err := db.caseOrg(ctx, q, a, caseID)
	if err != nil {
		return a, uuid.Nil, err
	}
	return a, org, caseAccess(a, p, org)
}

// liveCase is ErrConflict when the case was erased (no new personal data).
func (t *tx) liveCase(ctx context.Context, org, caseID uuid.UUID) error {
	var erased bool
	if err := t.QueryRowContext(ctx, `SELECT erased_at IS NOT NULL FROM cases WHERE id = $1 AND organisation_id = $2`,
		caseID, org).Scan(&erased); err != nil {
		return notFound(err)
	}
	if erased {
		return fmt.Errorf("%w: the case was erased", ErrConflict)
	}
	return nil
}

func newID(id *uuid.UUID) error {
	if *id != uuid.Nil {
		return nil
	}
	v, err := uuid.NewV7()
	*id = v
	return err
}

// ListScreenings returns every version, oldest first (PermCaseRead); the
// read is audited like every read of a case file.
func (db *DB) ListScreenings(ctx context.Context, caseID uuid.UUID) ([]casework.Screening, error) {
	f, err := db.ReadCaseFile(ctx, caseID, PartScreenings)
	return f.Screenings, err
}

// AddConsent gives a consent: the one owner of that use case, whatever the
// surface (PermCaseWrite). The consent is normalised (casework.Consent
// Normalise: a purpose other than referral carries no organisation types)
// and validated before anything is written; RecordedBy is the actor and
// GivenAt defaults to now. Audited "consent.give" with the purpose.
func (db *DB) AddConsent(ctx context.Context, c *casework.Consent) error {
	a, org, err := db.caseFor(ctx, db.r, auth.PermCaseWrite, c.CaseID)
	if err != nil {
		return err
	}
	n := *c
	at := now()
	if n.GivenAt.IsZero() {
		n.GivenAt = at
	}
	n.Normalise()
	n.WithdrawnAt, n.RecordedBy = nil, a.UserID
	if es := n.Validate(at); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO case_consents (id, organisation_id, case_id, purpose, org_types,
			given_by, method, language, given_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			n.ID, org, n.CaseID, n.Purpose, joinCodes(n.OrgTypes), n.GivenBy, n.Method, n.Language, n.GivenAt,
			n.RecordedBy); err != nil {
			return fmt.Errorf("store: add consent: %w", err)
		}
		if err := t.refreshFacts(ctx, org, n.CaseID); err != nil {
			return err
		}
		t.audit(event(a, org, "consent.give", "case", n.CaseID.String(), "purpose="+string(n.Purpose)))
		return nil
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// WithdrawConsent withdraws consent consentID of case caseID now: the one
// owner of that use case (PermCaseWrite). caseID uuid.Nil accepts the
// consent's own case (the API names consents alone). Another organisation's
// consent, or one of another case, is ErrNotFound; a consent already
// withdrawn is ErrConflict. Audited "consent.withdraw" with the purpose.
// Withdrawing a referral consent revokes, in the same transaction, every
// open referral of the case to an organisation type no consent left in force
// covers, and leaves each such receiver a tombstone (referral.go).
func (db *DB) WithdrawConsent(ctx context.Context, caseID, consentID uuid.UUID) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	var shred []orgSubject
	err = db.write(ctx, func(t *tx) error {
		shred = nil
		q := `SELECT organisation_id, case_id, purpose, withdrawn_at FROM case_consents WHERE id = $1`
		args := []any{consentID}
		if s := scopeOrg(a); s != uuid.Nil {
			q += ` AND organisation_id = $2`
			args = append(args, s)
		}
		var org, cid uuid.UUID
		var purpose string
		var withdrawn sql.NullTime
		if err := t.QueryRowContext(ctx, q+db.forUpdate(), args...).Scan(&org, &cid, &purpose, &withdrawn); err != nil {
			return notFound(err)
		}
		if caseID != uuid.Nil && cid != caseID {
			return ErrNotFound
		}
		if err := caseAccess(a, auth.PermCaseWrite, org); err != nil {
			return err
		}
		if withdrawn.Valid {
			return fmt.Errorf("%w: consent already withdrawn", ErrConflict)
		}
		if _, err := t.ExecContext(ctx, `UPDATE case_consents SET withdrawn_at = $1 WHERE id = $2 AND organisation_id = $3`,
			now(), consentID, org); err != nil {
			return err
		}
		if err := t.refreshFacts(ctx, org, cid); err != nil {
			return err
		}
		t.audit(event(a, org, "consent.withdraw", "case", cid.String(), "purpose="+purpose))
		if casework.Purpose(purpose) != casework.PurposeReferral {
			return nil
		}
		// Referrals the remaining consents no longer cover end now.
		var err error
		shred, err = t.withdrawReferrals(ctx, a, org, cid)
		return err
	})
	if err != nil {
		return err
	}
	return db.shredAll(ctx, shred)
}

// ListConsents returns the case's consents, oldest first (PermCaseRead),
// audited as a read of the case file; check one with casework.Allows.
func (db *DB) ListConsents(ctx context.Context, caseID uuid.UUID) ([]casework.Consent, error) {
	f, err := db.ReadCaseFile(ctx, caseID, PartConsents)
	return f.Consents, err
}

// AddNote adds a case note (PermCaseWrite); the body is sealed. By and At
// are set.
func (db *DB) AddNote(ctx context.Context, n *casework.Note) error {
	a, org, err := db.caseFor(ctx, db.r, auth.PermCaseWrite, n.CaseID)
	if err != nil {
		return err
	}
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	c := *n
	if err := newID(&c.ID); err != nil {
		return err
	}
	c.By, c.At = a.UserID, now()
	body, err := db.subject(org, c.CaseID).sealString(ctx, "case_notes.body", c.ID, c.Body)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, c.CaseID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_notes (id, organisation_id, case_id, body, by_user, at)
			VALUES ($1, $2, $3, $4, $5, $6)`, c.ID, org, c.CaseID, body, c.By, c.At); err != nil {
			return fmt.Errorf("store: add note: %w", err)
		}
		t.audit(event(a, org, "note.create", "case", c.CaseID.String(), ""))
		return nil
	})
	if err != nil {
		return err
	}
	*n = c
	return nil
}

// ListNotes returns the case's notes, oldest first, bodies opened
// (PermCaseRead), audited as a read of the case file; after erasure the
// bodies are empty.
func (db *DB) ListNotes(ctx context.Context, caseID uuid.UUID) ([]casework.Note, error) {
	f, err := db.ReadCaseFile(ctx, caseID, PartNotes)
	return f.Notes, err
}

// AddAttachment stores a file of the case (PermCaseWrite), name and content
// sealed. The content type is sniffed (http.DetectContentType) and must be one
// of casework.AttachmentTypes; the size at most casework.MaxAttachmentBytes.
// ID, ContentType, Size, By and At are set.
func (db *DB) AddAttachment(ctx context.Context, at *casework.Attachment, data []byte) error {
	a, org, err := db.caseFor(ctx, db.r, auth.PermCaseWrite, at.CaseID)
	if err != nil {
		return err
	}
	n := *at
	if n.Name = strings.TrimSpace(n.Name); n.Name != "" {
		n.Name = casework.FileName(n.Name) // never a path: "../../etc/passwd" is kept as "passwd"
	}
	n.ContentType, n.Size = http.DetectContentType(data), int64(len(data))
	var es valid.Errors
	es.Add(valid.Required("name", n.Name), valid.MaxLen("name", n.Name, MaxAttachmentName))
	switch {
	case len(data) == 0:
		es.Add(valid.New("data", valid.RuleRequired, nil))
	case len(data) > casework.MaxAttachmentBytes:
		es.Add(valid.NewKind(fault.TooLarge, "data", RuleTooLarge, map[string]any{"max_bytes": casework.MaxAttachmentBytes}))
	case !slices.Contains(casework.AttachmentTypes, n.ContentType):
		es.Add(valid.OneOf("content_type", n.ContentType, casework.AttachmentTypes...))
	}
	if len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	n.By, n.At = a.UserID, now()
	sub := db.subject(org, n.CaseID)
	name, err := sub.sealString(ctx, "case_attachments.name", n.ID, n.Name)
	if err != nil {
		return err
	}
	sealed, err := sub.seal(ctx, "case_attachments.data", n.ID, data)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, n.CaseID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_attachments (id, organisation_id, case_id, name, content_type,
			size, by_user, at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			n.ID, org, n.CaseID, name, n.ContentType, n.Size, n.By, n.At, sealed); err != nil {
			return fmt.Errorf("store: add attachment: %w", err)
		}
		t.audit(event(a, org, "attachment.create", "attachment", n.ID.String(),
			"case="+n.CaseID.String()+" type="+n.ContentType+" size="+strconv.FormatInt(n.Size, 10)))
		return nil
	})
	if err != nil {
		return err
	}
	*at = n
	return nil
}

const attachmentColumns = `id, organisation_id, case_id, name, content_type, size, by_user, at`

// ListAttachments returns the case's attachments without content, names
// opened, oldest first (PermCaseRead), audited as a read of the case file.
func (db *DB) ListAttachments(ctx context.Context, caseID uuid.UUID) ([]casework.Attachment, error) {
	f, err := db.ReadCaseFile(ctx, caseID, PartAttachments)
	return f.Attachments, err
}

// GetAttachment returns an attachment and its content (PermCaseRead),
// audited "attachment.read". After erasure Name is empty and the content nil.
func (db *DB) GetAttachment(ctx context.Context, id uuid.UUID) (casework.Attachment, []byte, error) {
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return casework.Attachment{}, nil, err
	}
	var at casework.Attachment
	var org uuid.UUID
	var name, data []byte
	q := `SELECT ` + attachmentColumns + `, data FROM case_attachments WHERE id = $1`
	args := []any{id}
	if s := scopeOrg(a); s != uuid.Nil {
		q += ` AND organisation_id = $2`
		args = append(args, s)
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.QueryRowContext(ctx, q, args...).
			Scan(&at.ID, &org, &at.CaseID, &name, &at.ContentType, &at.Size, &at.By, &at.At, &data); err != nil {
			return notFound(err)
		}
		if err := caseAccess(a, auth.PermCaseRead, org); err != nil {
			return err
		}
		t.audit(event(a, org, "attachment.read", "attachment", at.ID.String(), "case="+at.CaseID.String()))
		return nil
	})
	if err != nil {
		return casework.Attachment{}, nil, err
	}
	at.At = at.At.UTC()
	sub := db.subject(org, at.CaseID)
	if at.Name, err = sub.openString(ctx, "case_attachments.name", at.ID, name); err != nil {
		return casework.Attachment{}, nil, err
	}
	content, err := sub.open(ctx, "case_attachments.data", at.ID, data)
	if err != nil {
		return casework.Attachment{}, nil, err
	}
	return at, content, nil
}

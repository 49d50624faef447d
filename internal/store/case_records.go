package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
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
	return a, org, err
}

// liveCase is ErrConflict when the case was erased (no new personal data).
func (t *tx) liveCase(ctx context.Context, caseID uuid.UUID) error {
	var erased bool
	if err := t.QueryRowContext(ctx, `SELECT erased_at IS NOT NULL FROM cases WHERE id = $1`, caseID).Scan(&erased); err != nil {
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

// ListScreenings returns every version, oldest first (PermCaseRead).
func (db *DB) ListScreenings(ctx context.Context, caseID uuid.UUID) ([]casework.Screening, error) {
	if _, _, err := db.caseFor(ctx, db.r, auth.PermCaseRead, caseID); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, case_id, version, facts, result, catalogue_version, screened_by, at
		FROM case_screenings WHERE case_id = $1 ORDER BY version`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: list screenings: %w", err)
	}
	defer rows.Close()
	var out []casework.Screening
	for rows.Next() {
		var s casework.Screening
		var facts, result string
		if err := rows.Scan(&s.ID, &s.CaseID, &s.Version, &facts, &result, &s.CatalogueVersion, &s.ScreenedBy, &s.At); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(facts), &s.Facts); err != nil {
			return nil, fmt.Errorf("store: screening facts: %w", err)
		}
		if err := json.Unmarshal([]byte(result), &s.Result); err != nil {
			return nil, fmt.Errorf("store: screening result: %w", err)
		}
		s.At = s.At.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddConsent records a consent (PermCaseWrite); RecordedBy is the actor and
// GivenAt defaults to now.
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
	n.GivenAt = n.GivenAt.UTC().Truncate(time.Microsecond)
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
		t.audit(event(a, org, "consent.give", "case", n.CaseID.String(), "purpose="+n.Purpose))
		return nil
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// WithdrawConsent records the withdrawal of a consent now (PermCaseWrite); a
// consent already withdrawn is ErrConflict.
func (db *DB) WithdrawConsent(ctx context.Context, consentID uuid.UUID) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var org, caseID uuid.UUID
		var purpose string
		var withdrawn sql.NullTime
		if err := t.QueryRowContext(ctx, `SELECT organisation_id, case_id, purpose, withdrawn_at FROM case_consents
			WHERE id = $1`+db.forUpdate(), consentID).Scan(&org, &caseID, &purpose, &withdrawn); err != nil {
			return notFound(err)
		}
		if s := scopeOrg(a); s != uuid.Nil && s != org {
			return ErrNotFound
		}
		if withdrawn.Valid {
			return fmt.Errorf("%w: consent already withdrawn", ErrConflict)
		}
		if _, err := t.ExecContext(ctx, `UPDATE case_consents SET withdrawn_at = $1 WHERE id = $2`, now(), consentID); err != nil {
			return err
		}
		t.audit(event(a, org, "consent.withdraw", "case", caseID.String(), "purpose="+purpose))
		return nil
	})
}

// ListConsents returns the case's consents, oldest first (PermCaseRead);
// check one with casework.Allows.
func (db *DB) ListConsents(ctx context.Context, caseID uuid.UUID) ([]casework.Consent, error) {
	if _, _, err := db.caseFor(ctx, db.r, auth.PermCaseRead, caseID); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, case_id, purpose, org_types, given_by, method, language, given_at,
		withdrawn_at, recorded_by FROM case_consents WHERE case_id = $1 ORDER BY given_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: list consents: %w", err)
	}
	defer rows.Close()
	var out []casework.Consent
	for rows.Next() {
		var c casework.Consent
		var types string
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.ID, &c.CaseID, &c.Purpose, &types, &c.GivenBy, &c.Method, &c.Language, &c.GivenAt,
			&withdrawn, &c.RecordedBy); err != nil {
			return nil, err
		}
		c.OrgTypes, c.GivenAt, c.WithdrawnAt = splitCodes(types), c.GivenAt.UTC(), timePtr(withdrawn)
		out = append(out, c)
	}
	return out, rows.Err()
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
		if err := t.liveCase(ctx, c.CaseID); err != nil {
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
// (PermCaseRead); after erasure the bodies are empty.
func (db *DB) ListNotes(ctx context.Context, caseID uuid.UUID) ([]casework.Note, error) {
	_, org, err := db.caseFor(ctx, db.r, auth.PermCaseRead, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, case_id, body, by_user, at FROM case_notes WHERE case_id = $1
		ORDER BY at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: list notes: %w", err)
	}
	type sealedNote struct {
		n    casework.Note
		body []byte
	}
	var list []sealedNote
	for rows.Next() {
		var s sealedNote
		if err := rows.Scan(&s.n.ID, &s.n.CaseID, &s.body, &s.n.By, &s.n.At); err != nil {
			rows.Close()
			return nil, err
		}
		s.n.At = s.n.At.UTC()
		list = append(list, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]casework.Note, len(list))
	sub := db.subject(org, caseID)
	for i, s := range list {
		if s.n.Body, err = sub.openString(ctx, "case_notes.body", s.n.ID, s.body); err != nil {
			return nil, err
		}
		out[i] = s.n
	}
	return out, nil
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
		es.Add(valid.New("data", RuleTooLarge, map[string]any{"max_bytes": casework.MaxAttachmentBytes}))
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
		if err := t.liveCase(ctx, n.CaseID); err != nil {
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
// opened, oldest first (PermCaseRead).
func (db *DB) ListAttachments(ctx context.Context, caseID uuid.UUID) ([]casework.Attachment, error) {
	_, org, err := db.caseFor(ctx, db.r, auth.PermCaseRead, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE case_id = $1
		ORDER BY at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: list attachments: %w", err)
	}
	type sealedAtt struct {
		a    casework.Attachment
		name []byte
	}
	var list []sealedAtt
	for rows.Next() {
		var s sealedAtt
		var o uuid.UUID
		if err := rows.Scan(&s.a.ID, &o, &s.a.CaseID, &s.name, &s.a.ContentType, &s.a.Size, &s.a.By, &s.a.At); err != nil {
			rows.Close()
			return nil, err
		}
		s.a.At = s.a.At.UTC()
		list = append(list, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]casework.Attachment, len(list))
	sub := db.subject(org, caseID)
	for i, s := range list {
		if s.a.Name, err = sub.openString(ctx, "case_attachments.name", s.a.ID, s.name); err != nil {
			return nil, err
		}
		out[i] = s.a
	}
	return out, nil
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
	err = db.write(ctx, func(t *tx) error {
		if err := t.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, data FROM case_attachments WHERE id = $1`, id).
			Scan(&at.ID, &org, &at.CaseID, &name, &at.ContentType, &at.Size, &at.By, &at.At, &data); err != nil {
			return notFound(err)
		}
		if s := scopeOrg(a); s != uuid.Nil && s != org {
			return ErrNotFound
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

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
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Campaigns belong to the organisation that runs them, like trainings:
// members with PermProgrammeOwn record them, members with PermProgrammeView
// or PermProgrammeOwn read them, another organisation's id is ErrNotFound.
// A campaign's materials (name and content) are sealed under the
// organisation's data key. The identified cases counted before and after a
// campaign come from the whole register, de-identified (the country of the
// organisation that recorded the case and the day it was recorded), and
// leave the store only through campaign.Disclose.

const campaignColumns = `id, organisation_id, title, level, target_groups, channels, languages, countries, places,
	starts_on, ends_on, budget, currency, reach, reach_kind, hotline_before, hotline_after, referrals_before,
	referrals_after, created_at`

func scanCampaign(s scanner) (campaign.Campaign, error) {
	var c campaign.Campaign
	var tg, ch, lg, co string
	var hb, ha, rb, ra sql.NullInt64
	err := s.Scan(&c.ID, &c.OrgID, &c.Title, &c.Level, &tg, &ch, &lg, &co, &c.Places, &c.StartsOn, &c.EndsOn,
		&c.Budget, &c.Currency, &c.Reach, &c.ReachKind, &hb, &ha, &rb, &ra, &c.CreatedAt)
	c.TargetGroups, c.Channels, c.Languages, c.Countries = splitCodes(tg), splitCodes(ch), splitCodes(lg), splitCodes(co)
	c.HotlineBefore, c.HotlineAfter, c.ReferralsBefore, c.ReferralsAfter = int64Ptr(hb), int64Ptr(ha), int64Ptr(rb), int64Ptr(ra)
	c.CreatedAt = c.CreatedAt.UTC()
	return c, err
}

func int64Ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func nullInt64(p *int64) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *p, Valid: true}
}

// CreateCampaign records a campaign (PermProgrammeOwn) in the actor's
// organisation (the system names c.OrgID); it sets ID, OrgID, CreatedAt and
// the normalised fields on c.
func (db *DB) CreateCampaign(ctx context.Context, c *campaign.Campaign) error {
	a, org, err := programmeActor(ctx, c.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *c
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	n.ID, n.OrgID, n.CreatedAt, n.Materials = uuid.Nil, org, now(), nil
	if err := newID(&n.ID); err != nil {
		return err
	}
	err = db.write(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaigns (`+campaignColumns+`, updated_at) VALUES ($1, $2, $3, $4,
			$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
			n.ID, org, n.Title, n.Level, joinCodes(n.TargetGroups), joinCodes(n.Channels), joinCodes(n.Languages),
			joinCodes(n.Countries), n.Places, n.StartsOn, n.EndsOn, n.Budget, n.Currency, n.Reach, n.ReachKind,
			nullInt64(n.HotlineBefore), nullInt64(n.HotlineAfter), nullInt64(n.ReferralsBefore),
			nullInt64(n.ReferralsAfter), n.CreatedAt); err != nil {
			return fmt.Errorf("store: create campaign: %w", err)
		}
		tx.audit(event(a, org, "campaign.create", "campaign", n.ID.String(),
			"level="+n.Level+" countries="+joinCodes(n.Countries)))
		return nil
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// Signals are the hotline calls and referrals an organisation enters for
// the periods before and after a campaign; nil is not known.
type Signals struct {
	HotlineBefore, HotlineAfter, ReferralsBefore, ReferralsAfter *int64
}

// SetCampaignSignals records the signals entered (PermProgrammeOwn).
func (db *DB) SetCampaignSignals(ctx context.Context, id uuid.UUID, s Signals) error {
	c, err := db.campaignRow(ctx, id)
	if err != nil {
		return err
	}
	a, org, err := programmeActor(ctx, c.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	c.HotlineBefore, c.HotlineAfter, c.ReferralsBefore, c.ReferralsAfter = s.HotlineBefore, s.HotlineAfter, s.ReferralsBefore, s.ReferralsAfter
	if es := c.Validate(); len(es) > 0 {
		return es
	}
	return db.write(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET hotline_before = $1, hotline_after = $2, referrals_before = $3,
			referrals_after = $4, updated_at = $5 WHERE id = $6 AND organisation_id = $7`,
			nullInt64(s.HotlineBefore), nullInt64(s.HotlineAfter), nullInt64(s.ReferralsBefore), nullInt64(s.ReferralsAfter),
			now(), id, org); err != nil {
			return fmt.Errorf("store: campaign signals: %w", err)
		}
		tx.audit(event(a, org, "campaign.signals", "campaign", id.String(), ""))
		return nil
	})
}

// campaignRow reads a campaign row (no scope check).
func (db *DB) campaignRow(ctx context.Context, id uuid.UUID) (campaign.Campaign, error) {
	if _, err := actorOf(ctx); err != nil {
		return campaign.Campaign{}, err
	}
	c, err := scanCampaign(db.readRow(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = $1`, id))
	return c, notFound(err)
}

// GetCampaign reads a campaign with its materials' names (PermProgrammeView
// or PermProgrammeOwn, own organisation).
func (db *DB) GetCampaign(ctx context.Context, id uuid.UUID) (campaign.Campaign, error) {
	c, err := db.campaignRow(ctx, id)
	if err != nil {
		return c, err
	}
	if _, err := programmeReader(ctx, c.OrgID); err != nil {
		return campaign.Campaign{}, err
	}
	rows, err := db.read(ctx, `SELECT id, name, content_type, size FROM campaign_materials
		WHERE organisation_id = $1 AND campaign_id = $2 ORDER BY created_at, id`, c.OrgID, id)
	if err != nil {
		return campaign.Campaign{}, fmt.Errorf("store: campaign materials: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m := campaign.Material{CampaignID: id}
		var name []byte
		if err := rows.Scan(&m.ID, &name, &m.ContentType, &m.Size); err != nil {
			return campaign.Campaign{}, err
		}
		b, err := db.keys.Open(ctx, c.OrgID, name, materialAAD("name", m.ID))
		if err != nil {
			return campaign.Campaign{}, err
		}
		m.Name = string(b)
		c.Materials = append(c.Materials, m)
	}
	return c, rows.Err()
}

// ListCampaigns lists the organisation's campaigns, newest first
// (PermProgrammeView or PermProgrammeOwn).
func (db *DB) ListCampaigns(ctx context.Context) ([]campaign.Campaign, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := programmeReader(ctx, a.OrgID); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE organisation_id = $1
		ORDER BY starts_on DESC, id`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: list campaigns: %w", err)
	}
	defer rows.Close()
	var out []campaign.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListNetworkCampaigns lists every organisation's campaigns, newest first,
// for the network's calendar and map (PermProgrammeView): a campaign is
// public prevention work, and what is listed names no one. The signals an
// organisation entered stay its own (left out); opening a campaign stays
// for its organisation (GetCampaign).
func (db *DB) ListNetworkCampaigns(ctx context.Context) ([]campaign.Campaign, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && (a.IsAdmin() || !a.Can(auth.PermProgrammeView)) {
		return nil, ErrForbidden
	}
	rows, err := db.read(ctx, `SELECT `+campaignColumns+` FROM campaigns ORDER BY starts_on DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list network campaigns: %w", err)
	}
	defer rows.Close()
	var out []campaign.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		if c.OrgID != a.OrgID {
			c.HotlineBefore, c.HotlineAfter, c.ReferralsBefore, c.ReferralsAfter = nil, nil, nil, nil
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func materialAAD(part string, id uuid.UUID) []byte {
	return []byte("campaign_materials." + part + "|" + id.String())
}

// AddMaterial stores a file of a campaign (PermProgrammeOwn): at most
// campaign.MaxMaterial bytes, of the types cases accept (documents and
// images), at most campaign.MaxMaterials per campaign. Name and content are
// sealed. It sets ID, ContentType and Size on m.
func (db *DB) AddMaterial(ctx context.Context, campaignID uuid.UUID, m *campaign.Material, data []byte) error {
	c, err := db.campaignRow(ctx, campaignID)
	if err != nil {
		return err
	}
	a, org, err := programmeActor(ctx, c.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *m
	if n.Name = strings.TrimSpace(n.Name); n.Name != "" {
		n.Name = casework.FileName(n.Name)
	}
	n.CampaignID, n.ContentType, n.Size = campaignID, http.DetectContentType(data), int64(len(data))
	var es valid.Errors
	es.Add(valid.Required("name", n.Name), valid.MaxLen("name", n.Name, campaign.MaxFileName))
	switch {
	case len(data) == 0:
		es.Add(valid.New("file", valid.RuleRequired, nil))
	case len(data) > campaign.MaxMaterial:
		es.Add(valid.NewKind(fault.TooLarge, "file", RuleTooLarge, map[string]any{"max_bytes": campaign.MaxMaterial}))
	case !slices.Contains(casework.AttachmentTypes, n.ContentType):
		es.Add(valid.OneOf("file", n.ContentType, casework.AttachmentTypes...))
	}
	if len(es) > 0 {
		return es
	}
	n.ID = uuid.Nil
	if err := newID(&n.ID); err != nil {
		return err
	}
	name, err := db.keys.Seal(ctx, org, []byte(n.Name), materialAAD("name", n.ID))
	if err != nil {
		return err
	}
	sealed, err := db.keys.Seal(ctx, org, data, materialAAD("data", n.ID))
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx *tx) error {
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM campaign_materials WHERE organisation_id = $1 AND campaign_id = $2`,
			org, campaignID).Scan(&count); err != nil {
			return err
		}
		if count >= campaign.MaxMaterials {
			return valid.Errors{valid.NewKind(fault.Conflict, "file", valid.RuleTooLong, map[string]any{"max": campaign.MaxMaterials})}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_materials (id, organisation_id, campaign_id, name,
			content_type, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			n.ID, org, campaignID, name, n.ContentType, n.Size, sealed, now()); err != nil {
			return fmt.Errorf("store: add material: %w", err)
		}
		tx.audit(event(a, org, "campaign.material_add", "campaign", campaignID.String(),
			"type="+n.ContentType+" size="+strconv.FormatInt(n.Size, 10)))
		return nil
	})
	if err != nil {
		return err
	}
	*m = n
	return nil
}

// ReadMaterial returns a material and its content (PermProgrammeView or
// PermProgrammeOwn, own organisation).
func (db *DB) ReadMaterial(ctx context.Context, campaignID, id uuid.UUID) (campaign.Material, []byte, error) {
	c, err := db.campaignRow(ctx, campaignID)
	if err != nil {
		return campaign.Material{}, nil, err
	}
	if _, err := programmeReader(ctx, c.OrgID); err != nil {
		return campaign.Material{}, nil, err
	}
	m := campaign.Material{ID: id, CampaignID: campaignID}
	var name, data []byte
	if err := db.readRow(ctx, `SELECT name, content_type, size, data FROM campaign_materials
		WHERE organisation_id = $1 AND campaign_id = $2 AND id = $3`, c.OrgID, campaignID, id).Scan(
		&name, &m.ContentType, &m.Size, &data); err != nil {
		return campaign.Material{}, nil, notFound(err)
	}
	b, err := db.keys.Open(ctx, c.OrgID, name, materialAAD("name", id))
	if err != nil {
		return campaign.Material{}, nil, err
	}
	m.Name = string(b)
	if data, err = db.keys.Open(ctx, c.OrgID, data, materialAAD("data", id)); err != nil {
		return campaign.Material{}, nil, err
	}
	return m, data, nil
}

// CaseSignals are the identified cases recorded in a campaign's countries
// before it and since it started (campaign.WindowsOf), as disclosure
// control releases them: a nil count is withheld. Note and NoteParams are
// the release's note (a catalogue code), shown under the figures.
type CaseSignals struct {
	Before, After *int64
	Note          string
	NoteParams    map[string]any
}

// CampaignCaseSignals counts the cases of the whole register recorded by
// organisations of the campaign's countries in its windows (PermProgrammeView
// or PermProgrammeOwn on the campaign), and releases the two counts through
// internal/disclosure (the default policy). No case is read, only counted.
func (db *DB) CampaignCaseSignals(ctx context.Context, id uuid.UUID) (CaseSignals, error) {
	c, err := db.campaignRow(ctx, id)
	if err != nil {
		return CaseSignals{}, err
	}
	if _, err := programmeReader(ctx, c.OrgID); err != nil {
		return CaseSignals{}, err
	}
	w := campaign.WindowsOf(c)
	args := []any{w.BeforeFrom, w.BeforeTo, w.AfterFrom, w.AfterTo}
	marks := make([]string, len(c.Countries))
	for i, code := range c.Countries {
		args = append(args, code)
		marks[i] = "$" + strconv.Itoa(5+i)
	}
	var before, after int64
	err = db.readRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN c.created_at >= $1 AND c.created_at < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.created_at >= $3 AND c.created_at < $4 THEN 1 ELSE 0 END), 0)
		FROM cases c JOIN organisations o ON o.id = c.organisation_id
		WHERE o.country IN (`+strings.Join(marks, ", ")+`) AND c.created_at >= $1 AND c.created_at < $4`,
		args...).Scan(&before, &after)
	if err != nil {
		return CaseSignals{}, fmt.Errorf("store: campaign case signals: %w", err)
	}
	rel, err := disclosure.Protect(disclosure.Table{Vars: []string{"period"}, Cells: []disclosure.Cell{
		{Values: []string{"before"}, Count: before}, {Values: []string{"after"}, Count: after}}}, disclosure.DefaultPolicy())
	if err != nil {
		return CaseSignals{}, err
	}
	out := CaseSignals{Before: rel.Cells[0].Count, After: rel.Cells[1].Count}
	out.Note, out.NoteParams = rel.Message()
	return out, nil
}

// UpdateCampaign changes a campaign's description, places, dates, budget
// and reach (PermProgrammeOwn, own organisation); the signals entered and
// the materials stay as they are.
func (db *DB) UpdateCampaign(ctx context.Context, c *campaign.Campaign) error {
	old, err := db.campaignRow(ctx, c.ID)
	if err != nil {
		return err
	}
	a, org, err := programmeActor(ctx, old.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *c
	n.HotlineBefore, n.HotlineAfter, n.ReferralsBefore, n.ReferralsAfter = old.HotlineBefore, old.HotlineAfter, old.ReferralsBefore, old.ReferralsAfter
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	err = db.write(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET title = $1, level = $2, target_groups = $3, channels = $4,
			languages = $5, countries = $6, places = $7, starts_on = $8, ends_on = $9, budget = $10, currency = $11,
			reach = $12, reach_kind = $13, updated_at = $14 WHERE id = $15 AND organisation_id = $16`,
			n.Title, n.Level, joinCodes(n.TargetGroups), joinCodes(n.Channels), joinCodes(n.Languages),
			joinCodes(n.Countries), n.Places, n.StartsOn, n.EndsOn, n.Budget, n.Currency, n.Reach, n.ReachKind, now(),
			n.ID, org); err != nil {
			return fmt.Errorf("store: update campaign: %w", err)
		}
		tx.audit(event(a, org, "campaign.update", "campaign", n.ID.String(),
			"level="+n.Level+" countries="+joinCodes(n.Countries)))
		return nil
	})
	if err != nil {
		return err
	}
	n.OrgID, n.CreatedAt, n.Materials = org, old.CreatedAt, nil
	*c = n
	return nil
}

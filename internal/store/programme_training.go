package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Trainings belong to the organisation that ran them: only its members see
// the sessions (another organisation's id is ErrNotFound), members with
// PermProgrammeOwn add and read them with their participants' names (each
// read of names is audited), and the reports, which hold counts only, span
// the whole network for holders of PermProgrammeView. A participant's name
// and employer and the trainers' names are sealed under the organisation's
// data key.

// programmeActor is the actor of ctx acting for org with p (the system may
// name any organisation): another organisation is ErrNotFound.
func programmeActor(ctx context.Context, org uuid.UUID, p auth.Permission) (auth.Actor, uuid.UUID, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, uuid.Nil, err
	}
	if org == uuid.Nil {
		org = a.OrgID
	}
	if a.System {
		if org == uuid.Nil {
			return a, uuid.Nil, ErrNotFound
		}
		return a, org, nil
	}
	if err := orgAccess(a, org, p); err != nil {
		return a, uuid.Nil, err
	}
	return a, org, nil
}

// programmeReader is orgAccess for reading an organisation's programme
// records: PermProgrammeView or PermProgrammeOwn in one's own organisation.
func programmeReader(ctx context.Context, org uuid.UUID) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil || a.System {
		return a, err
	}
	if err := orgAccess(a, org, auth.PermProgrammeView); err == ErrForbidden {
		return a, orgAccess(a, org, auth.PermProgrammeOwn)
	} else if err != nil {
		return a, err
	}
	return a, nil
}

// participantSealed is what a participant's sealed column holds.
type participantSealed struct {
	Name         string `json:"n"`
	Organisation string `json:"o,omitempty"`
}

func trainersAAD(id uuid.UUID) []byte { return []byte("trainings.trainers|" + id.String()) }
func participantAAD(id uuid.UUID) []byte {
	return []byte("training_participants.person|" + id.String())
}

// CreateTraining records a session (PermProgrammeOwn) in the actor's
// organisation (the system names t.OrgID). It sets ID, OrgID and
// CreatedAt on t.
func (db *DB) CreateTraining(ctx context.Context, t *training.Training) error {
	a, org, err := programmeActor(ctx, t.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *t
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	n.ID, n.OrgID, n.CreatedAt = uuid.Nil, org, now()
	if err := newID(&n.ID); err != nil {
		return err
	}
	var trainers []byte
	if n.Trainers != "" {
		if trainers, err = db.keys.Seal(ctx, org, []byte(n.Trainers), trainersAAD(n.ID)); err != nil {
			return err
		}
	}
	err = db.write(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trainings (id, organisation_id, topic, country, place, starts_on,
			ends_on, trainers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
			n.ID, org, n.Topic, n.Country, n.Place, n.StartsOn, n.EndsOn, trainers, n.CreatedAt); err != nil {
			return fmt.Errorf("store: create training: %w", err)
		}
		tx.audit(event(a, org, "training.create", "training", n.ID.String(), "topic="+n.Topic+" country="+n.Country))
		return nil
	})
	if err != nil {
		return err
	}
	n.Participants, n.Count = nil, 0
	*t = n
	return nil
}

// AddParticipant adds one participant (PermProgrammeOwn); errors name the
// fields as they are ("pre_score"). It sets ID and TrainingID on p. Scope
// and permission are checked before the input.
func (db *DB) AddParticipant(ctx context.Context, trainingID uuid.UUID, p *training.Participant) error {
	out, err := db.addParticipants(ctx, trainingID, []training.Participant{*p}, func(ps []training.Participant) valid.Errors {
		return ps[0].Validate("")
	})
	if err != nil {
		return err
	}
	*p = out[0]
	return nil
}

// AddParticipants adds many participants at once, all or none
// (PermProgrammeOwn); errors name the row: "participants[3].profession".
func (db *DB) AddParticipants(ctx context.Context, trainingID uuid.UUID, ps []training.Participant) ([]training.Participant, error) {
	return db.addParticipants(ctx, trainingID, append([]training.Participant(nil), ps...), training.ValidateAll)
}

// trainingOrg is the organisation of training id, within the actor's scope.
func (db *DB) trainingOrg(ctx context.Context, id uuid.UUID) (uuid.UUID, error) {
	var org uuid.UUID
	if err := db.readRow(ctx, `SELECT organisation_id FROM trainings WHERE id = $1`, id).Scan(&org); err != nil {
		return uuid.Nil, notFound(err)
	}
	return org, nil
}

func (db *DB) addParticipants(ctx context.Context, trainingID uuid.UUID, ps []training.Participant,
	check func([]training.Participant) valid.Errors) ([]training.Participant, error) {
	if _, err := actorOf(ctx); err != nil {
		return nil, err
	}
	org, err := db.trainingOrg(ctx, trainingID)
	if err != nil {
		return nil, err
	}
	a, org, err := programmeActor(ctx, org, auth.PermProgrammeOwn)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		ps[i].Normalise()
	}
	if es := check(ps); len(es) > 0 {
		return nil, es
	}
	sealed := make([][]byte, len(ps))
	for i := range ps {
		ps[i].ID, ps[i].TrainingID = uuid.Nil, trainingID
		if err := newID(&ps[i].ID); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(participantSealed{Name: ps[i].Name, Organisation: ps[i].Organisation})
		if sealed[i], err = db.keys.Seal(ctx, org, b, participantAAD(ps[i].ID)); err != nil {
			return nil, err
		}
	}
	at := now()
	err = db.write(ctx, func(tx *tx) error {
		for i, p := range ps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_participants (id, organisation_id, training_id, person,
				profession, sex, attended, pre_score, post_score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				p.ID, org, trainingID, sealed[i], p.Profession, p.Sex, p.Attended, scoreArg(p.PreScore), scoreArg(p.PostScore), at); err != nil {
				return fmt.Errorf("store: add participant: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE trainings SET updated_at = $1 WHERE id = $2 AND organisation_id = $3`,
			at, trainingID, org); err != nil {
			return err
		}
		tx.audit(event(a, org, "training.participants_add", "training", trainingID.String(), "count="+strconv.Itoa(len(ps))))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

// scoreArg is a score as a column value (NULL when not taken).
func scoreArg(p *int) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

func scoreOf(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

const trainingColumns = `id, organisation_id, topic, country, place, starts_on, ends_on, trainers, created_at`

func scanTraining(s scanner) (training.Training, []byte, error) {
	var t training.Training
	var trainers []byte
	err := s.Scan(&t.ID, &t.OrgID, &t.Topic, &t.Country, &t.Place, &t.StartsOn, &t.EndsOn, &trainers, &t.CreatedAt)
	t.CreatedAt = t.CreatedAt.UTC()
	return t, trainers, err
}

// GetTraining reads a session with its participants, names opened
// (PermProgrammeOwn, own organisation), audited as a read of their names.
func (db *DB) GetTraining(ctx context.Context, id uuid.UUID) (training.Training, error) {
	if _, err := actorOf(ctx); err != nil {
		return training.Training{}, err
	}
	t, trainers, err := scanTraining(db.readRow(ctx, `SELECT `+trainingColumns+` FROM trainings WHERE id = $1`, id))
	if err != nil {
		return training.Training{}, notFound(err)
	}
	a, org, err := programmeActor(ctx, t.OrgID, auth.PermProgrammeOwn)
	if err != nil {
		return training.Training{}, err
	}
	if len(trainers) > 0 {
		b, err := db.keys.Open(ctx, org, trainers, trainersAAD(id))
		if err != nil {
			return training.Training{}, err
		}
		t.Trainers = string(b)
	}
	rows, err := db.read(ctx, `SELECT id, person, profession, sex, attended, pre_score, post_score FROM training_participants
		WHERE organisation_id = $1 AND training_id = $2 ORDER BY created_at, id`, org, id)
	if err != nil {
		return training.Training{}, fmt.Errorf("store: read participants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p := training.Participant{TrainingID: id}
		var person []byte
		var pre, post sql.NullInt64
		if err := rows.Scan(&p.ID, &person, &p.Profession, &p.Sex, &p.Attended, &pre, &post); err != nil {
			return training.Training{}, err
		}
		p.PreScore, p.PostScore = scoreOf(pre), scoreOf(post)
		b, err := db.keys.Open(ctx, org, person, participantAAD(p.ID))
		if err != nil {
			return training.Training{}, err
		}
		var ps participantSealed
		if err := json.Unmarshal(b, &ps); err != nil {
			return training.Training{}, fmt.Errorf("store: participant: %w", err)
		}
		p.Name, p.Organisation = ps.Name, ps.Organisation
		t.Participants = append(t.Participants, p)
	}
	if err := rows.Err(); err != nil {
		return training.Training{}, err
	}
	t.Count = len(t.Participants)
	err = db.write(ctx, func(tx *tx) error {
		tx.audit(event(a, org, "training.read", "training", id.String(), "participants="+strconv.Itoa(t.Count)))
		return nil
	})
	return t, err
}

// ListTrainings lists the organisation's sessions, newest first, with their
// number of participants and without names (PermProgrammeView or
// PermProgrammeOwn).
func (db *DB) ListTrainings(ctx context.Context) ([]training.Training, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := programmeReader(ctx, a.OrgID); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT t.id, t.organisation_id, t.topic, t.country, t.place, t.starts_on, t.ends_on,
		t.created_at, (SELECT COUNT(*) FROM training_participants p WHERE p.organisation_id = t.organisation_id
		AND p.training_id = t.id) FROM trainings t WHERE t.organisation_id = $1 ORDER BY t.starts_on DESC, t.id`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: list trainings: %w", err)
	}
	defer rows.Close()
	var out []training.Training
	for rows.Next() {
		var t training.Training
		if err := rows.Scan(&t.ID, &t.OrgID, &t.Topic, &t.Country, &t.Place, &t.StartsOn, &t.EndsOn, &t.CreatedAt, &t.Count); err != nil {
			return nil, err
		}
		t.CreatedAt = t.CreatedAt.UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrainingReport counts the people trained and their mean gain in score,
// grouped by one of training.ReportBy. Holders of PermProgrammeView get the
// whole network's figures (counts only), others with PermProgrammeOwn their
// organisation's.
func (db *DB) TrainingReport(ctx context.Context, by string) ([]training.Line, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if !training.ValidBy(by) {
		return nil, valid.Errors{valid.New("by", valid.RuleOneOf, map[string]any{"allowed": training.ReportBy})}
	}
	q := `SELECT t.topic, t.country, t.starts_on, p.profession, p.attended, p.pre_score, p.post_score
		FROM training_participants p JOIN trainings t ON t.id = p.training_id AND t.organisation_id = p.organisation_id`
	var args []any
	switch {
	case a.System:
	case !a.IsAdmin() && a.Can(auth.PermProgrammeView):
	case !a.IsAdmin() && a.Can(auth.PermProgrammeOwn):
		q += ` WHERE p.organisation_id = $1`
		args = append(args, a.OrgID)
	default:
		return nil, ErrForbidden
	}
	rows, err := db.read(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: training report: %w", err)
	}
	defer rows.Close()
	var list []training.Row
	for rows.Next() {
		var r training.Row
		var pre, post sql.NullInt64
		if err := rows.Scan(&r.Topic, &r.Country, &r.Year, &r.Profession, &r.Attended, &pre, &post); err != nil {
			return nil, err
		}
		r.Year = yearOf(r.Year)
		r.PreScore, r.PostScore = scoreOf(pre), scoreOf(post)
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return training.Report(list, by), nil
}

// UpdateTraining changes a session's topic, country, place, dates and
// trainers (PermProgrammeOwn, own organisation); its participants stay.
func (db *DB) UpdateTraining(ctx context.Context, t *training.Training) error {
	if _, err := actorOf(ctx); err != nil {
		return err
	}
	org, err := db.trainingOrg(ctx, t.ID)
	if err != nil {
		return err
	}
	a, org, err := programmeActor(ctx, org, auth.PermProgrammeOwn)
	if err != nil {
		return err
	}
	n := *t
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	var trainers []byte
	if n.Trainers != "" {
		if trainers, err = db.keys.Seal(ctx, org, []byte(n.Trainers), trainersAAD(n.ID)); err != nil {
			return err
		}
	}
	err = db.write(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE trainings SET topic = $1, country = $2, place = $3, starts_on = $4,
			ends_on = $5, trainers = $6, updated_at = $7 WHERE id = $8 AND organisation_id = $9`,
			n.Topic, n.Country, n.Place, n.StartsOn, n.EndsOn, trainers, now(), n.ID, org); err != nil {
			return fmt.Errorf("store: update training: %w", err)
		}
		tx.audit(event(a, org, "training.update", "training", n.ID.String(), "topic="+n.Topic+" country="+n.Country))
		return nil
	})
	if err != nil {
		return err
	}
	n.OrgID = org
	*t = n
	return nil
}

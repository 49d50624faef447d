package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// partyActor checks that the actor answers for a party of run id.
func (db *DB) partyActor(ctx context.Context, id uuid.UUID) (linkrun.Run, linkageView, error) {
	r, v, err := db.linkageRun(ctx, id)
	if err != nil {
		return r, v, err
	}
	if v.party < 0 {
		return r, v, ErrForbidden
	}
	return r, v, nil
}

// ApproveLinkageRun approves run id for the actor's organisation
// (PermLinkageApprove, a party of the run) and encodes its cases with the
// secret as written in ap (read by linkage.ParseSecret, the one rule of every
// surface), whose key is used in memory only and cleared: the eligible cases
// (linkrun.Eligible: in the period, matching the filter, not erased, with a
// consent to statistics in force) are opened, encoded under per-run
// pseudonyms and stored with their de-identified strata and the key
// fingerprint. It returns the number of cases encoded. Another
// organisation's run is ErrNotFound before the secret is read. Refused
// (linkrun.Refusal errors, nothing stored but an audit entry of the
// refusal): a secret that cannot be read or is under linkage.MinSecret
// bytes, fewer cases than the run's minimum, a key fingerprint other than
// that of a party that already approved, a run not awaiting this party's
// answer (fault.Conflict). Audited "linkage.encode" (the count) and
// "linkage.approve" in the party's and the coordinator's chains.
func (db *DB) ApproveLinkageRun(ctx context.Context, id uuid.UUID, ap linkrun.Approval) (int, error) {
	r, v, err := db.partyActor(ctx, id)
	if err != nil {
		return 0, err
	}
	a, org, f := v.a, r.Parties[v.party].OrgID, ap.Filter
	secret, err := linkage.ParseSecret(ap.Secret, ap.Encoding)
	if err != nil {
		return 0, linkrun.SecretRefusal(err)
	}
	defer clear(secret)
	if f.Status != "" {
		if fe := valid.OneOf("filter_status", f.Status, casework.Statuses...); fe != nil {
			return 0, valid.Errors{fe}
		}
	}
	fpRaw := linkage.KeyFingerprint(secret)
	fp := hex.EncodeToString(fpRaw[:])
	pkey := make([]byte, 32)
	if _, err := rand.Read(pkey); err != nil {
		return 0, err
	}
	ids, values, strata, err := db.linkageRecords(ctx, org, &r, f, pkey)
	if err != nil {
		return 0, err
	}
	// Check the rules before the work of encoding, then again under the lock.
	if fe := db.approveRule(ctx, id, org, fp, len(ids), a); fe != nil {
		db.auditRefusal(ctx, a, org, id, fe)
		return 0, linkrun.Refusal(fe)
	}
	settings, err := linkrun.Settings()
	if err != nil {
		return 0, err
	}
	enc, err := linkage.NewEncoder(settings, secret)
	if err != nil {
		return 0, err
	}
	encs, err := linkage.EncodeRecords(enc, "", ids, values, nil)
	if err != nil {
		return 0, err
	}
	var clk bytes.Buffer
	if err := linkage.WriteCLK(&clk, encs); err != nil {
		return 0, err
	}
	strataJSON, err := json.Marshal(strata)
	if err != nil {
		return 0, err
	}
	sealedKey, err := db.keys.Seal(ctx, org, pkey, []byte("linkage_parties.pseudonym_key|"+id.String()))
	if err != nil {
		return 0, err
	}
	if err := db.saveApproval(ctx, a, id, org, fp, len(ids), f, sealedKey, clk.Bytes(), string(strataJSON)); err != nil {
		return 0, err
	}
	return len(ids), nil
}

// saveApproval records an approval under the run's lock, applying the
// rules again (another party may have answered meanwhile); a refusal is
// audited and returned as valid errors.
func (db *DB) saveApproval(ctx context.Context, a auth.Actor, id, org uuid.UUID, fp string, n int, f linkrun.Filter,
	sealedKey, clk []byte, strata string) error {
	var refused *valid.FieldError
	err := db.write(ctx, func(t *tx) error {
		refused = nil
		cur, err := db.loadRun(ctx, t, id)
		if err != nil {
			return err
		}
		if refused = cur.Approve(org, fp, n, a.UserID, now()); refused != nil {
			return nil
		}
		p := cur.Parties[cur.Party(org)]
		if _, err := t.ExecContext(ctx, `UPDATE linkage_parties SET state = $1, fingerprint = $2, record_count = $3,
			filter_status = $4, filter_exploitation = $5, decided_by = $6, decided_at = $7, pseudonym_key = $8,
			clk = $9, strata = $10 WHERE run_id = $11 AND organisation_id = $12`, string(p.State), p.Fingerprint,
			p.Count, f.Status, f.Exploitation, a.UserID, *p.DecidedAt, sealedKey, clk, strata, id, org); err != nil {
			return fmt.Errorf("store: approve linkage run: %w", err)
		}
		t.audit(event(a, org, "linkage.encode", "linkage_run", id.String(), "count="+strconv.Itoa(n)))
		t.audit(event(a, org, "linkage.approve", "linkage_run", id.String(), ""))
		if cur.CoordinatorOrg != org {
			t.audit(event(a, cur.CoordinatorOrg, "linkage.approve", "linkage_run", id.String(), ""))
		}
		return db.notifyRun(ctx, t, &cur, notify.LinkrunAnswered, "approved", coordinators(&cur))
	})
	if err != nil {
		return err
	}
	if refused != nil {
		db.auditRefusal(ctx, a, org, id, refused)
		return linkrun.Refusal(refused)
	}
	return nil
}

// approveRule applies linkrun.Run.Approve to run id as stored, with the
// fingerprints of the other parties (hidden from the actor's view); nothing
// is written.
func (db *DB) approveRule(ctx context.Context, id, org uuid.UUID, fp string, n int, a auth.Actor) *valid.FieldError {
	full, err := db.loadRun(ctx, db.r, id)
	if err != nil {
		return valid.New("run", linkrun.RuleState, nil)
	}
	return full.Approve(org, fp, n, a.UserID, now())
}

// auditRefusal records a refused approval (a probe leaves a trace).
func (db *DB) auditRefusal(ctx context.Context, a auth.Actor, org, id uuid.UUID, fe *valid.FieldError) {
	_ = db.write(ctx, func(t *tx) error {
		t.audit(event(a, org, "linkage.refuse", "linkage_run", id.String(), "rule="+fe.Rule))
		return nil
	})
}

// linkageRecords opens the organisation's eligible cases for run r and
// returns their pseudonyms, field values and strata, in case order.
func (db *DB) linkageRecords(ctx context.Context, org uuid.UUID, r *linkrun.Run, f linkrun.Filter, pkey []byte) (
	ids []string, values [][]string, strata []linkrun.Stratum, err error) {
	consents, err := db.statisticsConsents(ctx, org)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE organisation_id = $1
		AND erased_at IS NULL ORDER BY id`, org)
	if err != nil {
		return nil, nil, nil, err
	}
	type loaded struct {
		c  casework.Case
		sc sealedCase
	}
	var list []loaded
	at := now()
	wide := *r
	if len(r.From) >= 4 && len(r.To) >= 4 {
		wide.From, wide.To = r.From[:4]+"-01-01", r.To[:4]+"-12-31"
	}
	for rows.Next() {
		c, sc, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		// Event dates are in clear to the year only: a case whose years fall
		// outside the period's years cannot be eligible and is not opened.
		if linkrun.Eligible(c, consents[c.ID], &wide, f, at) {
			list = append(list, loaded{c, sc})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	for _, l := range list {
		// Opened first: the period is decided on event dates, which are
		// sealed (only their year is in clear).
		c := l.c
		if err := db.openCase(ctx, &c, l.sc); err != nil {
			return nil, nil, nil, err
		}
		if !linkrun.Eligible(c, consents[c.ID], r, f, at) {
			continue
		}
		ids = append(ids, linkrun.Pseudonym(pkey, c.ID))
		values = append(values, linkrun.RecordValues(c))
		strata = append(strata, linkrun.StratumOf(c))
	}
	return ids, values, strata, nil
}

// statisticsConsents are the organisation's consents to statistics by case.
func (db *DB) statisticsConsents(ctx context.Context, org uuid.UUID) (map[uuid.UUID][]casework.Consent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT case_id, given_at, withdrawn_at FROM case_consents
		WHERE organisation_id = $1 AND purpose = $2`, org, casework.PurposeStatistics)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uuid.UUID][]casework.Consent{}
	for rows.Next() {
		c := casework.Consent{Purpose: casework.PurposeStatistics}
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.CaseID, &c.GivenAt, &withdrawn); err != nil {
			return nil, err
		}
		c.WithdrawnAt = timePtr(withdrawn)
		out[c.CaseID] = append(out[c.CaseID], c)
	}
	return out, rows.Err()
}

// DeclineLinkageRun records the actor's organisation's refusal
// (PermLinkageApprove); the run is then declined and the encodings other
// parties already gave are deleted. Audited "linkage.decline"
// in the party's and the coordinator's chains.
func (db *DB) DeclineLinkageRun(ctx context.Context, id uuid.UUID) error {
	r, v, err := db.partyActor(ctx, id)
	if err != nil {
		return err
	}
	a, org := v.a, r.Parties[v.party].OrgID
	var refused *valid.FieldError
	err = db.write(ctx, func(t *tx) error {
		refused = nil
		cur, err := db.loadRun(ctx, t, id)
		if err != nil {
			return err
		}
		if refused = cur.Decline(org, a.UserID, now()); refused != nil {
			return nil
		}
		p := cur.Parties[cur.Party(org)]
		if _, err := t.ExecContext(ctx, `UPDATE linkage_parties SET state = $1, decided_by = $2, decided_at = $3
			WHERE run_id = $4 AND organisation_id = $5`, string(p.State), a.UserID, *p.DecidedAt, id, org); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE linkage_runs SET status = $1 WHERE id = $2`, string(cur.Status), id); err != nil {
			return err
		}
		if err := purgeEncodings(ctx, t, id); err != nil {
			return err
		}
		t.audit(event(a, org, "linkage.decline", "linkage_run", id.String(), ""))
		if cur.CoordinatorOrg != org {
			t.audit(event(a, cur.CoordinatorOrg, "linkage.decline", "linkage_run", id.String(), ""))
		}
		return db.notifyRun(ctx, t, &cur, notify.LinkrunAnswered, "declined", coordinators(&cur))
	})
	if err == nil && refused != nil {
		return linkrun.Refusal(refused)
	}
	return err
}

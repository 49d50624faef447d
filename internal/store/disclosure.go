package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Tables leave the system through ReleaseTable: disclosure.Protect against
// what the same audience already received from the same dataset, recorded
// (released figures only) and audited; differential privacy spends the
// audience's budget for the dataset in the same transaction.

// PrivacyBudget is what differentially private releases of a dataset to an
// audience may spend in all, and have spent.
type PrivacyBudget struct {
	Dataset, Audience        string
	Epsilon, Delta           float64 // the totals
	EpsilonSpent, DeltaSpent float64
}

// DefaultPrivacyBudget is the budget of a dataset for an audience until a
// coordinator sets one: epsilon 10 and delta 1e-5 in all, for the life of
// the dataset (a dataset whose data change is released under a new name).
var DefaultPrivacyBudget = PrivacyBudget{Epsilon: 10, Delta: 1e-5}

// CodeBudgetSpent is the fault code of a release refused because the
// privacy budget of the dataset for the audience would be exceeded.
const CodeBudgetSpent = "disclosure.budget_spent"

// releaseHistoryLimit bounds how many earlier releases a new one is
// protected against: the most recent ones that share a variable with it
// (the linear programs grow with them; releases over other variables share
// only the grand total).
const releaseHistoryLimit = 20

// maxNameLen bounds dataset and audience names.
const maxNameLen = 200

// AudienceOf is the audience of tables released to one person: the default
// of ReleaseTable.
func AudienceOf(user uuid.UUID) string { return "user:" + user.String() }

// ReleaseTable protects t under p for audience (empty: the acting user,
// AudienceOf) and records the release. Under suppression the table is
// protected against the earlier releases of dataset to audience
// (disclosure.ProtectAgainst); under differential privacy the same question
// asked again (same dataset, audience, variables and policy) gets the
// recorded answer and spends nothing, and a new one spends p.Epsilon and
// p.Delta of the budget, refused with a fault.Conflict CodeBudgetSpent once
// the budget would be exceeded. Audited as "statistics.release" with the
// dataset, the variables and the method, never a count.
//
// ReleaseTable checks no permission of its own: it is the gate every use
// case that may show counts (case statistics, datasets, estimates) passes
// its table through, after checking its own permission. It needs an actor.
func (db *DB) ReleaseTable(ctx context.Context, dataset, audience string, t disclosure.Table, p disclosure.Policy) (disclosure.Release, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return disclosure.Release{}, err
	}
	var out disclosure.Release
	err = db.write(ctx, func(tx *tx) error {
		r, err := tx.releaseTable(ctx, a, dataset, audience, t, p)
		out = r
		return err
	})
	return out, err
}

func checkNames(dataset, audience string) error {
	var es valid.Errors
	for _, f := range []struct{ field, v string }{{"dataset", dataset}, {"audience", audience}} {
		if strings.TrimSpace(f.v) == "" {
			es.Add(valid.New(f.field, valid.RuleRequired, nil))
		} else if len(f.v) > maxNameLen {
			es.Add(valid.New(f.field, valid.RuleTooLong, map[string]any{"max": maxNameLen}))
		}
	}
	return es.OrNil()
}

// releaseTable is ReleaseTable within a transaction, for store methods that
// release a table as part of their own work.
func (t *tx) releaseTable(ctx context.Context, a auth.Actor, dataset, audience string, tab disclosure.Table, p disclosure.Policy) (disclosure.Release, error) {
	if audience == "" {
		audience = AudienceOf(a.UserID)
	}
	if err := errors.Join(checkNames(dataset, audience), p.Validate()); err != nil {
		return disclosure.Release{}, err
	}
	vars, err := json.Marshal(tab.Vars)
	if err != nil {
		return disclosure.Release{}, err
	}
	var r disclosure.Release
	switch p.Method {
	case disclosure.Differential:
		if p.MaxContributions == 0 {
			p.MaxContributions = 1
		}
		pol, _ := json.Marshal(p)
		var body string
		err := t.QueryRowContext(ctx, `SELECT released FROM releases
			WHERE dataset = $1 AND audience = $2 AND vars = $3 AND policy = $4 ORDER BY created_at LIMIT 1`,
			dataset, audience, string(vars), string(pol)).Scan(&body)
		if err == nil {
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				return disclosure.Release{}, fmt.Errorf("store: a stored release no longer reads: %w", err)
			}
			t.audit(releaseEvent(a, dataset, r, "repeat=1"))
			return r, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return disclosure.Release{}, err
		}
		if err := t.spend(ctx, dataset, audience, p.Epsilon, p.Delta); err != nil {
			return disclosure.Release{}, err
		}
		if r, err = disclosure.Protect(tab, p); err != nil {
			return disclosure.Release{}, err
		}
	default:
		history, err := t.releases(ctx, dataset, audience, tab.Vars)
		if err != nil {
			return disclosure.Release{}, err
		}
		if r, err = disclosure.ProtectAgainst(tab, p, history); err != nil {
			return disclosure.Release{}, err
		}
	}
	body, err := json.Marshal(r)
	if err != nil {
		return disclosure.Release{}, err
	}
	pol, _ := json.Marshal(r.Policy)
	sum := sha256.Sum256([]byte(string(vars) + "\x00" + string(pol) + "\x00" + string(body)))
	id := uuid.Must(uuid.NewV7())
	spentEps, spentDelta := 0.0, 0.0
	if p.Method == disclosure.Differential {
		spentEps, spentDelta = p.Epsilon, p.Delta
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO releases (id, dataset, audience, vars, policy, released, digest, epsilon, delta, released_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dataset, audience, digest) DO NOTHING`,
		id, dataset, audience, string(vars), string(pol), string(body), hex.EncodeToString(sum[:]),
		spentEps, spentDelta, a.UserID, now()); err != nil {
		return disclosure.Release{}, fmt.Errorf("store: record release: %w", err)
	}
	t.audit(releaseEvent(a, dataset, r, ""))
	return r, nil
}

// releaseEvent is the audit entry of a release: dataset, variables, method
// and its parameter, how many cells were withheld; never a count.
func releaseEvent(a auth.Actor, dataset string, r disclosure.Release, extra string) audit.Entry {
	detail := []string{"dataset=" + dataset, "vars=" + strings.Join(r.Vars, ","), "method=" + string(r.Policy.Method)}
	switch r.Policy.Method {
	case disclosure.Suppression:
		detail = append(detail, "k="+strconv.Itoa(r.Policy.K))
	case disclosure.Differential:
		detail = append(detail, "epsilon="+strconv.FormatFloat(r.Policy.Epsilon, 'g', -1, 64),
			"delta="+strconv.FormatFloat(r.Policy.Delta, 'g', -1, 64))
	}
	detail = append(detail, "withheld="+strconv.Itoa(r.Suppressed))
	if extra != "" {
		detail = append(detail, extra)
	}
	return event(a, a.OrgID, "statistics.release", "dataset", dataset, strings.Join(detail, " "))
}

// releases are the recorded releases of dataset to audience that protect a
// new table over vars (suppression and public ones sharing a variable with
// it, at most releaseHistoryLimit), oldest first.
func (t *tx) releases(ctx context.Context, dataset, audience string, vars []string) ([]disclosure.Release, error) {
	rows, err := t.QueryContext(ctx, `SELECT released FROM releases WHERE dataset = $1 AND audience = $2 AND epsilon = 0
		ORDER BY created_at DESC, id DESC`, dataset, audience)
	if err != nil {
		return nil, fmt.Errorf("store: releases: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Release
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var r disclosure.Release
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("store: a stored release no longer reads: %w", err)
		}
		shares := slices.ContainsFunc(r.Vars, func(v string) bool { return slices.Contains(vars, v) })
		if r.Policy.Method != disclosure.Differential && shares && len(out) < releaseHistoryLimit {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// spend takes epsilon and delta from the budget of dataset for audience,
// made at the default when it has none; refused (CodeBudgetSpent) when it
// would go over. One conditional update, so concurrent releases cannot both
// pass the check.
func (t *tx) spend(ctx context.Context, dataset, audience string, epsilon, delta float64) error {
	d := DefaultPrivacyBudget
	if _, err := t.ExecContext(ctx, `INSERT INTO privacy_budgets (dataset, audience, epsilon_total, delta_total, epsilon_spent, delta_spent, updated_at)
		VALUES ($1, $2, $3, $4, 0, 0, $5) ON CONFLICT (dataset, audience) DO NOTHING`, dataset, audience, d.Epsilon, d.Delta, now()); err != nil {
		return fmt.Errorf("store: budget: %w", err)
	}
	res, err := t.ExecContext(ctx, `UPDATE privacy_budgets SET epsilon_spent = epsilon_spent + $3, delta_spent = delta_spent + $4, updated_at = $5
		WHERE dataset = $1 AND audience = $2 AND epsilon_spent + $3 <= epsilon_total * (1 + 1e-9) AND delta_spent + $4 <= delta_total * (1 + 1e-9)`,
		dataset, audience, epsilon, delta, now())
	if err != nil {
		return fmt.Errorf("store: budget: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.Conflict, CodeBudgetSpent, map[string]any{"Dataset": dataset})
	}
	return nil
}

// SetPrivacyBudget sets what differentially private releases of dataset to
// audience may spend in all (auth.PermPrivacyBudget: coordinators and the
// platform). What was spent stays spent: a total below it closes the
// dataset to the audience. Audited as "statistics.budget".
func (db *DB) SetPrivacyBudget(ctx context.Context, dataset, audience string, epsilon, delta float64) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermPrivacyBudget) {
		return ErrForbidden
	}
	es := valid.Errors{}
	if err := checkNames(dataset, audience); err != nil {
		es = err.(valid.Errors)
	}
	if !(epsilon > 0) || math.IsInf(epsilon, 0) {
		es.Add(valid.New("epsilon", disclosure.RuleEpsilon, nil))
	}
	if !(delta >= 0 && delta < 1) {
		es.Add(valid.New("delta", disclosure.RuleDelta, nil))
	}
	if err := es.OrNil(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO privacy_budgets (dataset, audience, epsilon_total, delta_total, epsilon_spent, delta_spent, updated_at)
			VALUES ($1, $2, $3, $4, 0, 0, $5)
			ON CONFLICT (dataset, audience) DO UPDATE SET epsilon_total = excluded.epsilon_total, delta_total = excluded.delta_total, updated_at = excluded.updated_at`,
			dataset, audience, epsilon, delta, now()); err != nil {
			return fmt.Errorf("store: set budget: %w", err)
		}
		t.audit(event(a, a.OrgID, "statistics.budget", "dataset", dataset, "audience="+audience+
			" epsilon="+strconv.FormatFloat(epsilon, 'g', -1, 64)+" delta="+strconv.FormatFloat(delta, 'g', -1, 64)))
		return nil
	})
}

// GetPrivacyBudget returns the budget of dataset for audience and what was
// spent (the default when none was set or spent), for
// auth.PermPrivacyBudget, or for anyone about their own audience
// (AudienceOf).
func (db *DB) GetPrivacyBudget(ctx context.Context, dataset, audience string) (PrivacyBudget, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return PrivacyBudget{}, err
	}
	if audience == "" {
		audience = AudienceOf(a.UserID)
	}
	if !a.Can(auth.PermPrivacyBudget) && audience != AudienceOf(a.UserID) {
		return PrivacyBudget{}, ErrForbidden
	}
	b := DefaultPrivacyBudget
	b.Dataset, b.Audience = dataset, audience
	err = db.r.QueryRowContext(ctx, `SELECT epsilon_total, delta_total, epsilon_spent, delta_spent FROM privacy_budgets
		WHERE dataset = $1 AND audience = $2`, dataset, audience).Scan(&b.Epsilon, &b.Delta, &b.EpsilonSpent, &b.DeltaSpent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return PrivacyBudget{}, fmt.Errorf("store: budget: %w", err)
	}
	return b, nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Linkage runs. Who sees what is decided by the predicates of linkrun
// (CanSee, CoordinatorSide, SeesPartyDetails...), which the pages and the API
// use too: the coordinator's side sees its runs, every party's answer, count
// and filter, and after the match the overlap counts (LinkageResults); a
// party's administrator sees the runs it is invited to, its own details only,
// and after the match, if the run agreed to it, which of its own cases are
// known elsewhere (LinkageMembership); anyone else gets ErrNotFound. A
// platform administrator sees runs but never encodes.

// LinkageViewer is the actor as the linkage run rules see it; the store, the
// pages and the API build it here only.
func LinkageViewer(a auth.Actor) linkrun.Viewer {
	return linkrun.Viewer{OrgID: a.OrgID, Platform: a.IsAdmin(), Propose: a.Can(auth.PermLinkageRun),
		Answer: a.Can(auth.PermLinkageApprove), Estimate: a.Can(auth.PermEstimate)}
}

// linkageView is how the actor relates to a run.
type linkageView struct {
	a     auth.Actor
	v     linkrun.Viewer
	party int // index of the actor's organisation among the parties, or -1
}

func linkageAccess(a auth.Actor, r *linkrun.Run) (linkageView, error) {
	v := linkageView{a: a, v: LinkageViewer(a)}
	v.party = linkrun.PartyOf(v.v, r)
	if ok, _ := linkrun.CanSee(v.v, r); !ok {
		return v, ErrNotFound
	}
	return v, nil
}

// ProposeLinkageRun records a proposal by a coordinator (PermLinkageRun):
// ID, CoordinatorOrg, ProposedBy, Status, CreatedAt and the parties' names
// are set. Refused (valid errors, nothing written): the rules of a run
// (linkrun.Run.Validate) and an unknown organisation; then, as
// linkrun.CheckRate's refusals, more than linkrun.DefaultDaily runs by the
// same person in 24 hours (fault.RateLimited, with RetryAfter) and the same
// parties as a run of the last 24 hours unless force, which only a platform
// administrator may use (else ErrForbidden). Audited "linkage.propose".
func (db *DB) ProposeLinkageRun(ctx context.Context, r *linkrun.Run, force bool) error {
	a, err := proposer(ctx, force)
	if err != nil {
		return err
	}
	n := *r
	n.Parties = append([]linkrun.Party(nil), r.Parties...)
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	n.CoordinatorOrg, n.ProposedBy, n.Status, n.Forced = a.OrgID, a.UserID, linkrun.Proposed, force
	if a.System {
		n.CoordinatorOrg = uuid.Nil
	}
	n.CreatedAt, n.MatchedAt = now(), nil
	if n.ID, err = uuid.NewV7(); err != nil {
		return err
	}
	for i := range n.Parties {
		p := &n.Parties[i]
		if err := db.readRow(ctx, `SELECT name FROM organisations WHERE id = $1`, p.OrgID).Scan(&p.OrgName); err != nil {
			if err == sql.ErrNoRows {
				return valid.Errors{valid.New("parties", linkrun.RuleMinParties, nil)}
			}
			return err
		}
		p.State, p.Count, p.Fingerprint, p.DecidedAt, p.DecidedBy = linkrun.Pending, 0, "", nil, uuid.Nil
	}
	var refused error
	err = db.write(ctx, func(t *tx) error {
		// The limits are checked under the proposal locks, inside the
		// transaction that inserts: two concurrent proposals cannot both
		// pass on the same count.
		refused = nil
		if err := t.lockProposal(ctx, &n); err != nil {
			return err
		}
		recent, err := db.recentRuns(ctx, t, n.CreatedAt.Add(-linkrun.RepeatWindow))
		if err != nil {
			return err
		}
		if refused = linkrun.CheckRate(&n, recent, linkrun.DefaultDaily, force, n.CreatedAt); refused != nil {
			return nil
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO linkage_runs (id, organisation_id, name, proposed_by, period_from,
			period_to, share_membership, min_size, status, forced, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
			$9, $10, $11)`, n.ID, n.CoordinatorOrg, n.Name, n.ProposedBy, n.From, n.To, n.ShareMembership, n.MinSize,
			string(n.Status), n.Forced, n.CreatedAt); err != nil {
			return fmt.Errorf("store: propose linkage run: %w", err)
		}
		for i, p := range n.Parties {
			if _, err := t.ExecContext(ctx, `INSERT INTO linkage_parties (run_id, position, organisation_id, state)
				VALUES ($1, $2, $3, $4)`, n.ID, i, p.OrgID, string(p.State)); err != nil {
				return mapErr(err)
			}
		}
		detail := "parties=" + strconv.Itoa(len(n.Parties)) + " min_size=" + strconv.Itoa(n.MinSize)
		if n.Forced {
			detail += " forced"
		}
		t.audit(event(a, n.CoordinatorOrg, "linkage.propose", "linkage_run", n.ID.String(), detail))
		for _, p := range n.Parties {
			if p.OrgID != n.CoordinatorOrg {
				t.audit(event(a, p.OrgID, "linkage.invite", "linkage_run", n.ID.String(), ""))
			}
		}
		return db.notifyRun(ctx, t, &n, notify.LinkrunProposed, "", partyAdmins(&n)...)
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused
	}
	*r = n
	return nil
}

// ProposeLinkage records a proposal as the pages and the API receive it:
// the permission first, then linkrun.Proposal.Run reads it, then
// ProposeLinkageRun's rules. It returns the run as recorded.
func (db *DB) ProposeLinkage(ctx context.Context, p linkrun.Proposal) (linkrun.Run, error) {
	if _, err := proposer(ctx, p.Force); err != nil {
		return linkrun.Run{}, err
	}
	r, es := p.Run()
	if len(es) > 0 {
		return r, es
	}
	err := db.ProposeLinkageRun(ctx, &r, p.Force)
	return r, err
}

// proposer is the actor if it may propose a run (and force it, if asked).
func proposer(ctx context.Context, force bool) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, err
	}
	if force && !a.IsAdmin() || !a.Can(auth.PermLinkageRun) && !a.IsAdmin() {
		return a, ErrForbidden
	}
	return a, nil
}

// lockProposal serialises the proposals a new run's limits depend on, until
// the end of t: those of the same person (the rate limit) and those naming
// the same organisations (the repeat rule), by holding the proposer's user
// row and the parties' organisation rows (in one order, so that proposals
// cannot deadlock each other). Row locks, unlike advisory locks, also hold on
// the distributed engines that speak PostgreSQL. SQLite has one writer: the
// clauses are empty there.
func (t *tx) lockProposal(ctx context.Context, r *linkrun.Run) error {
	if r.ProposedBy != uuid.Nil {
		var one int
		err := t.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`+t.db.forNoKeyUpdate(), r.ProposedBy).Scan(&one)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
	}
	for _, org := range r.PartySet() {
		if err := t.lockOrg(ctx, org); err != nil {
			return err
		}
	}
	return nil
}

// recentRuns are the runs created since since, as t sees them, with what
// the rate limits read (proposer, status, parties), in one query: it runs
// while the proposal holds its locks.
func (db *DB) recentRuns(ctx context.Context, t *tx, since time.Time) ([]linkrun.Run, error) {
	rows, err := t.QueryContext(ctx, `SELECT r.id, r.proposed_by, r.status, r.created_at, p.organisation_id FROM linkage_runs r
		JOIN linkage_parties p ON p.run_id = r.id WHERE r.created_at >= $1 ORDER BY r.id, p.position`, since)
	if err != nil {
		return nil, fmt.Errorf("store: recent linkage runs: %w", err)
	}
	defer rows.Close()
	var out []linkrun.Run
	for rows.Next() {
		var id, by, org uuid.UUID
		var status string
		var at time.Time
		if err := rows.Scan(&id, &by, &status, &at, &org); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, linkrun.Run{ID: id, ProposedBy: by, Status: linkrun.Status(status), CreatedAt: at.UTC()})
		}
		last := &out[len(out)-1]
		last.Parties = append(last.Parties, linkrun.Party{OrgID: org})
	}
	return out, rows.Err()
}

// loadRun reads a run and its parties (no access check).
func (db *DB) loadRun(ctx context.Context, q querier, id uuid.UUID) (linkrun.Run, error) {
	var r linkrun.Run
	var status string
	var matched sql.NullTime
	err := db.rowOn(ctx, q, `SELECT id, organisation_id, name, proposed_by, period_from, period_to, share_membership,
		min_size, status, forced, created_at, matched_at FROM linkage_runs WHERE id = $1`, id).Scan(&r.ID,
		&r.CoordinatorOrg, &r.Name, &r.ProposedBy, &r.From, &r.To, &r.ShareMembership, &r.MinSize, &status, &r.Forced,
		&r.CreatedAt, &matched)
	if err != nil {
		return r, notFound(err)
	}
	r.Status, r.CreatedAt, r.MatchedAt = linkrun.Status(status), r.CreatedAt.UTC(), timePtr(matched)
	rows, err := q.QueryContext(ctx, `SELECT p.organisation_id, o.name, p.state, p.fingerprint, p.record_count,
		p.filter_status, p.filter_exploitation, p.decided_by, p.decided_at FROM linkage_parties p
		JOIN organisations o ON o.id = p.organisation_id WHERE p.run_id = $1 ORDER BY p.position`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var p linkrun.Party
		var state string
		var by uuid.NullUUID
		var at sql.NullTime
		if err := rows.Scan(&p.OrgID, &p.OrgName, &state, &p.Fingerprint, &p.Count, &p.Filter.Status,
			&p.Filter.Exploitation, &by, &at); err != nil {
			return r, err
		}
		p.State, p.DecidedBy, p.DecidedAt = linkrun.PartyState(state), by.UUID, timePtr(at)
		r.Parties = append(r.Parties, p)
	}
	return r, rows.Err()
}

// GetLinkageRun returns run id as the actor may see it (see the package
// notes above); not audited (no personal data).
func (db *DB) GetLinkageRun(ctx context.Context, id uuid.UUID) (linkrun.Run, error) {
	r, _, err := db.linkageRun(ctx, id)
	return r, err
}

func (db *DB) linkageRun(ctx context.Context, id uuid.UUID) (linkrun.Run, linkageView, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return linkrun.Run{}, linkageView{}, err
	}
	r, err := db.loadRun(ctx, db.r, id)
	if err != nil {
		return r, linkageView{}, err
	}
	v, err := linkageAccess(a, &r)
	if err != nil {
		return linkrun.Run{}, v, err
	}
	linkrun.Redact(v.v, &r)
	return r, v, nil
}

// ListLinkageRuns lists the runs the actor may see, newest first: those of
// its organisation as coordinator and those it is invited to as a party.
func (db *DB) ListLinkageRuns(ctx context.Context) ([]linkrun.Run, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var ids []uuid.UUID
	switch {
	case a.IsAdmin():
		ids, err = db.idsOf(ctx, `SELECT id FROM linkage_runs ORDER BY id DESC LIMIT 500`)
	default:
		ids, err = db.idsOf(ctx, `SELECT id FROM linkage_runs WHERE organisation_id = $1 OR id IN
			(SELECT run_id FROM linkage_parties WHERE organisation_id = $1) ORDER BY id DESC LIMIT 500`, a.OrgID)
	}
	if err != nil {
		return nil, err
	}
	out := make([]linkrun.Run, 0, len(ids))
	for _, id := range ids {
		r, err := db.loadRun(ctx, db.r, id)
		if err != nil {
			return nil, err
		}
		v, err := linkageAccess(a, &r)
		if err != nil {
			continue // e.g. a coordinator's colleague without a linkage permission
		}
		linkrun.Redact(v.v, &r)
		out = append(out, r)
	}
	return out, nil
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// storedResults is the results column of a matched run: counts only, and
// the groups as lists of party position and pseudonym (never shown).
type storedResults struct {
	Overall   linkrun.Counts                       `json:"overall"`
	Strata    map[string]map[string]linkrun.Counts `json:"strata"`
	Matched   int                                  `json:"matched"`
	Groups    [][]groupMember                      `json:"groups"`
	Threshold *linkrun.ThresholdChoice             `json:"threshold,omitempty"`
}

type groupMember struct {
	Party int    `json:"p"`
	ID    string `json:"id"`
}

// MatchLinkageRun matches run id (PermLinkageRun, coordinator's side) when
// every party approved with at least the minimum number of cases and the
// same key fingerprint (linkrun.Run.ReadyToMatch, then linkage.Compatible on
// the encodings): multi-party linkage at the default threshold. It stores
// the overlap counts, overall and by stratum, the groups (pseudonyms) and
// each party's shared pseudonyms, the threshold (chosen from the scores,
// linkrun.Threshold when they cannot tell matches apart) with the score
// histogram, and deletes the encodings. Audited "linkage.match" with the number of
// groups of two or more records.
func (db *DB) MatchLinkageRun(ctx context.Context, id uuid.UUID) (linkrun.Results, error) {
	r, v, err := db.linkageRun(ctx, id)
	if err != nil {
		return linkrun.Results{}, err
	}
	if !linkrun.CanMatch(v.v, &r) {
		return linkrun.Results{}, ErrForbidden
	}
	if fe := r.ReadyToMatch(); fe != nil {
		return linkrun.Results{}, linkrun.Refusal(fe)
	}
	encs := make([]*linkage.Encodings, len(r.Parties))
	strata := make([][]linkrun.Stratum, len(r.Parties))
	names := r.PartyNames()
	for i, p := range r.Parties {
		var clk []byte
		var st string
		if err := db.r.QueryRowContext(ctx, `SELECT clk, strata FROM linkage_parties WHERE run_id = $1
			AND organisation_id = $2`, id, p.OrgID).Scan(&clk, &st); err != nil {
			return linkrun.Results{}, err
		}
		if encs[i], err = linkage.ParseCLK(clk, p.OrgName); err != nil {
			return linkrun.Results{}, err
		}
		if err := json.Unmarshal([]byte(st), &strata[i]); err != nil {
			return linkrun.Results{}, fmt.Errorf("store: linkage strata: %w", err)
		}
	}
	if err := linkage.Compatible(encs, names); err != nil {
		return linkrun.Results{}, linkrun.Refusal(valid.New("secret", linkrun.RuleSecretMismatch, nil))
	}
	res, err := linkage.Match(encs, linkage.MatchOptions{Threshold: linkrun.Threshold, Auto: true})
	if err != nil {
		return linkrun.Results{}, err
	}
	ids := make([][]string, len(encs))
	for i, e := range encs {
		ids[i] = e.IDs
	}
	out := linkrun.Summarise(res, ids, strata)
	choice := linkrun.Choice(res)
	out.Threshold = &choice
	sr := storedResults{Overall: out.Overall, Strata: out.Strata, Matched: out.Matched, Threshold: &choice}
	for _, g := range res.Groups {
		if len(g) < 2 {
			continue
		}
		ms := make([]groupMember, len(g))
		for k, m := range g {
			ms[k] = groupMember{Party: m.Party, ID: ids[m.Party][m.Record]}
		}
		sr.Groups = append(sr.Groups, ms)
	}
	resJSON, err := json.Marshal(sr)
	if err != nil {
		return linkrun.Results{}, err
	}
	err = db.write(ctx, func(t *tx) error {
		cur, err := db.loadRun(ctx, t, id)
		if err != nil {
			return err
		}
		if cur.Status != linkrun.Proposed {
			return linkrun.Refusal(valid.New("run", linkrun.RuleState, nil))
		}
		if _, err := t.ExecContext(ctx, `UPDATE linkage_runs SET status = $1, matched_at = $2, results = $3
			WHERE id = $4`, string(linkrun.Matched), now(), string(resJSON), id); err != nil {
			return err
		}
		for i, p := range cur.Parties {
			b, err := json.Marshal(out.Shared[i])
			if err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `UPDATE linkage_parties SET shared = $1 WHERE run_id = $2
				AND organisation_id = $3`, string(b), id, p.OrgID); err != nil {
				return err
			}
		}
		if err := purgeEncodings(ctx, t, id); err != nil {
			return err
		}
		t.audit(event(v.a, cur.CoordinatorOrg, "linkage.match", "linkage_run", id.String(),
			"groups="+strconv.Itoa(out.Matched)))
		return db.notifyRun(ctx, t, &cur, notify.LinkrunMatched, "", append(partyAdmins(&cur), coordinators(&cur))...)
	})
	if err != nil {
		return linkrun.Results{}, err
	}
	out.Shared = nil
	return out, nil
}

// LinkageResults returns the overlap counts of a matched run, overall and
// by stratum, to the coordinator's side (PermLinkageRun or PermEstimate);
// the web shows them with small cells suppressed. Audited
// "linkage.view_results".
func (db *DB) LinkageResults(ctx context.Context, id uuid.UUID) (linkrun.Run, linkrun.Results, error) {
	r, v, err := db.linkageRun(ctx, id)
	if err != nil {
		return r, linkrun.Results{}, err
	}
	if !linkrun.SeesCounts(v.v, &r) {
		return r, linkrun.Results{}, ErrForbidden
	}
	if r.Status != linkrun.Matched {
		return r, linkrun.Results{}, linkrun.Refusal(valid.New("run", linkrun.RuleState, nil))
	}
	var raw string
	if err := db.r.QueryRowContext(ctx, `SELECT results FROM linkage_runs WHERE id = $1`, id).Scan(&raw); err != nil {
		return r, linkrun.Results{}, err
	}
	var sr storedResults
	if err := json.Unmarshal([]byte(raw), &sr); err != nil {
		return r, linkrun.Results{}, fmt.Errorf("store: linkage results: %w", err)
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(v.a, v.a.OrgID, "linkage.view_results", "linkage_run", id.String(), ""))
		return nil
	})
	return r, linkrun.Results{Overall: sr.Overall, Strata: sr.Strata, Matched: sr.Matched, Threshold: sr.Threshold}, err
}

// SharedCase is one of a party's own cases known to other organisations:
// its code and how many others, never which.
type SharedCase struct {
	CaseID    uuid.UUID
	Code      string
	OtherOrgs int
}

// LinkageMembership tells the actor's organisation (PermLinkageApprove, a
// party of a matched run that agreed to share membership) which of its own
// cases are in a group with another organisation. The pseudonyms are
// recomputed from the party's own key over its cases. Audited
// "linkage.view_membership" with the count.
func (db *DB) LinkageMembership(ctx context.Context, id uuid.UUID) ([]SharedCase, error) {
	r, v, err := db.partyActor(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status != linkrun.Matched {
		return nil, linkrun.Refusal(valid.New("run", linkrun.RuleState, nil))
	}
	if !linkrun.SeesMembership(v.v, &r) {
		return nil, linkrun.Refusal(valid.New("run", linkrun.RuleNotShared, nil))
	}
	org := r.Parties[v.party].OrgID
	var sealedKey []byte
	var shared string
	if err := db.r.QueryRowContext(ctx, `SELECT pseudonym_key, shared FROM linkage_parties WHERE run_id = $1
		AND organisation_id = $2`, id, org).Scan(&sealedKey, &shared); err != nil {
		return nil, notFound(err)
	}
	var byID map[string]int
	if err := json.Unmarshal([]byte(shared), &byID); err != nil {
		return nil, fmt.Errorf("store: linkage shared: %w", err)
	}
	var out []SharedCase
	if sealedKey == nil {
		// Encodings uploaded from another deployment: the ids are the
		// organisation's own, shown back as they are.
		out = make([]SharedCase, 0, len(byID))
		for pid, n := range byID {
			out = append(out, SharedCase{Code: pid, OtherOrgs: n})
		}
	} else if out, err = db.sharedCases(ctx, org, id, sealedKey, byID); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b SharedCase) int { return strings.Compare(a.Code, b.Code) })
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(v.a, org, "linkage.view_membership", "linkage_run", id.String(), "count="+strconv.Itoa(len(out))))
		return nil
	})
	return out, err
}

// sharedCases are org's cases whose pseudonym under the run's sealed key is
// in byID (pseudonym -> other organisations).
func (db *DB) sharedCases(ctx context.Context, org, run uuid.UUID, sealedKey []byte, byID map[string]int) ([]SharedCase, error) {
	pkey, err := db.keys.Open(ctx, org, sealedKey, []byte("linkage_parties.pseudonym_key|"+run.String()))
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, code FROM cases WHERE organisation_id = $1`, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SharedCase
	for rows.Next() {
		var s SharedCase
		if err := rows.Scan(&s.CaseID, &s.Code); err != nil {
			return nil, err
		}
		if n, ok := byID[linkrun.Pseudonym(pkey, s.CaseID)]; ok {
			s.OtherOrgs = n
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

// purgeEncodings deletes a run's encodings and per-record strata once the run
// is matched or declined: Bloom-filter encodings are still pseudonymous
// personal data (open to frequency attacks), and nothing reads them after
// matching, so they are not kept.
func purgeEncodings(ctx context.Context, t *tx, id uuid.UUID) error {
	_, err := t.ExecContext(ctx, `UPDATE linkage_parties SET clk = NULL, strata = '' WHERE run_id = $1`, id)
	return err
}

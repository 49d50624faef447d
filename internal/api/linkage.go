package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Linkage runs, the same flow as the web pages: a coordinator
// proposes, each party's organisation administrator approves (its cases
// encoded here with the shared secret, or encodings made elsewhere
// uploaded) or declines, the coordinator matches, and the results are
// overlap counts for the coordinator's side and, if the run agreed to it,
// each party's own cases known elsewhere. The store checks who may see and
// do what (another organisation's run is 404) and audits every step; the
// role checks here only answer 403 early, as the web does.

var linkageTags = []string{"linkage"}

// LinkageParty is one organisation of a run. Count and filter are shown to
// the coordinator's side and to the party itself only.
type LinkageParty struct {
	OrgID              uuid.UUID  `json:"org_id" format:"uuid"`
	OrgName            string     `json:"org_name"`
	State              string     `json:"state"`
	Count              *int       `json:"count,omitempty" doc:"Cases encoded; absent when not approved or not yours to see."`
	FilterStatus       string     `json:"filter_status,omitempty" doc:"The case status the party chose to encode, if any."`
	FilterExploitation string     `json:"filter_exploitation,omitempty" doc:"The form of exploitation the party chose to encode, if any."`
	DecidedAt          *time.Time `json:"decided_at,omitempty"`
}

// LinkageRun is a run as the caller may see it. The shared secret and the
// key fingerprints are never shown.
type LinkageRun struct {
	ID              uuid.UUID      `json:"id" format:"uuid"`
	Name            string         `json:"name"`
	CoordinatorOrg  uuid.UUID      `json:"coordinator_org" format:"uuid" doc:"The proposing organisation."`
	PeriodFrom      string         `json:"period_from" doc:"First day of the period (YYYY-MM-DD)."`
	PeriodTo        string         `json:"period_to" doc:"Last day of the period (YYYY-MM-DD)."`
	ShareMembership bool           `json:"share_membership" doc:"Parties may learn which of their own cases are known elsewhere."`
	MinSize         int            `json:"min_size" doc:"Minimum number of encoded cases per party."`
	Status          string         `json:"status"`
	Forced          bool           `json:"forced" doc:"A platform administrator lifted the repeat rule."`
	CreatedAt       time.Time      `json:"created_at"`
	MatchedAt       *time.Time     `json:"matched_at,omitempty"`
	ExpiresAt       *time.Time     `json:"expires_at,omitempty" doc:"While proposed: when the run expires unless matched (its encodings are then deleted)."`
	Parties         []LinkageParty `json:"parties"`
}

// linkageRunOut shows run to actor a: each party's count and filter only to
// whom linkrun.SeesPartyDetails allows (the store has blanked them already;
// the predicate decides here too what is absent rather than zero).
func linkageRunOut(a auth.Actor, r linkrun.Run) LinkageRun {
	out := LinkageRun{ID: r.ID, Name: r.Name, CoordinatorOrg: r.CoordinatorOrg, PeriodFrom: r.From, PeriodTo: r.To,
		ShareMembership: r.ShareMembership, MinSize: r.MinSize, Status: string(r.Status), Forced: r.Forced,
		CreatedAt: r.CreatedAt, MatchedAt: r.MatchedAt, ExpiresAt: r.ExpiresAt(), Parties: make([]LinkageParty, 0, len(r.Parties))}
	v := store.LinkageViewer(a)
	for i, p := range r.Parties {
		lp := LinkageParty{OrgID: p.OrgID, OrgName: p.OrgName, State: string(p.State), DecidedAt: p.DecidedAt}
		if ok, _ := linkrun.SeesPartyDetails(v, &r, i); ok {
			if p.State == linkrun.Approved {
				n := p.Count
				lp.Count = &n
			}
			lp.FilterStatus, lp.FilterExploitation = p.Filter.Status, p.Filter.Exploitation
		}
		out.Parties = append(out.Parties, lp)
	}
	return out
}

type linkageRunOutput struct{ Body LinkageRun }

type linkageListOutput struct {
	Body struct {
		Items []LinkageRun `json:"items" doc:"Newest first: the runs of your organisation as coordinator and those it is invited to."`
	}
}

type linkageProposeBody struct {
	Name            string   `json:"name" minLength:"1" doc:"A name the parties will recognise."`
	PeriodFrom      string   `json:"period_from" doc:"First day of the period (YYYY-MM-DD): cases first seen from then."`
	PeriodTo        string   `json:"period_to" doc:"Last day of the period (YYYY-MM-DD), included."`
	Parties         []string `json:"parties" doc:"The participating organisations (at least two different ones), yours included if it takes part."`
	MinSize         *int     `json:"min_size,omitempty" maximum:"1000000" doc:"Minimum number of encoded cases per party: at least 20; 50 when absent."`
	ShareMembership bool     `json:"share_membership,omitempty" doc:"Let each party learn which of its own cases are known elsewhere (never by whom). False when absent."`
	Force           bool     `json:"force,omitempty" doc:"Lift the rule against repeating the same parties within 24 hours (platform administrators only)."`
}

func (s *server) registerLinkage(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-linkage-runs", Method: http.MethodGet, Path: "/linkage/runs", Tags: linkageTags,
		Security: secured, Summary: "List the linkage runs you may see",
		Description: "Coordinators, analysts and organisation administrators; other roles get 403.",
		Errors:      []int{401, 403, 429},
	}, s.listLinkageRuns)
	huma.Register(a, huma.Operation{
		OperationID: "propose-linkage-run", Method: http.MethodPost, Path: "/linkage/runs", Tags: linkageTags,
		Security: secured, DefaultStatus: http.StatusCreated, Summary: "Propose a linkage run (coordinators)",
		Description: "At most 5 proposals per person in 24 hours, and not the same organisations twice in 24 hours " +
			"(unless a platform administrator forces it). Each party's administrator is then asked to approve or decline.",
		Errors: []int{400, 401, 403, 413, 415, 422, 429},
	}, s.proposeLinkageRun)
	huma.Register(a, huma.Operation{
		OperationID: "get-linkage-run", Method: http.MethodGet, Path: "/linkage/runs/{id}", Tags: linkageTags,
		Security: secured, Summary: "One linkage run",
		Description: "A party sees its own count, not the others'; the secret is never shown.",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.getLinkageRun)
	s.registerLinkageAnswers(a)
	s.registerLinkageResults(a)
}

func (s *server) listLinkageRuns(ctx context.Context, _ *struct{}) (*linkageListOutput, error) {
	a, _ := auth.ActorFrom(ctx)
	if ok, _ := linkrun.SeesRuns(store.LinkageViewer(a)); !ok {
		return nil, forbidden(ctx)
	}
	runs, err := s.db.ListLinkageRuns(ctx)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	out := &linkageListOutput{}
	out.Body.Items = make([]LinkageRun, 0, len(runs))
	for _, r := range runs {
		out.Body.Items = append(out.Body.Items, linkageRunOut(a, r))
	}
	return out, nil
}

func (s *server) proposeLinkageRun(ctx context.Context, in *struct{ Body linkageProposeBody }) (*linkageRunOutput, error) {
	a, _ := auth.ActorFrom(ctx)
	if !a.IsAdmin() && !a.Can(auth.PermLinkageRun) {
		return nil, forbidden(ctx)
	}
	b := in.Body
	run, err := s.db.ProposeLinkage(ctx, linkrun.Proposal{Name: b.Name, From: b.PeriodFrom, To: b.PeriodTo,
		Parties: b.Parties, MinSize: b.MinSize, ShareMembership: b.ShareMembership, Force: b.Force})
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	return &linkageRunOutput{Body: linkageRunOut(a, run)}, nil
}

func (s *server) getLinkageRun(ctx context.Context, in *IDParam) (*linkageRunOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	run, err := s.db.GetLinkageRun(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	a, _ := auth.ActorFrom(ctx)
	return &linkageRunOutput{Body: linkageRunOut(a, run)}, nil
}

package store

import (
	"context"
	"encoding/hex"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// RuleCLK is the valid rule of an uploaded encodings file that cannot be
// used (unreadable, or made with other settings than linkrun.FieldSpecs).
const RuleCLK = "linkage_clk"

// SubmitLinkageCLK approves run id for the actor's organisation
// (PermLinkageApprove) with encodings made outside this deployment
// ("passerelle link encode" with the fields of linkrun.FieldSpecs, in that
// order, and the run's shared secret), for an organisation whose cases live
// in another deployment. The organisation answers for the consent of the
// people it encoded; the record ids in the file should be opaque
// pseudonyms, and membership shows them back to it as they are. Strata are
// unknown for these records. The same rules as ApproveLinkageRun apply;
// audited the same way. A file over linkrun.MaxCLKBytes is refused
// (RuleTooLarge) before it is read.
func (db *DB) SubmitLinkageCLK(ctx context.Context, id uuid.UUID, data []byte) (int, error) {
	r, v, err := db.partyActor(ctx, id)
	if err != nil {
		return 0, err
	}
	a, org := v.a, r.Parties[v.party].OrgID
	if len(data) > linkrun.MaxCLKBytes {
		fe := valid.New("clk", RuleTooLarge, map[string]any{"max_bytes": linkrun.MaxCLKBytes})
		return 0, &fault.Error{Kind: fault.TooLarge, Code: fe.Rule, Params: fe.Params, Err: valid.Errors{fe}}
	}
	encs, err := linkage.ParseCLK(data, "clk")
	if err != nil {
		return 0, valid.Errors{valid.New("clk", RuleCLK, nil)}
	}
	settings, err := linkrun.Settings()
	if err != nil {
		return 0, err
	}
	if encs.Settings != settings.Fingerprint() || encs.Bits != settings.Bits || encs.Balanced {
		return 0, valid.Errors{valid.New("clk", RuleCLK, nil)}
	}
	fp := hex.EncodeToString(encs.Key[:])
	if fe := db.approveRule(ctx, id, org, fp, len(encs.IDs), a); fe != nil {
		db.auditRefusal(ctx, a, org, id, fe)
		return 0, linkrun.Refusal(fe)
	}
	strata, err := json.Marshal(make([]linkrun.Stratum, len(encs.IDs)))
	if err != nil {
		return 0, err
	}
	if err := db.saveApproval(ctx, a, id, org, fp, len(encs.IDs), linkrun.Filter{}, nil, data, string(strata)); err != nil {
		return 0, err
	}
	return len(encs.IDs), nil
}

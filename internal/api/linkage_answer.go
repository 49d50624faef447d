package api

import (
	"context"
	"mime"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// A party's answer to a run (its organisation administrator), and the
// coordinator's match. The secret is decoded, used in memory to encode and
// cleared; it is never stored, logged or sent back.

type linkageApproveBody struct {
	Secret             string            `json:"secret" minLength:"1" doc:"The secret shared by the parties, at least 32 bytes once decoded. Never stored nor shown back."`
	SecretEncoding     string            `json:"secret_encoding,omitempty" enum:"auto,base64,hex,text" default:"auto" doc:"How secret is written. auto, the rule of the web form and of passerelle link encode: base64 (standard or URL alphabet, padded or not) of at least 32 bytes is decoded, as passerelle link keygen and the web form write generated secrets; any other text is its UTF-8 bytes. Or only base64, only hex, or text (its UTF-8 bytes, never decoded)."`
	FilterStatus       *CaseStatus       `json:"filter_status,omitempty" doc:"Encode only the cases with this status; all when absent."`
	FilterExploitation *ExploitationType `json:"filter_exploitation,omitempty" doc:"Encode only the cases with this form of exploitation; all when absent."`
}

// LinkageAnswer is what an approval encoded.
type LinkageAnswer struct {
	RunID uuid.UUID `json:"run_id" format:"uuid"`
	Count int       `json:"count" doc:"Cases (or uploaded records) encoded."`
}

type linkageAnswerOutput struct{ Body LinkageAnswer }

// linkageUploadInput keeps the request to read its body only after the run
// is known to be the caller's: another organisation's run is 404 before a
// byte of the file is read.
type linkageUploadInput struct {
	IDParam
	contentType string
	hctx        huma.Context
}

// Resolve only notes the request; the handler reads the body.
func (in *linkageUploadInput) Resolve(ctx huma.Context) []error {
	in.contentType, in.hctx = ctx.Header("Content-Type"), ctx
	return nil
}

func (s *server) registerLinkageAnswers(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "approve-linkage-run", Method: http.MethodPost, Path: "/linkage/runs/{id}/approve",
		Tags: linkageTags, Security: secured, Summary: "Approve a run and encode your cases (organisation administrators)",
		Description: "Your cases in the period whose person agreed to statistics (and, if chosen, with the status " +
			"or form of exploitation given) are encoded with the shared secret. Refused if fewer than the run's " +
			"minimum, or if the secret differs from one a party already used (the refusal is recorded in the audit trail).",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermLinkageApprove)},
	}, s.approveLinkageRun)
	huma.Register(a, huma.Operation{
		OperationID: "upload-linkage-encodings", Method: http.MethodPost, Path: "/linkage/runs/{id}/encodings",
		Tags: linkageTags, Security: secured, Summary: "Approve a run with encodings made elsewhere (organisation administrators)",
		Description: "The body is a .clk file made with \"passerelle link encode\", the run's fields in order and the " +
			"shared secret, sent as application/octet-stream; at most 40 MiB (413 beyond). Record ids should be " +
			"opaque pseudonyms: membership shows them back as they are.",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermLinkageApprove)},
	}, s.uploadLinkageEncodings)
	huma.Register(a, huma.Operation{
		OperationID: "decline-linkage-run", Method: http.MethodPost, Path: "/linkage/runs/{id}/decline",
		Tags: linkageTags, Security: secured, Summary: "Decline a run (organisation administrators)",
		Description: "The run is then declined for every party. No body.",
		Errors:      []int{401, 403, 404, 409, 422, 429},
	}, s.declineLinkageRun)
	huma.Register(a, huma.Operation{
		OperationID: "match-linkage-run", Method: http.MethodPost, Path: "/linkage/runs/{id}/match",
		Tags: linkageTags, Security: secured, Summary: "Match a run every party approved (coordinators)",
		Description: "No body. The results are then read with GET /linkage/runs/{id}/results.",
		Errors:      []int{401, 403, 404, 409, 422, 429},
	}, s.matchLinkageRun)
	documentCLKUpload(a)
}

// documentCLKUpload describes the upload's body: the file itself.
func documentCLKUpload(a huma.API) {
	documentPostBody(a, "/linkage/runs/{id}/encodings", &huma.RequestBody{
		Required:    true,
		Description: "The .clk file.",
		Content: map[string]*huma.MediaType{
			"application/octet-stream": {Schema: a.OpenAPI().Components.Schemas.Schema(reflect.TypeOf([]byte(nil)), false, "")},
		},
	})
}

func (s *server) approveLinkageRun(ctx context.Context, in *struct {
	IDParam
	Body linkageApproveBody
}) (*linkageAnswerOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	b := in.Body
	ap := linkrun.Approval{Secret: []byte(b.Secret), Encoding: linkage.SecretEncoding(b.SecretEncoding)}
	defer clear(ap.Secret)
	if b.FilterStatus != nil {
		ap.Filter.Status = string(*b.FilterStatus)
	}
	if b.FilterExploitation != nil {
		ap.Filter.Exploitation = string(*b.FilterExploitation)
	}
	n, err := s.db.ApproveLinkageRun(ctx, id, ap)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	return &linkageAnswerOutput{Body: LinkageAnswer{RunID: id, Count: n}}, nil
}

func (s *server) uploadLinkageEncodings(ctx context.Context, in *linkageUploadInput) (*linkageAnswerOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.GetLinkageRun(ctx, id); err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	lang := langOf(ctx)
	if mt, _, _ := mime.ParseMediaType(in.contentType); mt != "application/octet-stream" {
		return nil, newProblem(lang, http.StatusUnsupportedMediaType, "api.detail.linkage_clk_type",
			fieldProblem(lang, "header.Content-Type", ruleCLKType, nil))
	}
	data, tooLarge, failed := readBounded(in.hctx, linkrun.MaxCLKBytes)
	switch {
	case failed:
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.400")
	case tooLarge:
		return nil, newProblem(lang, http.StatusRequestEntityTooLarge, "api.detail.413",
			fieldProblem(lang, "body", store.RuleTooLarge, map[string]any{"max_bytes": linkrun.MaxCLKBytes}))
	}
	n, err := s.db.SubmitLinkageCLK(ctx, id, data)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	return &linkageAnswerOutput{Body: LinkageAnswer{RunID: id, Count: n}}, nil
}

func (s *server) declineLinkageRun(ctx context.Context, in *IDParam) (*linkageRunOutput, error) {
	return s.linkageStep(ctx, in, auth.PermLinkageApprove, s.db.DeclineLinkageRun)
}

func (s *server) matchLinkageRun(ctx context.Context, in *IDParam) (*linkageRunOutput, error) {
	return s.linkageStep(ctx, in, auth.PermLinkageRun, func(ctx context.Context, id uuid.UUID) error {
		_, err := s.db.MatchLinkageRun(ctx, id)
		return err
	})
}

// linkageStep runs a one-button step on run {id} for a role with perm and
// returns the run as it is after it. Match reports a secret mismatch on the
// run, not in a body it has none of.
func (s *server) linkageStep(ctx context.Context, in *IDParam, perm auth.Permission,
	step func(context.Context, uuid.UUID) error) (*linkageRunOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	a, _ := auth.ActorFrom(ctx)
	if !a.Can(perm) {
		return nil, forbidden(ctx)
	}
	if err := step(ctx, id); err != nil {
		return nil, s.fail(ctx, where(err, runLocation("secret")))
	}
	run, err := s.db.GetLinkageRun(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, where(err, runLocation()))
	}
	return &linkageRunOutput{Body: linkageRunOut(a, run)}, nil
}

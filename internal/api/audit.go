package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/store"
)

// AuditEntry is one line of an organisation's hash-chained trail.
type AuditEntry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    uuid.UUID `json:"actor_id" format:"uuid" doc:"Who acted; the nil UUID for the system."`
	Action     string    `json:"action" doc:"e.g. user.create, login.fail, org.update."`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	IP         string    `json:"ip"`
	Detail     string    `json:"detail" doc:"Field names or codes, never personal data."`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

type auditInput struct {
	IDParam
	Actor      string    `query:"actor" format:"uuid" doc:"Only this user's actions."`
	Action     string    `query:"action" doc:"Action prefix, e.g. \"login.\" or \"user.\"."`
	RecordType string    `query:"record_type" doc:"e.g. user, organisation, api_token."`
	RecordID   string    `query:"record_id"`
	From       time.Time `query:"from" doc:"From this instant (RFC 3339), inclusive."`
	To         time.Time `query:"to" doc:"Before this instant (RFC 3339)."`
	Limit      int       `query:"limit" minimum:"1" maximum:"1000" default:"100"`
	Offset     int       `query:"offset" minimum:"0" maximum:"100000000" default:"0"`
}

type auditOutput struct {
	Body struct {
		Items      []AuditEntry `json:"items" doc:"Newest first."`
		Limit      int          `json:"limit"`
		Offset     int          `json:"offset"`
		NextOffset *int         `json:"next_offset,omitempty" doc:"Offset of the next page, when this page is full."`
	}
}

func (s *server) registerAudit(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-organisation-audit", Method: http.MethodGet, Path: "/organisations/{id}/audit",
		Tags: []string{"audit"}, Security: secured,
		Summary: "The organisation's audit trail, newest first (org_admins)",
		Errors:  []int{401, 403, 404, 422, 429},
	}, s.listAudit)
}

func (s *server) listAudit(ctx context.Context, in *auditInput) (*auditOutput, error) {
	org, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	f := store.AuditFilter{ActionPrefix: in.Action, RecordType: in.RecordType, RecordID: in.RecordID,
		From: in.From, To: in.To, Limit: in.Limit, Offset: in.Offset}
	if in.Actor != "" {
		if f.ActorID, err = uuid.Parse(in.Actor); err != nil {
			return nil, notFound(ctx)
		}
	}
	es, err := s.db.ListAudit(ctx, org, f)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &auditOutput{}
	out.Body.Items = make([]AuditEntry, 0, len(es))
	for _, e := range es {
		out.Body.Items = append(out.Body.Items, AuditEntry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, Action: e.Action,
			RecordType: e.RecordType, RecordID: e.RecordID, IP: e.IP, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	out.Body.Limit, out.Body.Offset = in.Limit, in.Offset
	if len(es) == in.Limit {
		next := in.Offset + in.Limit
		out.Body.NextOffset = &next
	}
	return out, nil
}

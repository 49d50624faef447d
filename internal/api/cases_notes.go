package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
)

type noteBody struct {
	Text string `json:"text" minLength:"1" doc:"The note; encrypted like the rest of the person's data."`
}

// Note is a dated case note.
type Note struct {
	ID     uuid.UUID `json:"id" format:"uuid"`
	CaseID uuid.UUID `json:"case_id" format:"uuid"`
	Text   string    `json:"text" doc:"Empty once the case is erased."`
	By     uuid.UUID `json:"by" format:"uuid"`
	At     time.Time `json:"at"`
}

func noteOut(n casework.Note) Note {
	return Note{ID: n.ID, CaseID: n.CaseID, Text: n.Body, By: n.By, At: n.At}
}

type noteOutput struct{ Body Note }

type noteListOutput struct {
	Body struct {
		Items []Note `json:"items" doc:"Oldest first."`
	}
}

func (s *server) registerNotes(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-case-notes", Method: http.MethodGet, Path: "/cases/{id}/notes", Tags: caseTags,
		Security: secured, Summary: "The case's notes",
		Errors: []int{401, 403, 404, 422, 429},
	}, s.listNotes)
	huma.Register(a, huma.Operation{
		OperationID: "add-case-note", Method: http.MethodPost, Path: "/cases/{id}/notes", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated, Summary: "Add a note to a case",
		Errors: []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.addNote)
}

func (s *server) listNotes(ctx context.Context, in *IDParam) (*noteListOutput, error) {
	items, err := caseRecords(s, ctx, in, s.db.ListNotes, noteOut)
	if err != nil {
		return nil, err
	}
	out := &noteListOutput{}
	out.Body.Items = items
	return out, nil
}

func (s *server) addNote(ctx context.Context, in *struct {
	IDParam
	Body noteBody
}) (*noteOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	n := casework.Note{CaseID: id, Body: in.Body.Text}
	if err := s.db.AddNote(ctx, &n); err != nil {
		// casework calls the text "body", which in the API is the request's.
		return nil, s.fail(ctx, where(onErased(err), func(f string) string {
			if f == "body" {
				return "body.text"
			}
			return inBody(f)
		}))
	}
	return &noteOutput{Body: noteOut(n)}, nil
}

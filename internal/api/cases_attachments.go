package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Attachments come as multipart/form-data (a "file" part, and optionally a
// "name" field) or as JSON with the content in base64. Neither fits huma's
// one-JSON-body model, so the operation declares no body to huma (which is
// also what lets the JSON-only middleware pass it) and reads the raw body in
// a resolver, bounded; the document gets the body's description separately.

// maxUploadBytes bounds what is read of an upload: the largest attachment in
// base64, plus room for the JSON or multipart framing.
const maxUploadBytes = (casework.MaxAttachmentBytes+2)/3*4 + 64<<10

// maxJSONUpload is the longest JSON upload that can hold an acceptable file:
// its base64, and a name of the longest kind with every character escaped.
const maxJSONUpload = (casework.MaxAttachmentBytes+2)/3*4 + 6*store.MaxAttachmentName + 64

// maxNameField bounds the multipart "name" field.
const maxNameField = 4 * store.MaxAttachmentName

// attachmentUploadBody is the JSON form of an upload (documented only).
type attachmentUploadBody struct {
	Name string `json:"name" minLength:"1" doc:"File name, e.g. attestation.pdf; encrypted."`
	Data string `json:"data" contentEncoding:"base64" doc:"The file's content in base64 (standard alphabet, padded)."`
}

// attachmentUploadForm is the multipart form of an upload (documented only).
type attachmentUploadForm struct {
	File string `json:"file" format:"binary" doc:"The file; its name is the part's filename."`
	Name string `json:"name,omitempty" doc:"A file name to use instead of the part's filename."`
}

type attachmentUploadInput struct {
	IDParam
	contentType string
	body        []byte
	tooLarge    bool
	readFailed  bool
}

// Resolve reads the raw body, at most maxUploadBytes of it; a body whose
// declared length is already too large is not read at all.
func (in *attachmentUploadInput) Resolve(ctx huma.Context) []error {
	in.contentType = ctx.Header("Content-Type")
	limit := int64(maxUploadBytes)
	if mt, _, _ := mime.ParseMediaType(in.contentType); mt == "application/json" {
		limit = maxJSONUpload
	}
	in.body, in.tooLarge, in.readFailed = readBounded(ctx, limit)
	return nil
}

// readBounded reads the request body if it is at most limit bytes.
func readBounded(ctx huma.Context, limit int64) (body []byte, tooLarge, failed bool) {
	var n int64 = -1 // unknown (chunked)
	if r, _ := humago.Unwrap(ctx); r != nil {
		n = r.ContentLength
	}
	if n > limit {
		return nil, true, false
	}
	var buf bytes.Buffer
	if n > 0 {
		buf.Grow(int(n) + 1)
	}
	if _, err := buf.ReadFrom(io.LimitReader(ctx.BodyReader(), limit+1)); err != nil {
		return nil, false, true
	}
	if int64(buf.Len()) > limit {
		return nil, true, false
	}
	return buf.Bytes(), false, false
}

// Attachment is a file of a case, without its content.
type Attachment struct {
	ID          uuid.UUID `json:"id" format:"uuid"`
	CaseID      uuid.UUID `json:"case_id" format:"uuid"`
	Name        string    `json:"name" doc:"Empty once the case is erased."`
	ContentType string    `json:"content_type" doc:"As detected from the content."`
	Size        int64     `json:"size" doc:"Bytes."`
	By          uuid.UUID `json:"by" format:"uuid"`
	At          time.Time `json:"at"`
}

func attachmentOut(a casework.Attachment) Attachment {
	return Attachment{ID: a.ID, CaseID: a.CaseID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, By: a.By, At: a.At}
}

type attachmentOutput struct{ Body Attachment }

type attachmentListOutput struct {
	Body struct {
		Items []Attachment `json:"items" doc:"Oldest first."`
	}
}

type attachmentDownload struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CSP                string `header:"Content-Security-Policy"`
	Body               []byte
}

func (s *server) registerAttachments(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-case-attachments", Method: http.MethodGet, Path: "/cases/{id}/attachments", Tags: caseTags,
		Security: secured, Summary: "The case's files (names and sizes, not contents)",
		Errors: []int{401, 403, 404, 422, 429},
	}, s.listAttachments)
	huma.Register(a, huma.Operation{
		OperationID: "add-case-attachment", Method: http.MethodPost, Path: "/cases/{id}/attachments", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Attach a file to a case",
		Description: "multipart/form-data with a file part, or JSON with the content in base64. PDF, JPEG, PNG or " +
			"UTF-8 text (detected from the content, whatever the name says), at most 10 MiB: a larger file is 413, " +
			"another type 415. Name and content are encrypted.",
		Errors: []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.addAttachment)
	huma.Register(a, huma.Operation{
		OperationID: "get-attachment", Method: http.MethodGet, Path: "/attachments/{id}", Tags: caseTags,
		Security: secured, Summary: "Download a file",
		Description: "Served as a download (Content-Disposition: attachment) with its detected type. Recorded in the audit trail.",
		Errors:      []int{401, 403, 404, 409, 422, 429},
	}, s.getAttachment)
	documentUpload(a)
}

// documentUpload describes the upload's two body forms.
func documentUpload(a huma.API) {
	reg := a.OpenAPI().Components.Schemas
	documentPostBody(a, "/cases/{id}/attachments", &huma.RequestBody{
		Required: true,
		Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: reg.Schema(reflect.TypeOf(attachmentUploadForm{}), true, "")},
			"application/json":    {Schema: reg.Schema(reflect.TypeOf(attachmentUploadBody{}), true, "")},
		},
	})
}

// documentPostBody gives the POST operation at path the body b in the
// OpenAPI document only. It edits a copy of the operation: the served one
// keeps RequestBody nil so that the JSON-only middleware lets a file
// (multipart or raw) through to the handler, which reads it itself.
func documentPostBody(a huma.API, path string, b *huma.RequestBody) {
	item := a.OpenAPI().Paths[path]
	if item == nil || item.Post == nil {
		return
	}
	op := *item.Post
	op.RequestBody = b
	item.Post = &op
}

func (s *server) listAttachments(ctx context.Context, in *IDParam) (*attachmentListOutput, error) {
	items, err := caseRecords(s, ctx, in, s.db.ListAttachments, attachmentOut)
	if err != nil {
		return nil, err
	}
	out := &attachmentListOutput{}
	out.Body.Items = items
	return out, nil
}

func (s *server) addAttachment(ctx context.Context, in *attachmentUploadInput) (*attachmentOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	lang := langOf(ctx)
	if in.readFailed {
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.400")
	}
	dataField := "body.file"
	mt, params, _ := mime.ParseMediaType(in.contentType)
	if mt == "application/json" {
		dataField = "body.data"
	}
	if in.tooLarge {
		return nil, tooLargeProblem(lang, dataField)
	}
	var name string
	var data []byte
	var perr error
	switch mt {
	case "multipart/form-data":
		name, data, perr = readUploadForm(lang, in.body, params["boundary"])
	case "application/json":
		name, data, perr = readUploadJSON(lang, in.body)
	default:
		return nil, newProblem(lang, http.StatusUnsupportedMediaType, "api.detail.upload_type",
			fieldProblem(lang, "header.Content-Type", ruleUploadType, nil))
	}
	if perr != nil {
		return nil, perr
	}
	if len(data) > casework.MaxAttachmentBytes {
		return nil, tooLargeProblem(lang, dataField)
	}
	if len(data) > 0 {
		if t := http.DetectContentType(data); !slices.Contains(casework.AttachmentTypes, t) {
			return nil, newProblem(lang, http.StatusUnsupportedMediaType, "api.detail.attachment_type",
				fieldProblem(lang, dataField, valid.RuleOneOf, map[string]any{"allowed": casework.AttachmentTypes}))
		}
	}
	at := casework.Attachment{CaseID: id, Name: name}
	if err := s.db.AddAttachment(ctx, &at, data); err != nil {
		return nil, s.fail(ctx, where(onErased(err), func(f string) string {
			if f == "data" {
				return dataField
			}
			return "body." + f
		}))
	}
	return &attachmentOutput{Body: attachmentOut(at)}, nil
}

// Rule ids of uploads.
const (
	ruleUploadType = "upload_type" // neither multipart/form-data nor application/json
	ruleBase64     = "base64"      // data is not base64
	ruleTooLarge   = store.RuleTooLarge
)

func tooLargeProblem(lang, location string) *Problem {
	return newProblem(lang, http.StatusRequestEntityTooLarge, "api.detail.attachment_too_large",
		fieldProblem(lang, location, ruleTooLarge, map[string]any{"max_bytes": casework.MaxAttachmentBytes}))
}

// readUploadForm reads the "file" part (its filename is the name unless a
// "name" field says otherwise).
func readUploadForm(lang string, body []byte, boundary string) (string, []byte, error) {
	if boundary == "" {
		return "", nil, newProblem(lang, http.StatusBadRequest, "api.detail.bad_form",
			fieldProblem(lang, "body", ruleForm, nil))
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var name, fileName string
	var data []byte
	seenFile := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, newProblem(lang, http.StatusBadRequest, "api.detail.bad_form",
				fieldProblem(lang, "body", ruleForm, nil))
		}
		switch p.FormName() {
		case "file":
			if seenFile {
				return "", nil, fromFieldErrors(lang, valid.Errors{valid.New("file", casework.RuleDuplicate, nil)})
			}
			seenFile = true
			fileName = p.FileName()
			if data, err = io.ReadAll(p); err != nil {
				return "", nil, newProblem(lang, http.StatusBadRequest, "api.detail.bad_form",
					fieldProblem(lang, "body", ruleForm, nil))
			}
		case "name":
			b, err := io.ReadAll(io.LimitReader(p, maxNameField+1))
			if err != nil || len(b) > maxNameField {
				return "", nil, fromFieldErrors(lang, valid.Errors{valid.New("name", valid.RuleTooLong,
					map[string]any{"max": store.MaxAttachmentName})})
			}
			name = string(b)
		default:
			return "", nil, fromFieldErrors(lang, valid.Errors{valid.New(p.FormName(), ruleUnknownField, nil)})
		}
	}
	if !seenFile {
		return "", nil, fromFieldErrors(lang, valid.Errors{valid.New("file", valid.RuleRequired, nil)})
	}
	if strings.TrimSpace(name) == "" {
		name = fileName
	}
	return name, data, nil
}

// readUploadJSON reads {"name": ..., "data": base64}.
func readUploadJSON(lang string, body []byte) (string, []byte, error) {
	var b attachmentUploadBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return "", nil, fromFieldErrors(lang, valid.Errors{valid.New(strings.Trim(f, `"`), ruleUnknownField, nil)})
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return "", nil, fromFieldErrors(lang, valid.Errors{valid.New(te.Field, ruleType,
				map[string]any{"type": "string"})})
		}
		return "", nil, newProblem(lang, http.StatusBadRequest, "api.detail.bad_json",
			fieldProblem(lang, "body", ruleJSON, nil))
	}
	if dec.More() {
		return "", nil, newProblem(lang, http.StatusBadRequest, "api.detail.bad_json",
			fieldProblem(lang, "body", ruleJSON, nil))
	}
	data, err := base64.StdEncoding.DecodeString(b.Data)
	if err != nil {
		return "", nil, fromFieldErrors(lang, valid.Errors{valid.New("data", ruleBase64, nil)})
	}
	return b.Name, data, nil
}

// ruleForm: the multipart body cannot be read.
const ruleForm = "form"

func (s *server) getAttachment(ctx context.Context, in *IDParam) (*attachmentDownload, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	a, data, err := s.db.GetAttachment(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	if data == nil {
		return nil, s.fail(ctx, errErased)
	}
	name := a.Name
	if name == "" {
		name = "attachment"
	}
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disp == "" {
		disp = "attachment"
	}
	return &attachmentDownload{ContentType: a.ContentType, ContentDisposition: disp,
		CSP: "default-src 'none'; sandbox", Body: data}, nil
}

package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory/hsds"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// The directory as an Open Referral HSDS 3.0 file, for coordinators: the
// same encoding (internal/directory/hsds) and the same all-or-nothing import
// (store.ImportDirectory) as the page and the commands.

const hsdsPath = "/directory/hsds"

type hsdsExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type hsdsImportInput struct {
	body   []byte
	tooBig bool
	failed bool
}

// Resolve reads the file, at most hsds.MaxFileBytes of it.
func (in *hsdsImportInput) Resolve(ctx huma.Context) []error {
	in.body, in.tooBig, in.failed = readBounded(ctx, hsds.MaxFileBytes)
	return nil
}

// DirectoryImport says what an import did.
type DirectoryImport struct {
	Created   int `json:"created" doc:"Organisations added to the directory."`
	Updated   int `json:"updated" doc:"Organisations whose public details or profile changed."`
	Unchanged int `json:"unchanged"`
}

func (s *server) registerDirectoryHSDS(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "export-directory-hsds", Method: http.MethodGet, Path: hsdsPath,
		Tags: []string{"directory"}, Security: secured,
		Summary:     "The directory as an HSDS 3.0 file (coordinators)",
		Description: "A page of HSDS 3.0 organizations (the HSDS API's JSON form) with their services, location, languages and weekly schedules; Passerelle's vocabulary travels as attributes of the taxonomy \"passerelle\". Public details only. Recorded in the audit trail.",
		Errors:      []int{401, 403, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermDirectoryCurate)},
	}, s.exportDirectoryHSDS)
	huma.Register(a, huma.Operation{
		OperationID: "import-directory-hsds", Method: http.MethodPost, Path: hsdsPath,
		Tags: []string{"directory"}, Security: secured,
		Summary: "Load an HSDS 3.0 file into the directory (coordinators)",
		Description: "The body is the file: a page of organizations, a list of them, one organization or one service with its organization. " +
			"All or nothing: with one bad record nothing changes and the problem names every bad one (errors[].location " +
			"body.records[N].<field>). Organisations are matched by id: new ones are added, existing ones have their public " +
			"details and profile replaced.",
		Errors:       []int{400, 401, 403, 413, 422, 429},
		MaxBodyBytes: hsds.MaxFileBytes,
		Middlewares:  huma.Middlewares{requirePerm(auth.PermDirectoryCurate)},
	}, s.importDirectoryHSDS)
	if item := a.OpenAPI().Paths[hsdsPath]; item != nil && item.Post != nil {
		op := *item.Post
		file := &huma.Schema{Type: "string", Format: "binary", Description: "The HSDS 3.0 JSON file, at most " +
			strconv.Itoa(hsds.MaxFileBytes>>20) + " MiB and " + strconv.Itoa(hsds.MaxRecords) + " organizations."}
		op.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"application/json": {Schema: file}}}
		item.Post = &op
	}
}

func (s *server) exportDirectoryHSDS(ctx context.Context, _ *struct{}) (*hsdsExportOutput, error) {
	ls, err := s.db.ExportDirectory(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	b, err := hsds.Encode(ls, func(lang, key string) string { return i18n.T(lang, key, nil) })
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &hsdsExportOutput{ContentType: "application/json", ContentDisposition: `attachment; filename="directory-hsds.json"`, Body: b}, nil
}

func (s *server) importDirectoryHSDS(ctx context.Context, in *hsdsImportInput) (*struct{ Body DirectoryImport }, error) {
	lang := langOf(ctx)
	switch {
	case in.failed:
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.400")
	case in.tooBig:
		return nil, newProblem(lang, http.StatusRequestEntityTooLarge, "api.detail.413",
			fieldProblem(lang, "body", ruleTooLarge, map[string]any{"max_bytes": hsds.MaxFileBytes}))
	case len(in.body) == 0:
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.body_required",
			fieldProblem(lang, "body", "required", nil))
	}
	ls, es := hsds.Decode(in.body)
	if len(es) > 0 {
		return nil, s.fail(ctx, es)
	}
	res, err := s.db.ImportDirectory(ctx, ls)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{ Body DirectoryImport }{Body: DirectoryImport{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged}}, nil
}

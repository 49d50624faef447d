package api

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Statistics datasets: public or already de-identified data (such as
// CTDC's files) imported with 'passerelle dataset import', counted here
// under disclosure control (store.TabulateDataset) for the roles with the
// statistics permission. Datasets are the platform's: every statistics role
// sees the same ones.

var datasetTags = []string{"datasets"}

// DatasetColumn is one column of a dataset.
type DatasetColumn struct {
	Name    string `json:"name"`
	Kind    string `json:"kind" doc:"What the values are: text, number, or country (ISO 3166-1 codes)."`
	Values  int    `json:"values" doc:"Distinct values."`
	Missing int64  `json:"missing" doc:"Rows without a value (-99, -99.0 or empty)."`
}

// Dataset is a stored dataset.
type Dataset struct {
	Name         string          `json:"name"`
	Rows         int64           `json:"rows"`
	TermsSkipped bool            `json:"terms_skipped" doc:"The file's first column, CTDC's terms of use, was left out."`
	CreatedAt    time.Time       `json:"created_at"`
	Columns      []DatasetColumn `json:"columns,omitempty" doc:"In the file's order (in the answer about one dataset)."`
}

// DatasetCell is one released cell: a member per variable (the column's
// name) holding the value, and count and suppressed.
type DatasetCell map[string]any

// Schema documents the cell's dynamic members.
func (DatasetCell) Schema(r huma.Registry) *huma.Schema {
	return &huma.Schema{
		Type: "object",
		Description: "One member per variable of the table, named after the column and holding the value as text; " +
			"then count and suppressed.",
		Properties: map[string]*huma.Schema{
			"count":      {Type: "integer", Nullable: true, Description: "The released count; null when withheld."},
			"suppressed": {Type: "boolean", Description: "The cell is withheld (below k, or withheld to protect another)."},
		},
		Required:             []string{"count", "suppressed"},
		AdditionalProperties: &huma.Schema{Type: "string"},
	}
}

// DatasetTable is a dataset's count as released.
type DatasetTable struct {
	Method   string        `json:"method" doc:"suppression, differential_privacy, or none (the Public method, k = 0: for data already public)."`
	K        *int          `json:"k,omitempty" doc:"The suppression threshold; 0 with the Public method."`
	Epsilon  *float64      `json:"epsilon,omitempty" doc:"The privacy budget of this table (differential privacy)."`
	Delta    *float64      `json:"delta,omitempty" doc:"Differential privacy: the probability bound of the private selection of cells."`
	Excluded *int64        `json:"excluded,omitempty" doc:"Rows left out for a missing value; absent when it would tell more than the table (noise, withheld total)."`
	Vars     []string      `json:"vars" doc:"The variables, in the order asked."`
	Note     string        `json:"note" doc:"The rule the table was released under, in the caller's language, to print under it."`
	Cells    []DatasetCell `json:"cells"`
}

type datasetListOutput struct {
	Body struct {
		Items []Dataset `json:"items" doc:"By name."`
	}
}

type DatasetNameParam struct {
	Name string `path:"name" doc:"The dataset's name."`
}

type datasetTabulateInput struct {
	DatasetNameParam
	By      string            `query:"by" doc:"The columns to count by, separated by commas (at most 3; at least one)."`
	K       optional[int]     `query:"k" minimum:"0" maximum:"1000000" doc:"Suppression threshold (cells below it are withheld, with complementary cells); 0 is the Public method, for data already public. 11 when neither k nor epsilon is given."`
	Epsilon optional[float64] `query:"epsilon" doc:"Differential privacy instead of suppression, with this privacy budget (above 0)."`
	Delta   optional[float64] `query:"delta" doc:"Differential privacy: the probability bound of the private selection of cells (default 1e-6)."`
	Split   bool              `query:"split" doc:"Count a cell holding several values separated by ';' once for each value (by default the combination is a value of its own, as in CTDC's tables)."`
}

type datasetOutput struct{ Body Dataset }

type datasetTableOutput struct{ Body DatasetTable }

// optional is a query parameter that may be absent.
type optional[T any] struct {
	Value T
	IsSet bool
}

func (o optional[T]) Schema(r huma.Registry) *huma.Schema {
	return huma.SchemaFromType(r, reflect.TypeOf(o.Value))
}

func (o *optional[T]) Receiver() reflect.Value { return reflect.ValueOf(o).Elem().Field(0) }

func (o *optional[T]) OnParamSet(isSet bool, _ any) { o.IsSet = isSet }

func (o optional[T]) ptr() *T {
	if !o.IsSet {
		return nil
	}
	v := o.Value
	return &v
}

func (s *server) registerDatasets(a huma.API) {
	perm := huma.Middlewares{requirePerm(auth.PermStatistics)}
	huma.Register(a, huma.Operation{
		OperationID: "list-datasets", Method: http.MethodGet, Path: "/datasets", Tags: datasetTags,
		Security: secured, Summary: "List the statistics datasets",
		Description: "Coordinators and analysts; other roles get 403.",
		Errors:      []int{401, 403, 429}, Middlewares: perm,
	}, s.listDatasets)
	huma.Register(a, huma.Operation{
		OperationID: "get-dataset", Method: http.MethodGet, Path: "/datasets/{name}", Tags: datasetTags,
		Security: secured, Summary: "One dataset and its columns",
		Errors: []int{401, 403, 404, 429}, Middlewares: perm,
	}, s.getDataset)
	huma.Register(a, huma.Operation{
		OperationID: "tabulate-dataset", Method: http.MethodGet, Path: "/datasets/{name}/tabulate", Tags: datasetTags,
		Security: secured, Summary: "Count a dataset by one to three columns, under disclosure control",
		Description: "Suppression with k = 11 unless k or epsilon says otherwise. Rows missing a value " +
			"(-99, -99.0 or empty) in a chosen column are left out. Each release is audited.",
		Errors: []int{401, 403, 404, 422, 429}, Middlewares: perm,
	}, s.tabulateDataset)
}

func datasetOut(d store.DatasetInfo) Dataset {
	out := Dataset{Name: d.Name, Rows: d.Rows, TermsSkipped: d.TermsSkipped, CreatedAt: d.CreatedAt}
	for _, c := range d.Columns {
		out.Columns = append(out.Columns, DatasetColumn{Name: c.Name, Kind: string(c.Kind), Values: c.Values, Missing: c.Missing})
	}
	return out
}

func (s *server) listDatasets(ctx context.Context, _ *struct{}) (*datasetListOutput, error) {
	list, err := s.db.Datasets(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &datasetListOutput{}
	out.Body.Items = make([]Dataset, 0, len(list))
	for _, d := range list {
		out.Body.Items = append(out.Body.Items, datasetOut(d))
	}
	return out, nil
}

func (s *server) getDataset(ctx context.Context, in *DatasetNameParam) (*datasetOutput, error) {
	d, err := s.db.Dataset(ctx, in.Name)
	if err != nil {
		return nil, s.fail(ctx, where(err, inPath))
	}
	return &datasetOutput{Body: datasetOut(d)}, nil
}

func (s *server) tabulateDataset(ctx context.Context, in *datasetTabulateInput) (*datasetTableOutput, error) {
	q := store.DatasetQuery{By: dataset.SplitBy(in.By), Split: in.Split,
		Policy: dataset.PolicyOf(in.K.ptr(), in.Epsilon.ptr(), in.Delta.ptr())}
	rel, err := s.db.TabulateDataset(ctx, in.Name, q)
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	return &datasetTableOutput{Body: datasetTableOut(rel, langOf(ctx))}, nil
}

// datasetTableOut is the released table as the API gives it.
func datasetTableOut(rel store.DatasetRelease, lang string) DatasetTable {
	out := DatasetTable{Method: string(rel.Policy.Method), Excluded: rel.Excluded, Vars: rel.Vars,
		Cells: make([]DatasetCell, len(rel.Cells))}
	p := rel.Policy
	switch p.Method {
	case disclosure.Suppression, disclosure.Public:
		k := p.K
		out.K = &k
	case disclosure.Differential:
		out.Epsilon, out.Delta = &p.Epsilon, &p.Delta
	}
	id, params := rel.Message()
	out.Note = i18n.T(lang, id, params)
	for i, c := range rel.Cells {
		cell := DatasetCell{"count": c.Count, "suppressed": c.Suppressed}
		for j, v := range rel.Vars {
			cell[v] = c.Values[j]
		}
		out.Cells[i] = cell
	}
	return out
}

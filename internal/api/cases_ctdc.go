package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The CTDC submission file is the export's third format: the same operation
// (GET /cases/export, PermCaseExport), the use case store.ExportCTDC.

const formatCTDC = "ctdc"

const ctdcExportDoc = "ctdc: the organisation's cases whose person consented to statistics, de-identified in the " +
	"columns of the CTDC Global Synthetic Dataset (one row per victim, no personal data), k-anonymised over " +
	"yearOfRegistration, gender, ageBroad, citizenship and CountryOfExploitation (k, default 11, CTDC's); the " +
	"header X-Ctdc-Report says what was generalised and suppressed. The filters do not apply to ctdc (422): the " +
	"file is always the whole register, since two files of overlapping subsets could be subtracted."

// CaseExportFormat is csv, xlsx or ctdc.
type CaseExportFormat string

// Schema lists the formats.
func (CaseExportFormat) Schema(huma.Registry) *huma.Schema {
	return enumSchema("File format: csv, xlsx (the HTCDS v2.0 Excel template), or ctdc (the de-identified CTDC file).",
		[]string{string(htcds.CSV), string(htcds.XLSX), formatCTDC})
}

// CTDCK is the k of a CTDC file.
type CTDCK int

// Schema states the bounds of the domain (ctdc.MinK, ctdc.MaxK).
func (CTDCK) Schema(huma.Registry) *huma.Schema {
	lo, hi := float64(ctdc.MinK), float64(ctdc.MaxK)
	return &huma.Schema{Type: "integer", Minimum: &lo, Maximum: &hi,
		Description: "With format=ctdc: the smallest group of quasi-identifiers (" + strconv.Itoa(ctdc.DefaultK) + " when absent)."}
}

// CTDCReport is what anonymisation did (counts only), the X-Ctdc-Report
// header's JSON.
type CTDCReport = ctdc.Report

// exportCTDC translates the request to store.ExportCTDC.
func (s *server) exportCTDC(ctx context.Context, in *exportInput) (*exportOutput, error) {
	var es valid.Errors
	q := in.CaseListQuery
	for field, set := range map[string]bool{"status": len(q.Status) > 0, "exploitation": q.Exploitation != "",
		"country": q.Country != "", "age_group": q.AgeGroup != "", "assigned_to": q.AssignedTo != "",
		"code": q.Code != "", "name": q.Name != ""} {
		if set {
			es.Add(valid.New(field, ctdc.RuleWhole, nil))
		}
	}
	if len(es) > 0 {
		return nil, s.fail(ctx, where(es, inQuery))
	}
	var buf bytes.Buffer
	rep, err := s.db.ExportCTDC(ctx, &buf, ctdc.Options{K: int(in.K)})
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	js, err := json.Marshal(rep)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	name := "passerelle-ctdc-" + s.now().UTC().Format("2006-01-02") + ".csv"
	return &exportOutput{ContentType: csvType + "; charset=utf-8", ContentDisposition: `attachment; filename="` + name + `"`,
		CTDCReport: string(js), Body: buf.Bytes()}, nil
}

package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// screeningBody is the facts document of `passerelle assess`: the same
// fields, the same vocabulary (the enumerations come from identify), null
// meaning "not recorded".
type screeningBody struct {
	AgeAtRecruitment     *int                 `json:"age_at_recruitment,omitempty" minimum:"0" doc:"Age in whole years at the time of the act; absent or null when unknown."`
	PresumedMinor        bool                 `json:"presumed_minor,omitempty" doc:"Reasons to believe a child while the age is unknown (CoE Art. 10(3))."`
	Acts                 []ActTerm            `json:"acts,omitempty"`
	Means                []MeansTerm          `json:"means,omitempty"`
	Purposes             []PurposeTerm        `json:"purposes,omitempty"`
	Consented            bool                 `json:"consented,omitempty"`
	CrossedBorder        bool                 `json:"crossed_border,omitempty"`
	ExploitationOccurred bool                 `json:"exploitation_occurred,omitempty"`
	Indicators           *screeningIndicators `json:"indicators,omitempty" doc:"ILO indicators seen, from one catalogue."`
}

type screeningIndicators struct {
	Catalogue CatalogueID `json:"catalogue"`
	Present   []string    `json:"present,omitempty" doc:"Identifiers of the indicators present, from the catalogue."`
}

func (b screeningBody) facts() identify.Facts {
	f := identify.Facts{AgeAtRecruitment: b.AgeAtRecruitment, PresumedMinor: b.PresumedMinor,
		Acts: strs(b.Acts), Means: strs(b.Means), Purposes: strs(b.Purposes), Consented: b.Consented,
		CrossedBorder: b.CrossedBorder, ExploitationOccurred: b.ExploitationOccurred}
	if b.Indicators != nil {
		f.Indicators = &identify.IndicatorFacts{Catalogue: string(b.Indicators.Catalogue), Present: b.Indicators.Present}
	}
	return f
}

// ScreeningFacts are the facts a screening was made on.
type ScreeningFacts identify.Facts

// ScreeningResult is the result, reasons and recommendation in the request's
// language: the object `passerelle assess` prints.
type ScreeningResult identify.Report

// Screening is one version of a case's screening.
type Screening struct {
	ID               uuid.UUID       `json:"id" format:"uuid"`
	CaseID           uuid.UUID       `json:"case_id" format:"uuid"`
	Version          int             `json:"version" doc:"1, 2, ... per case: earlier screenings are kept."`
	Facts            ScreeningFacts  `json:"facts"`
	Result           ScreeningResult `json:"result"`
	Pattern          string          `json:"pattern,omitempty" doc:"smuggling or exploitation_without_act when the facts look like another offence."`
	CatalogueVersion string          `json:"catalogue_version,omitempty" doc:"Indicator catalogue used, as <id>@<version>, when indicators were used."`
	ScreenedBy       uuid.UUID       `json:"screened_by" format:"uuid"`
	At               time.Time       `json:"at"`
}

func screeningOut(sc casework.Screening, lang string) Screening {
	return Screening{ID: sc.ID, CaseID: sc.CaseID, Version: sc.Version, Facts: ScreeningFacts(sc.Facts),
		Result: ScreeningResult(sc.Result.Report(identify.Words{Lang: lang, T: i18n.T})), Pattern: string(sc.Result.Pattern),
		CatalogueVersion: sc.CatalogueVersion, ScreenedBy: sc.ScreenedBy, At: sc.At}
}

type screeningOutput struct{ Body Screening }

type screeningListOutput struct {
	Body struct {
		Items []Screening `json:"items" doc:"Oldest first."`
	}
}

func (s *server) registerScreenings(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-case-screenings", Method: http.MethodGet, Path: "/cases/{id}/screenings", Tags: caseTags,
		Security: secured, Summary: "Every screening of a case, with its reasons in your language",
		Errors: []int{401, 403, 404, 422, 429},
	}, s.listScreenings)
	huma.Register(a, huma.Operation{
		OperationID: "screen-case", Method: http.MethodPost, Path: "/cases/{id}/screenings", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Screen a case against the trafficking definition",
		Description: "Takes the facts exactly as `passerelle assess` does, records them with the result as the next version, " +
			"and returns the result with its reasons in the request's language. A screening, not a legal finding.",
		Errors: []int{400, 401, 403, 404, 413, 415, 422, 429},
	}, s.screenCase)
}

func (s *server) listScreenings(ctx context.Context, in *IDParam) (*screeningListOutput, error) {
	lang := langOf(ctx)
	items, err := caseRecords(s, ctx, in, s.db.ListScreenings, func(sc casework.Screening) Screening { return screeningOut(sc, lang) })
	if err != nil {
		return nil, err
	}
	out := &screeningListOutput{}
	out.Body.Items = items
	return out, nil
}

func (s *server) screenCase(ctx context.Context, in *struct {
	IDParam
	Body screeningBody
}) (*screeningOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	sc, err := s.db.RecordScreening(ctx, id, in.Body.facts())
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &screeningOutput{Body: screeningOut(sc, langOf(ctx))}, nil
}

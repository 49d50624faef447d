package identify

// Report is a Result worded for one reader, in the shape the assess
// command prints: the required fields first, then the optional ILO section.
type Report struct {
	Child              bool           `json:"child"`
	Act                bool           `json:"act"`
	Means              MeansStatus    `json:"means"`
	Purpose            bool           `json:"purpose"`
	MeetsDefinition    bool           `json:"meets_definition"`
	Recommendation     Recommendation `json:"recommendation"`
	RecommendationText string         `json:"recommendation_text"`
	Reasons            []string       `json:"reasons"`
	ILO                *ILOReport     `json:"ilo,omitempty"`
}

// ILOReport is an ILOResult worded for one reader.
type ILOReport struct {
	Catalogue      string               `json:"catalogue"`
	Version        string               `json:"version"`
	Status         string               `json:"status"`
	ChildRule      bool                 `json:"child_rule"`
	PresumedVictim bool                 `json:"presumed_victim"`
	Dimensions     []ILODimensionReport `json:"dimensions"`
	Reasons        []string             `json:"reasons"`
}

// ILODimensionReport is one dimension worded for one reader.
type ILODimensionReport struct {
	Dimension int           `json:"dimension"`
	Name      string        `json:"name"`
	Positive  bool          `json:"positive"`
	Rule      DimensionRule `json:"rule,omitempty"`
	Strong    []string      `json:"strong"`
	Medium    []string      `json:"medium"`
	Weak      []string      `json:"weak"`
}

// Report words r for w's reader.
func (r Result) Report(w Words) Report {
	out := Report{
		Child: r.Child, Act: r.Act, Means: r.Means, Purpose: r.Purpose, MeetsDefinition: r.MeetsDefinition,
		Recommendation: r.Recommendation, RecommendationText: w.Say(Message{Code: r.Recommendation.Code()}),
		Reasons: w.reasons(r.Reasons),
	}
	if r.ILO != nil {
		ir := &ILOReport{
			Catalogue: r.ILO.Catalogue, Version: r.ILO.Version, Status: r.ILO.Status.Labels.In(w.Lang),
			ChildRule: r.ILO.ChildRule, PresumedVictim: r.ILO.PresumedVictim, Reasons: w.reasons(r.ILO.Reasons),
		}
		for _, d := range r.ILO.Dimensions {
			ir.Dimensions = append(ir.Dimensions, ILODimensionReport{Dimension: d.Dimension,
				Name:     w.Say(Message{Code: DimensionCode(d.Dimension)}),
				Positive: d.Positive, Rule: d.Rule, Strong: d.Strong, Medium: d.Medium, Weak: d.Weak})
		}
		out.ILO = ir
	}
	return out
}

func (w Words) reasons(rs []Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = w.Reason(r)
	}
	return out
}

package identify

// Report is a Result rendered in one language, in the shape the assess
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

// ILOReport is an ILOResult rendered in one language.
type ILOReport struct {
	Catalogue      string               `json:"catalogue"`
	Version        string               `json:"version"`
	Status         string               `json:"status"`
	ChildRule      bool                 `json:"child_rule"`
	PresumedVictim bool                 `json:"presumed_victim"`
	Dimensions     []ILODimensionReport `json:"dimensions"`
	Reasons        []string             `json:"reasons"`
}

// ILODimensionReport is one dimension rendered in one language.
type ILODimensionReport struct {
	Dimension int           `json:"dimension"`
	Name      string        `json:"name"`
	Positive  bool          `json:"positive"`
	Rule      DimensionRule `json:"rule,omitempty"`
	Strong    []string      `json:"strong"`
	Medium    []string      `json:"medium"`
	Weak      []string      `json:"weak"`
}

// Report renders r in language l.
func (r Result) Report(l Lang) Report {
	out := Report{
		Child: r.Child, Act: r.Act, Means: r.Means, Purpose: r.Purpose, MeetsDefinition: r.MeetsDefinition,
		Recommendation: r.Recommendation, RecommendationText: r.Recommendation.Text().In(l),
		Reasons: texts(r.Reasons, l),
	}
	if r.ILO != nil {
		ir := &ILOReport{
			Catalogue: r.ILO.Catalogue, Version: r.ILO.Version, Status: Text{r.ILO.Status.EN, r.ILO.Status.FR}.In(l),
			ChildRule: r.ILO.ChildRule, PresumedVictim: r.ILO.PresumedVictim, Reasons: texts(r.ILO.Reasons, l),
		}
		for _, d := range r.ILO.Dimensions {
			ir.Dimensions = append(ir.Dimensions, ILODimensionReport{Dimension: d.Dimension, Name: d.Name.In(l),
				Positive: d.Positive, Rule: d.Rule, Strong: d.Strong, Medium: d.Medium, Weak: d.Weak})
		}
		out.ILO = ir
	}
	return out
}

func texts(rs []Reason, l Lang) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text.In(l)
	}
	return out
}

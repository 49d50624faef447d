package training

import (
	"math"
	"sort"
)

// Row is one participant as a report counts them: the session's
// dimensions and the person's profession, attendance and scores. It holds
// no name.
type Row struct {
	Topic, Country, Year, Profession string
	Attended                         bool
	PreScore, PostScore              *int
}

// Line is one group of a report. Trained counts the participants who
// attended; MeanGain is the mean of post minus pre over those who attended
// with both scores (Scored of them), nil when none.
type Line struct {
	Key      string
	Trained  int
	Scored   int
	MeanGain *float64
}

// Report groups rows by one of ReportBy ("profession", "country", "year",
// "topic"), in key order. by must be valid (ValidBy).
func Report(rows []Row, by string) []Line {
	type acc struct{ trained, scored, gain int }
	groups := map[string]*acc{}
	for _, r := range rows {
		if !r.Attended {
			continue
		}
		k := keyOf(r, by)
		a := groups[k]
		if a == nil {
			a = &acc{}
			groups[k] = a
		}
		a.trained++
		if g, ok := (Participant{PreScore: r.PreScore, PostScore: r.PostScore}).Gain(); ok {
			a.scored++
			a.gain += g
		}
	}
	out := make([]Line, 0, len(groups))
	for k, a := range groups {
		l := Line{Key: k, Trained: a.trained, Scored: a.scored}
		if a.scored > 0 {
			m := math.Round(float64(a.gain)/float64(a.scored)*10) / 10
			l.MeanGain = &m
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// ValidBy reports whether by is a dimension a report groups by.
func ValidBy(by string) bool {
	for _, b := range ReportBy {
		if b == by {
			return true
		}
	}
	return false
}

func keyOf(r Row, by string) string {
	switch by {
	case "country":
		return r.Country
	case "year":
		return r.Year
	case "topic":
		return r.Topic
	}
	return r.Profession
}

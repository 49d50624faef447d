package plan

import (
	"math/big"
	"sort"
	"time"

	"github.com/google/uuid"
)

// State is where an activity stands in the progress view.
type State string

// The states, in order of precedence (see the package comment).
const (
	StateDone    State = "done"
	StateLate    State = "late"
	StateAtRisk  State = "at_risk"
	StateOnTrack State = "on_track"
	// StateCancelled is an activity no longer expected: outside the four.
	StateCancelled State = "cancelled"
)

// States lists the four states the progress view counts, in the order it
// shows them.
var States = []string{string(StateDone), string(StateOnTrack), string(StateLate), string(StateAtRisk)}

// IndicatorProgress is an indicator with where it stands.
type IndicatorProgress struct {
	Indicator
	Latest   *Value  // the value of the period that ends last; nil without values
	Expected Decimal // where the line from baseline to target stands at the end of Latest's period
	Behind   bool
}

// Progress is a plan's progress on a day.
type Progress struct {
	Counts     map[State]int        // the four states, each present (zero included)
	Activities map[State][]Activity // the activities of each state, cancelled ones included
	Indicators []IndicatorProgress
}

// Assess computes the progress of d on the day today (only its date counts).
func Assess(d Detail, today time.Time) Progress {
	p := Progress{Counts: map[State]int{}, Activities: map[State][]Activity{}}
	for _, s := range States {
		p.Counts[State(s)] = 0
	}
	behind := map[uuid.UUID]bool{}
	for _, ind := range d.Indicators {
		ip := AssessIndicator(d.Plan, ind)
		if ip.Behind && ind.ObjectiveID != uuid.Nil {
			behind[ind.ObjectiveID] = true
		}
		p.Indicators = append(p.Indicators, ip)
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, a := range d.Activities {
		s := ActivityState(a, day, behind[a.ObjectiveID] && a.ObjectiveID != uuid.Nil)
		p.Activities[s] = append(p.Activities[s], a)
		if s != StateCancelled {
			p.Counts[s]++
		}
	}
	return p
}

// ActivityState places one activity on the day today (UTC midnight);
// objectiveBehind says whether its objective has an indicator behind.
func ActivityState(a Activity, today time.Time, objectiveBehind bool) State {
	switch a.Status {
	case Done:
		return StateDone
	case Cancelled:
		return StateCancelled
	}
	if due, ok := ParseDay(a.DueOn); ok && due.Before(today) {
		return StateLate
	}
	if a.AtRisk || objectiveBehind {
		return StateAtRisk
	}
	return StateOnTrack
}

// AssessIndicator says whether ind's latest value is behind the straight
// line from its baseline at the plan's start to its target at the plan's
// end, read at the end of that value's period (before the start the line
// stands at the baseline, after the end at the target).
func AssessIndicator(p Plan, ind Indicator) IndicatorProgress {
	ip := IndicatorProgress{Indicator: ind}
	var latestEnd time.Time
	for i := range ind.Values {
		end, ok := PeriodEnd(ind.Values[i].Period)
		if ok && (ip.Latest == nil || end.After(latestEnd)) {
			v := ind.Values[i]
			ip.Latest, latestEnd = &v, end
		}
	}
	if ip.Latest == nil {
		return ip
	}
	start, ok1 := ParseDay(p.StartsOn)
	end, ok2 := ParseDay(p.EndsOn)
	if !ok1 || !ok2 {
		return ip
	}
	// expected = baseline + (target - baseline) * elapsed / total, exactly.
	total := int64(end.Sub(start) / (24 * time.Hour))
	elapsed := int64(latestEnd.Sub(start) / (24 * time.Hour))
	switch {
	case elapsed < 0:
		elapsed = 0
	case elapsed > total:
		elapsed = total
	}
	if total == 0 {
		total, elapsed = 1, 1
	}
	gap := big.NewInt(int64(ind.Target - ind.Baseline))
	// value is behind when (value - baseline) * total < gap * elapsed for a
	// rising target, > for a falling one.
	lhs := new(big.Int).Mul(big.NewInt(int64(ip.Latest.Value-ind.Baseline)), big.NewInt(total))
	rhs := new(big.Int).Mul(gap, big.NewInt(elapsed))
	switch gap.Sign() {
	case 1:
		ip.Behind = lhs.Cmp(rhs) < 0
	case -1:
		ip.Behind = lhs.Cmp(rhs) > 0
	}
	q := new(big.Int).Quo(rhs, big.NewInt(total)) // towards zero: shown, not compared
	ip.Expected = ind.Baseline + Decimal(q.Int64())
	return ip
}

// SortValues orders values by the end of their period.
func SortValues(vs []Value) {
	sort.SliceStable(vs, func(i, j int) bool {
		a, _ := PeriodEnd(vs[i].Period)
		b, _ := PeriodEnd(vs[j].Period)
		return a.Before(b)
	})
}

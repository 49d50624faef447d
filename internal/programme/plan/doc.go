// Package plan holds the rules of national action plans against trafficking
// in persons: a plan of a country over a period, its objectives, its
// activities (responsible agency, budget and currency, dates, status, a flag
// when someone judges it at risk), its indicators (baseline, target and the
// values measured per period) and the donor-funded projects that carry some
// of its activities. It validates what people type and says how the plan is
// progressing; it does no I/O and holds no sentences (field names and rule
// ids only: the catalogues word them).
//
// # Decisions
//
//   - An activity's status is planned, in_progress, done or cancelled. A
//     cancelled activity is no longer expected: it is counted apart and is
//     neither late nor on track.
//   - Progress puts every activity that is not cancelled in exactly one of
//     done, late, at_risk, on_track, in that order of precedence: done is
//     done even past its due date; late (the due date has passed, that is it
//     is before today, and the activity is not done) outranks at risk, as a
//     missed date is a fact and a risk a forecast; at_risk is an activity
//     flagged at risk, or one whose objective has an indicator behind its
//     target; every other activity is on track.
//   - An indicator is behind when its latest value (the value of the period
//     that ends last) is short of where a straight line from the baseline at
//     the plan's start to the target at the plan's end stands at the end of
//     that period. "Short" follows the target's direction: below the line when
//     the target is above the baseline, above it when the target is below
//     (fewer cases waiting, a shorter delay). An indicator without values is
//     not behind: nothing says so yet. A plan-level indicator (no objective)
//     is reported with the plan but puts no activity at risk.
//   - Amounts (budgets) and indicator figures are decimals with at most two
//     places, kept exactly as hundredths (Decimal); people type them in units
//     ("12 500,50" in French, "12,500.50" in English: i18n.ParseNumber
//     reads the reader's convention into "12500.50", which ParseDecimal
//     reads). Budgets may not be negative.
//   - Currencies are ISO 4217 codes from a short list (Currencies): those of
//     the region the platform serves and of its main donors.
//   - Dates are calendar days, YYYY-MM-DD. A value's period is a year
//     (2025), a month (2025-06) or a day, and stands for its last day.
package plan

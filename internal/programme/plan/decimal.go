package plan

import (
	"strconv"
	"strings"
)

// Decimal is an exact number with two decimal places, in hundredths:
// Decimal(1250050) is 12500.50. Budgets and indicator figures use it, so sums
// and comparisons never round.
type Decimal int64

// MaxDecimal is the largest magnitude accepted: 999 999 999 999.99 (twelve
// digits of units), enough for any national budget in any currency listed,
// and small enough that the progress arithmetic cannot overflow.
const MaxDecimal Decimal = 99_999_999_999_999

// ParseDecimal reads a number written with ASCII digits, an optional leading
// minus and an optional "." before at most two decimals ("12500.5",
// "-3", "0.25"): what i18n.ParseNumber and JSON give. rule is "" when s is
// read, else RuleNumber, RuleDecimals or RuleTooLarge.
func ParseDecimal(s string) (d Decimal, rule string) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	units, frac, dot := strings.Cut(s, ".")
	if units == "" || (dot && frac == "") || !digits(units) || !digits(frac) {
		return 0, RuleNumber
	}
	if len(strings.TrimRight(frac, "0")) > 2 {
		return 0, RuleDecimals
	}
	units = strings.TrimLeft(units, "0")
	if len(units) > 12 {
		return 0, RuleTooLarge
	}
	frac = (frac + "00")[:2]
	n, err := strconv.ParseInt(units+frac, 10, 64)
	if err != nil {
		return 0, RuleNumber
	}
	if neg {
		n = -n
	}
	return Decimal(n), ""
}

// DecimalFromFloat reads a JSON number: its shortest decimal form must have
// at most two decimals.
func DecimalFromFloat(f float64) (Decimal, string) {
	return ParseDecimal(strconv.FormatFloat(f, 'f', -1, 64))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String is the shortest exact form: "12500.5", "3", "-0.25".
func (d Decimal) String() string {
	n := int64(d)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	units, cents := n/100, n%100
	s := sign + strconv.FormatInt(units, 10)
	switch {
	case cents == 0:
		return s
	case cents%10 == 0:
		return s + "." + strconv.FormatInt(cents/10, 10)
	}
	return s + "." + strconv.FormatInt(cents/10, 10) + strconv.FormatInt(cents%10, 10)
}

// Fixed is the form with exactly two decimals: "12500.50" (budgets in files).
func (d Decimal) Fixed() string {
	n := int64(d)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	c := strconv.FormatInt(n%100, 10)
	if len(c) == 1 {
		c = "0" + c
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + c
}

// Float is the value as a float64, for display and spreadsheets.
func (d Decimal) Float() float64 { return float64(d) / 100 }

package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Time shows t in lang's convention, from the layout its catalogue gives as
// format.datetime (a Go time layout); "" for the zero time.
func Time(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(T(lang, "format.datetime", nil))
}

// Number writes v rounded to decimals places with lang's digit grouping and
// decimal mark (CLDR data of golang.org/x/text: 11,418.5 in English,
// 11 418,5 in French), so a new language needs no code for its numbers.
func Number(lang string, v float64, decimals int) string {
	p := message.NewPrinter(language.Make(lang))
	return p.Sprint(number.Decimal(v, number.MaxFractionDigits(decimals), number.MinFractionDigits(decimals)))
}

// decimal writes v in its shortest form with lang's decimal mark.
func decimal(lang string, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if mark := decimalMark(lang); mark != "." {
		s = strings.Replace(s, ".", mark, 1)
	}
	return s
}

// decimalMark is what lang writes between the units and the tenths.
func decimalMark(lang string) string {
	s := Number(lang, 1.5, 1)
	return strings.TrimSuffix(strings.TrimPrefix(s, "1"), "5")
}

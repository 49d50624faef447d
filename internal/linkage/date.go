package linkage

import (
	"strconv"
	"strings"
)

// Date is a parsed date of birth. Components are kept as written (after
// dropping leading zeros) and not checked against the calendar: dirty data
// such as month 22 still shares its year and day with the clean record.
type Date struct{ Y, M, D int }

// DateFormat is the order of the components and, for formats without
// separators, their widths. The zero value means "detect".
type DateFormat struct {
	order  string // permutation of "YMD"
	widths [3]int // digits per component when written without separators
	set    bool
}

// ParseDateFormat reads a hint such as DD/MM/YYYY, D/M/YYYY, YYYY-MM-DD,
// YYYYMMDD or MM/DD/YYYY.
func ParseDateFormat(s string) (DateFormat, bool) {
	var f DateFormat
	u := strings.ToUpper(s)
	i := 0
	for i < len(u) {
		c := u[i]
		if c != 'Y' && c != 'M' && c != 'D' {
			i++
			continue
		}
		j := i
		for j < len(u) && u[j] == c {
			j++
		}
		if strings.IndexByte(f.order, c) >= 0 || len(f.order) == 3 {
			return DateFormat{}, false
		}
		f.widths[len(f.order)] = j - i
		f.order += string(c)
		i = j
	}
	if len(f.order) != 3 || strings.Count(f.order, "Y") != 1 || strings.Count(f.order, "M") != 1 {
		return DateFormat{}, false
	}
	f.set = true
	return f, true
}

// ParseDate reads s with format f (detected when f is the zero value):
// YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY,
// DD.MM.YYYY, DDMMYYYY; a time after the date is ignored. Without a hint,
// day-first is assumed for D/M/Y (the convention in Nigeria, Niger, France).
func ParseDate(s string, f DateFormat) (Date, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	for _, p := range parts {
		if !allDigits(p) {
			return Date{}, false
		}
	}
	var nums [3]string
	order := f.order
	switch {
	case len(parts) == 3:
		nums = [3]string{parts[0], parts[1], parts[2]}
		if order == "" {
			order = "DMY"
			if len(parts[0]) == 4 {
				order = "YMD"
			}
		}
	case len(parts) == 1 && len(parts[0]) == 8:
		p := parts[0]
		widths := f.widths
		if order == "" || widths[0]+widths[1]+widths[2] != 8 {
			order, widths = "YMD", [3]int{4, 2, 2}
			if y, _ := strconv.Atoi(p[:4]); (y < 1800 || y > 2100) && f.order == "" {
				order, widths = "DMY", [3]int{2, 2, 4}
			}
		}
		nums = [3]string{p[:widths[0]], p[widths[0] : widths[0]+widths[1]], p[widths[0]+widths[1]:]}
	default:
		return Date{}, false
	}
	var d Date
	for i, c := range order {
		n, err := strconv.Atoi(nums[i])
		if err != nil {
			return Date{}, false
		}
		switch c {
		case 'Y':
			if len(nums[i]) != 4 {
				return Date{}, false
			}
			d.Y = n
		case 'M':
			if len(nums[i]) > 2 {
				return Date{}, false
			}
			d.M = n
		case 'D':
			if len(nums[i]) > 2 {
				return Date{}, false
			}
			d.D = n
		}
	}
	return d, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DateTokens are the positional tokens of a date: year, month and day, plus
// the year's decade and last digit so that one mistyped year digit keeps part
// of the year's weight.
func DateTokens(d Date) []string {
	y := strconv.Itoa(d.Y)
	return []string{
		"y" + y,
		"m" + strconv.Itoa(d.M),
		"d" + strconv.Itoa(d.D),
		"c" + y[:len(y)-1],
		"u" + y[len(y)-1:],
	}
}

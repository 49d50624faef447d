package htcds

import (
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// How a date cell was read, for the report.
const (
	dateISO    = iota // YYYY-MM-DD, YYYY-MM or YYYY: what casework stores
	dateDMY           // DD/MM/YYYY (also with - or .), the form French and West African users type
	dateSerial        // an Excel serial day number (a date cell read raw)
	dateTime          // an ISO date followed by a time of day, dropped
	dateBad
)

// excelEpoch is day 0 of Excel's 1900 date system as the serials after
// February 1900 count it (Excel believes 1900 was a leap year).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// normaliseDate turns a cell into casework's date form. Four digits are a
// year (a partial date), five digits an Excel serial: serial 10000 is 1927,
// so no birth or event date of a living case is lost to the ambiguity.
func normaliseDate(s string) (string, int) {
	if s == "" {
		return "", dateISO
	}
	if _, ok := casework.ParseDate(s); ok {
		return s, dateISO
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		if _, ok := casework.ParseDate(s[:10]); ok && len(s[:10]) == 10 {
			return s[:10], dateTime
		}
	}
	if n, ok := serialDays(s); ok {
		return excelEpoch.AddDate(0, 0, n).Format("2006-01-02"), dateSerial
	}
	if d, ok := parseDMY(s); ok {
		return d, dateDMY
	}
	return s, dateBad
}

// serialDays reads "38057" or "38057.0" (a time of day is dropped).
func serialDays(s string) (int, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) != 5 || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(whole)
	return n, err == nil
}

// parseDMY reads D/M/YYYY with /, - or . between the parts. A month above
// 12 is refused, not read as M/D: a file mixing both cannot be trusted.
func parseDMY(s string) (string, bool) {
	sep := strings.IndexAny(s, "/-.")
	if sep < 0 {
		return "", false
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return "", false
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || y < 1900 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02
		return "", false
	}
	return t.Format("2006-01-02"), true
}

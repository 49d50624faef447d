package campaign

import "sort"

// Month is one month of the calendar with the campaigns running in it.
type Month struct {
	Month     string // YYYY-MM
	Campaigns []Campaign
}

// Calendar lists, month by month, the campaigns running in each month from
// the first start to the last end (months without any are left out). A
// campaign over three months is in each of them. Campaigns must be valid.
func Calendar(cs []Campaign) []Month {
	byMonth := map[string][]Campaign{}
	for _, c := range cs {
		for m := c.StartsOn[:7]; m <= c.EndsOn[:7]; m = nextMonth(m) {
			byMonth[m] = append(byMonth[m], c)
		}
	}
	out := make([]Month, 0, len(byMonth))
	for m, list := range byMonth {
		sort.SliceStable(list, func(i, j int) bool { return list[i].StartsOn < list[j].StartsOn })
		out = append(out, Month{Month: m, Campaigns: list})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month < out[j].Month })
	return out
}

// nextMonth is the month after m (YYYY-MM).
func nextMonth(m string) string {
	y, mo := atoi(m[:4]), atoi(m[5:7])
	mo++
	if mo > 12 {
		y, mo = y+1, 1
	}
	return pad(y, 4) + "-" + pad(mo, 2)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func pad(n, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

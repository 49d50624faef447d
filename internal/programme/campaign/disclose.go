package campaign

import "strconv"

// SmallCount is the smallest count of people shown as it is: counts of
// identified cases or of proceedings from 1 to SmallCount-1 are shown as
// "<5", so that a figure cannot point at one person in a small place.
const SmallCount = 5

// Disclose is the one rule for showing a count of people drawn from the
// case register: 0 and counts of at least SmallCount as they are, others as
// "<5".
func Disclose(n int) string {
	if n > 0 && n < SmallCount {
		return "<" + strconv.Itoa(SmallCount)
	}
	return strconv.Itoa(n)
}

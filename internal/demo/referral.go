package demo

// The demo referral's texts: invented, in the sending caseworker's words.
const (
	ReferralPurpose = "Safe shelter while in transit through Agadez"
	ReferralMessage = "She arrives with the bus from Zinder on Thursday."
)

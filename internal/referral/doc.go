// Package referral holds the rules of a referral from one organisation's case
// to another organisation, pure Go: the fixed list of shareable fields, the
// fields pre-selected for the services asked, the consent rule that limits
// what may be shared (Shareable), the status machine (Next) and the
// acknowledgement deadlines per urgency. The store applies them in its one
// path (store.CreateReferral and the transitions); pages and the API only
// translate.
//
// A referral names its receiver by organisation id and, for a receiver on
// another deployment, by a peer; within one deployment the peer is empty.
package referral

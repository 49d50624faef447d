// Package casework holds the case register's domain: a person's case with the
// HTCDS victim fields, trafficking events and the route derived from them,
// consent per purpose, the reintegration plan, the justice track, and the
// case status workflow. It does no I/O: the store persists and encrypts, the
// web and API layers show it, identify screens it.
//
// Values of enumerations are HTCDS 2.0 value names (IOM, CC BY 4.0) so that
// imports and exports speak the standard as organisations already use it,
// with the upstream spelling kept where it is odd (Unaquainted).
package casework

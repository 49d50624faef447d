// Package legislation holds the rules of assessing a country's law against
// the Palermo Protocol and the Council of Europe Convention on Action against
// Trafficking in Human Beings: the catalogue of requirements (data, embedded),
// the statuses an assessment gives each requirement, what an assessment and
// one of its items may hold, the gap report (what is not in line) and the
// comparison of two assessments of the same country over time.
//
// It is pure: no SQL, no HTTP, no words for people. Requirements carry
// message ids; their titles and explanations are in the catalogues
// (internal/i18n/locales/legislation.<lang>.toml), so a new language is a
// new catalogue file and nothing here. The store (internal/store,
// legislation.go) validates through this package, checks who may do what and
// writes; the pages and the API only translate their medium into its calls.
//
// Laws, provisions and the evidence about them are public matters, not a
// person's data: an item's text is kept in clear, bounded in length.
package legislation

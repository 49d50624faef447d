// Package identify is Passerelle's screening engine: it says which elements of
// the trafficking definition the recorded facts support (Palermo Protocol
// Art. 3, with the Council of Europe Convention's presumption of minority) and
// evaluates the ILO/European Commission 2009 operational indicators.
//
// A screening is never a legal finding. Every result names the facts behind
// each element, gives its reasons, and recommends the next step.
//
// # Words
//
// The engine speaks no language. A Reason, a FieldError and a Recommendation
// carry a stable code and its parameters (Reason{Code, Params}); their words
// are the messages "identify.<code>" of the i18n catalogues
// (internal/i18n/locales/identify.<lang>.toml, placeholders named like
// {{.Age}}). Codes lists every code with its placeholders, and a test checks
// each against every catalogue language. The surfaces word a result with
// Words{Lang, T: i18n.T} (Result.Report, Words.Reason, FieldError.Text). The
// only words the package holds are data: the labels of an indicator
// catalogue, by language code (Labels), so a new language is new catalogue
// files and new label keys, never Go code. Bad input is a *FieldError and a
// bad catalogue a *CatalogueError, both of fault kind Invalid.
//
// # Palermo rules encoded
//
//   - Adult: act + means + exploitative purpose.
//   - Child (under 18 at the time of the act, or age unknown and presumed a
//     minor, CoE Art. 10(3)): act + purpose; means "not_required". A recorded
//     age of 18 or more overrides a presumption of minority. IsChild is this
//     rule, the one place it is written: the case register and the pages use
//     it too.
//   - Consent is irrelevant where a means was used (Art. 3(b)); an adult's
//     consent with no means neither makes nor rules out trafficking.
//   - The purpose suffices: exploitation need not have happened yet.
//   - No border is required (domestic trafficking).
//   - Consensual border crossing with no means, no purpose and no
//     exploitation: Pattern "smuggling", outside the definition.
//   - Exploitation (a purpose, or exploitation recorded) with no act: Pattern
//     "exploitation_without_act", another offence such as forced labour.
//
// # Recommendations (stable identifiers)
//
//   - refer_child_protection: the person is, or is presumed to be, a child
//     (always first, whatever else the facts show).
//   - refer_for_formal_identification: an adult whose facts support every
//     element; assist as a presumed victim meanwhile.
//   - refer_labour_inspection: an adult exploited with no act recorded.
//   - continue_assessment: everything else.
//
// # ILO indicators
//
// The four 2009 lists are embedded data (catalogues/*.json, see the README
// there), each marked "awaiting verification against the ILO document".
// Catalogue.Evaluate applies the dimension rule (DimensionPositive) and the
// combination rule (CombinationPositive); LoadCatalogue validates a
// replacement and reports every problem by indicator. A screening names the
// catalogue version it used as CatalogueRef ("<id>@<version>").
//
// # Input
//
// ParseFacts reads exactly one JSON object (fields: age_at_recruitment,
// presumed_minor, acts, means, purposes, consented, crossed_border,
// exploitation_occurred, indicators) and returns a *FieldError naming the
// field and the rule for any problem. The package does no I/O beyond
// io.Reader and its embedded files.
package identify

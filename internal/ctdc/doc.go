// Package ctdc builds a de-identified submission file for the Counter
// Trafficking Data Collaborative (CTDC) from an organisation's cases: one row
// per victim in the columns of CTDC's Global Synthetic Dataset (codebook
// version 2, February 2024: 27 variables), k-anonymised over its
// quasi-identifiers by generalisation and suppression, with a report of what
// was generalised and suppressed.
//
// # Columns and values
//
// Columns lists the 27 variables in the codebook's order. Missing is an empty
// cell, as the codebook's NULL; the flags (means of control, types of
// exploitation, labour sectors, types of sexual exploitation, relation to the
// recruiter) are "1" or empty, never 0 (the codebook's convention: a reader
// builds the denominator from the rows that carry any flag of the group).
// How each column comes from a case (FromCase):
//
//   - yearOfRegistration: the year the case was registered (created).
//   - gender: Woman, Man or Trans/Transgender/NonConforming from the HTCDS
//     gender; NonSpecifiedUnknown is missing.
//   - ageBroad: CTDC's bands (0--8, 9--17, 18--20, 21--23, 24--26, 27--29,
//     30--38, 39--47, 48+) of the age when trafficked; a presumed minor of
//     unknown age is missing (CTDC has no band for "under 18, age unknown").
//   - citizenship, CountryOfExploitation: ISO 3166-1 alpha-3; the country of
//     exploitation is the last exploitation event's country.
//   - traffickMonths: always missing: the case holds no reliable end date of
//     the exploitation.
//   - means*: HTCDS methods of control merged as the codebook's Appendix II
//     merges CTDC's (debt bondage and taking earnings; threats, use of
//     children and family, threat of law enforcement; psychological, physical
//     and sexual abuse; restricting finances, medical care and necessities).
//   - isForcedLabour: forced labour, child labour, forced begging, forced
//     criminality; isSexualExploit: sexual exploitation; isOtherExploit:
//     forced marriage, servitude, forced military service, organ removal,
//     forced adoption, surrogacy, other.
//   - typeOfLabour*: the ISIC section of the labour industry (A agriculture,
//     F construction, T domestic work, I hospitality).
//   - recruiterRelation*: HTCDS Familial is Family, Acquainted is Friend,
//     Unaquainted is Other; HTCDS has no intimate partner, so that column is
//     always missing.
//
// No direct identifier reaches the file: no name, birth date, contact,
// identity number, narrative, place name, case code or identifier is read by
// FromCase, and rows are sorted by their values, so their order says nothing
// about when or by whom a case was recorded.
//
// # k-anonymity
//
// The quasi-identifiers (QIs) are the five columns a person who knows a
// victim could know too: yearOfRegistration, gender, ageBroad, citizenship and
// CountryOfExploitation. After Anonymise every combination of their values in
// the file occurs at least K times (CTDC used k = 11, DefaultK).
//
// Each QI has a generalisation hierarchy (Levels): the year becomes a
// two-year then a four-year band; the age band becomes 0--17 / 18--29 /
// 30--47 / 48+, then 0--17 / 18+; a country becomes its UN M49 intermediate
// region (the sub-regions CTDC's own region table uses: 011 Western Africa,
// 155 Western Europe, ...), then its M49 region (002 Africa, 150 Europe,
// ...); the top of every hierarchy is missing. Anonymise searches the whole
// lattice of full-domain generalisations (4 x 2 x 4 x 4 x 4 = 512 nodes, each
// priced from its parent's groups merged, search.go) and keeps the node of least
// information loss: each generalised value costs its level over its
// hierarchy's height (Sweeney's precision), each suppressed value 1. The rows
// still in groups smaller than K at that node have all five QIs suppressed
// (local suppression); those rows together form one group, and if it is
// still smaller than K they are left out of the file. Ties go to fewer
// suppressed rows, then to the lower levels in column order.
//
// k-anonymity protects against re-identification through the QIs only: the
// other columns are not generalised. It is CTDC's historical method; CTDC
// now also publishes synthetic data with differential privacy, which this
// package does not do.
//
// The package does no I/O beyond the writer it is given and holds no
// sentence: the report carries message codes (locales/ctdc.<lang>.toml).
package ctdc

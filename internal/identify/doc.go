// Package identify is Passerelle's screening engine: it says which elements of
// the trafficking definition the recorded facts support (Palermo Protocol
// Art. 3, with the Council of Europe Convention's presumption of minority) and
// evaluates the ILO/European Commission 2009 operational indicators.
//
// A screening is never a legal finding. Every result names the facts behind
// each element, gives its reasons in English and French, and recommends the
// next step (refer for formal identification, refer to child protection,
// refer to the labour inspectorate, or continue the assessment).
//
// The package is pure: no I/O beyond io.Reader and the indicator catalogues
// embedded from catalogues/*.json, which are data an administrator can correct
// or replace (LoadCatalogue validates a replacement).
package identify

// Package htcds reads and writes cases in the files organisations keep today:
// the IOM Human Trafficking Case Data Standard 2.0 (HTCDS, CC BY 4.0) Excel
// template and CSV files in the same layout (row 1 field names, row 2
// labels, one case a row).
//
// Import is all or nothing: every bad row is reported (row as the user sees
// it, column, rule, English and French message, never the cell's value) and
// no case is returned, unless the caller asks to skip bad rows. Everything
// the reader had to repair (country codes, dates, labels instead of value
// names, the template's own quirks) is reported too, so nothing is changed
// silently. Export writes the template's column order, so a file goes back
// into the template or through Import unchanged.
//
// The package does no I/O beyond the reader and writer it is given and holds
// no state: the store persists what Import returns (store.CreateCases, in
// one transaction) and gives Export its cases (store.ExportCases); the
// command "passerelle cases import|export" and the API wire them.
package htcds

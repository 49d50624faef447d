// Package htcds reads and writes cases in the files organisations keep today:
// the IOM Human Trafficking Case Data Standard 2.0 (HTCDS, CC BY 4.0) Excel
// template and CSV files in the same layout (row 1 field names, row 2
// labels, one case a row).
//
// Import is all or nothing: every bad row is reported (row as the user sees
// it, column, rule, message code and parameters, never the cell's value)
// and no case is returned, unless the caller asks to skip bad rows.
// Everything the reader had to repair (country codes, dates, labels instead
// of value names, the template's own quirks) is reported too, so nothing is
// changed silently. Export writes the template's column order, so a file
// goes back into the template or through Import unchanged.
//
// The package holds no sentence: reports and errors carry message codes
// (internal/i18n ids, locales/htcds.<lang>.toml) with parameters, and Error
// has a fault kind. The words a file may hold in a language (column labels,
// value labels, yes/no) are data in vocab/<lang>.toml; the standard's field
// and value names are the format and stay in Go.
//
// Import is bounded in memory and time whatever the input: the file size,
// the unpacked size of an XLSX and of each of its parts (checked against
// the zip directory before anything is unpacked, and never unpacked to a
// temporary file), the cells per row, the cells, strings and rows per file
// (counted in one pass over bytes before a parser allocates for them).
//
// The package does no I/O beyond the reader and writer it is given and holds
// no state: the import and export use cases are store.ImportCases and
// store.ExportHTCDS, which the pages, the API and "passerelle cases" call.
package htcds

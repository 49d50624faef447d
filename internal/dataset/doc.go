// Package dataset holds statistics datasets: any CSV file with a header read
// into columns, and the counting of their rows by one or more columns. It is
// pure Go (no SQL, no HTTP): internal/store keeps what Read returns and
// counts with Tabulate; the disclosure-control release of the counts is
// internal/disclosure's.
//
// # Storage form
//
// A column is dictionary-encoded: its distinct values in order of first
// appearance (Values), and for each row a code, 0 for a missing value and i+1
// for Values[i]. Codes are kept in chunks of ChunkRows rows, each one byte of
// width (1, 2 or 4) then the codes little-endian: counting a million rows by
// three columns reads three times a few megabytes and never parses text.
//
// # CTDC conventions
//
// The Counter Trafficking Data Collaborative's files are read as they come:
//   - "-99", "-99.0" and an empty cell (after trimming spaces) are missing;
//   - the global dataset's first column, whose header is the terms of use
//     ("By using this data you agree to the Terms of Use: ...") and whose
//     cells are empty, is skipped (Data.TermsSkipped);
//   - a column whose every value is an ISO 3166-1 code (alpha-2 or alpha-3,
//     CTDC's "00" for an unknown country allowed) is of Kind Country, so
//     that the pages and the commands show the countries' names;
//   - ";" joins several values in one cell ("Female;Male": the perpetrators
//     of one victim). By default such a combination is a value of its own,
//     which is CTDC's convention in its frequency tables (TabStat counts
//     "Female;Male" on its own line, and the valid lines sum to the rows
//     with a value). With Options.Split a row counts once in the cell of
//     each of its values instead, so the cells then sum to more than the rows.
package dataset

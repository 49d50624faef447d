// Package donor builds the donor report: what an organisation, or the whole
// network, did over a period, in figures a donor or a coordinator may read.
// Every table goes through disclosure control (internal/disclosure) before
// it is printed, and the method (k, or epsilon and delta, and the cells
// withheld) is printed under it.
//
// The report holds five tables: the cases identified in the period (cases
// registered between From and To) by gender and age group, the same cases by
// form of exploitation (a case may have several), the services delivered in
// the period (reintegration plan items done, whose actual end falls in the
// period) by type, the people who attended a training that started in the
// period by profession, and the prevention campaigns that started in it by
// level. Only cases whose person consents to statistics now are counted, and
// the number left out is printed. Referrals have no records in the program
// yet; the report says so rather than printing zeros. A withheld count is
// printed as disclosure.Mark, which the note under the table explains.
//
// The package reads facts the store gives it (Input: codes only, never an
// identifier) and writes the PDF with codeberg.org/go-pdf/fpdf's core fonts
// through the cp1252 translator (French accents and « » are in cp1252). It
// holds no sentence: titles, labels and notes are message codes
// (locales/report.<lang>.toml, and the case register's labels).
package donor

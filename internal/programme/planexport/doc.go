// Package planexport writes a national action plan (plan.Detail, as the
// store's audited ExportActionPlan gives it) as files: an Excel workbook
// for a ministry's report (the plan and its progress, activities with their
// status, indicators, projects), a CSV of the activities for other
// programs, and the IATI activity standard 2.03 XML that donors publish in.
// It does no I/O beyond the writer it is given; words come from the
// catalogues (plan.* ids) in the reader's language.
//
// # IATI choices
//
//   - One iati-activity for the plan (hierarchy 1) and one per donor-funded
//     project (hierarchy 2, with related-activity type 1 naming the plan).
//   - reporting-org is the organisation keeping the plan, with the plan's
//     IATI organisation identifier; without one, a placeholder
//     "XI-PASSERELLE-<organisation id>" that is not registered with IATI
//     (the page says to record the real one before publishing). The type
//     comes from the organisation's type (OrganisationType codelist).
//   - An iati-identifier must begin with the reporting organisation's
//     identifier. A project's own identifier is used when it does; otherwise
//     it is taken to be the donor's identifier of its activity, cited as
//     participating-org role 1 (funding) activity-id, the traceability IATI
//     asks for, and the project's identifier here is derived.
//   - sector: vocabulary 1 (OECD DAC 5-digit) code 15160, "Human rights",
//     whose description names programmes for victims of trafficking; 15180
//     ("Ending violence against women and girls") covers only the
//     trafficking of women and girls, and plans cover men and boys (forced
//     labour) too.
//   - recipient-country is the plan's country in ISO 3166-1 alpha-2 (the
//     codelist IATI uses), from internal/country.
//   - activity-status (ActivityStatus codelist): 1 pipeline before the start
//     date, 2 implementation until the end date, then 3 finalisation while
//     some activity is neither done nor cancelled, else 4 closed.
//   - activity-date: 1 planned start and 3 planned end.
//   - budget: IATI wants periods of at most a year. A project's budget is
//     spread over its calendar years in proportion to its days (hundredths,
//     the remainder in the last period); the plan's budgets are the sums of
//     its activities' budgets by the calendar year they start in, one per
//     currency. value-date is the period's start.
//   - No transaction is written: Passerelle records budgets, not
//     commitments or disbursements.
//   - Titles are written as typed (in the activity's default language, the
//     reader's); a title and a description in every catalogue language are
//     generated from the catalogues (English and French today).
package planexport

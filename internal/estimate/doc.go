// Package estimate implements multiple systems estimation (MSE) of a hidden
// population, such as the victims of trafficking in a country, from the
// overlaps between lists that each saw part of it (police, NGOs, local
// authorities, ...).
//
// # Data
//
// A Table holds, for every combination of lists, the number of people seen on
// exactly those lists. It is read from CSV by ReadTable (one 0/1 column per
// list and a count column, named count, n, freq or frequency) or built by
// NewTable from list names and cells, as a record-linkage run gives them.
// Combinations not given count 0. Refused, with a message code naming the
// row, the column and the rule: list values other than 0/1,
// counts that are negative or not whole numbers, fewer than two or more than
// MaxLists lists, a row for the all-zero combination (people on no list are
// what is estimated), a missing count column, an empty table, a list with
// nobody on it, and repeated combinations. Repeats are refused rather than
// summed, because in a table of overlap counts a repeat is almost always a
// mistake; sum them before if that is meant.
//
// # Models
//
// The models are log-linear Poisson models over the 2^m - 1 observable
// combinations: an intercept (whose exponential is the expected number of
// people on no list), main effects for each list, and chosen two-list
// interactions. They are fitted by maximum likelihood with Newton's method
// (IRLS), see FitModel.
//
// Before a model is fitted, CheckModel tests that its maximum likelihood
// estimate exists, with the linear program of Fienberg and Rinaldo (2012) as
// used in SparseMSE's checkident (solved with gonum's simplex), and that it
// is identifiable (full column rank of the design over the observable
// combinations). Sparse data make both fail: when two lists share nobody, the
// interaction between them would go to minus infinity. By default such models
// are never fitted or chosen; they are reported with the reason. SparseMSE
// instead fits them as extended maximum likelihood estimates, with the
// parameter at minus infinity and the combinations holding both lists fitted
// as 0; Options.Extended (passerelle estimate --extended) does the same, and
// the bootstrap always does for its replicates (see Bootstrap). The two agree
// unless selection would take such an interaction, as on the Dutch data.
//
// # Model choice
//
//   - Stepwise (default): the method of the UK Home Office 2014 estimate and
//     of SparseMSE's stepwisefit (Chan, Silverman and Vincent 2019; Silverman
//     2020). From main effects, add the interaction with the smallest
//     one-sided Poisson p-value for the number of people on both lists, while
//     it is below the threshold (default 0.02) and the enlarged model passes
//     CheckModel.
//   - Main: main effects only (lists independent).
//   - AIC, BIC: least AIC or BIC (log of the observed number per parameter),
//     over every subset of interactions for up to ExhaustiveMaxLists (5)
//     lists, that is up to 1024 models; with more lists a forward search from
//     main effects, adding the interaction that lowers the criterion most
//     while one does.
//   - Fixed: the interactions the user lists.
//
// # Intervals
//
// 95% intervals for the total: the profile likelihood interval for the
// intercept (Profile, the default), or a parametric bootstrap with a seed
// (Bootstrap), which keeps the chosen model fixed. SparseMSE's normal
// interval on the log of the unseen (Wald) is also given for comparison.
//
// The package holds no words: errors, reasons, caveats and labels are
// message codes with parameters (Error, Message), worded by the surfaces
// through internal/i18n (locales/estimate.*.toml).
package estimate

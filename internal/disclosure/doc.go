// Package disclosure is the one gate every table of counts passes before it
// leaves the system: case statistics, imported datasets, the overlap tables
// of linkage runs and the strata of estimates. It is pure Go (no SQL, no
// HTTP, no words: messages are catalogue codes).
//
// A Table is a full cross-tabulation of the combinations present in the data
// (combinations absent from it are zero). Protect turns it into a Release
// under a Policy:
//
//   - Suppression (k-anonymity of counts, as CTDC and statistical offices
//     publish): every cell and every margin with 0 < count < k is withheld
//     (primary suppression). Zero cells are never withheld for themselves:
//     like CTDC and tau-Argus, zeros are treated as safe (an empty cell
//     points at nobody). Then complementary suppression withholds further
//     values (zeros first, then the smallest counts; cells before margins)
//     until no withheld value can be worked out from what is released: the
//     released cells, the totals of every value of every variable and the
//     grand total. Since a zero may be withheld as a complement, a withheld
//     cell may be 0 as far as an intruder knows; had zeros always been
//     released, every withheld cell would be known to be at least 1, and the
//     mere list of a table's non-zero cells would pin cells of an overlapping
//     table. The check is the intruder's own: for each withheld value, the
//     smallest and the largest it can take under the linear system of
//     released figures (values at least 0, margins the sums of their cells)
//     are computed by linear programming (gonum's simplex); a value whose
//     range holds a single whole number other than 0 is pinned and gets
//     another complement. Tables released before to the same audience
//     (ProtectAgainst) join that system: their shared margins are equations
//     too, so overlapping tables together pin nothing either.
//   - Differential privacy (github.com/google/differential-privacy/go/v3):
//     Laplace noise on each count, scaled to a person's contribution bound
//     (MaxContributions cells per person, one unit per cell), and the
//     library's thresholding selects the cells released so that the very
//     presence of a combination is private ((epsilon, delta)-DP). Margins are
//     the sums of the released noisy cells (post-processing: no extra budget).
//   - Public (k = 0): for an analyst on data already public; nothing is
//     withheld and the note under the table says so.
//
// Release implements i18n.Coded: its Message is the sentence printed under
// every table (which method, k or epsilon and delta); a withheld count is
// printed as Mark ("[c]"). Audit attacks any set of releases to one
// audience as the intruder above would, for tests and for checks of what
// was released.
//
// When even which combinations a table lists (those absent are known to be
// empty) would give an earlier release's figure away, ProtectAgainst lists
// the missing combinations of the values present as zero cells after the
// table's own, so that some of them can be withheld too.
//
// Limits. The LP range is the relaxation: for two-way tables with their
// margins the constraint matrix is totally unimodular, so the range is exact;
// for three-way tables it bounds what an integer intruder finds (the rule
// "at least two whole numbers in the range" is the guard). Earlier releases
// are linked only when they are consistent with the current data; a register
// that changed between two releases is not modelled (differences over time).
package disclosure

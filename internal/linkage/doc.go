// Package linkage is Passerelle's privacy-preserving record linkage: it lets
// organisations learn that they know the same person without showing each
// other who their people are.
//
// Flow of a linkage run: a coordinator proposes the run and the field list;
// the participating organisations share a secret (at least 32 bytes, from
// "passerelle link keygen") that the linkage unit never sees; each
// organisation encodes its own cases (Encoder, EncodeCSV, WriteCLK); the
// linkage unit matches the encodings (Match) and returns to each organisation
// the groups holding its records (WriteGroups); the coordinator receives only
// the overlap counts per combination of organisations (OverlapCounts,
// WriteCounts), the input of a multiple-systems estimate.
//
// Encoding: one Bloom filter per record (1024 bits by default), a CLK in the
// sense of Schnell et al. (2009) and data61's clkhash. Names and places give
// padded character bigrams, dates give year, month, day, decade and last
// year digit tokens, sex one token, exact fields the whole value. Values are
// normalised first (NFKD, accents removed, case folded, punctuation and
// spaces collapsed, Hausa hooked letters and other non-decomposing letters
// mapped). Every token sets K bits (per field) taken from HMAC-SHA256 under
// a key derived with HKDF from the shared secret for that field position
// only; there is no double hashing. Optional hardening: balancing (filter of
// Bits/2 concatenated with its negation, then a keyed permutation), salting
// every token with a stable attribute (or its year), and BLIP randomised
// response. Only record-level filters are produced, and scores are never
// written out.
//
// Matching: Dice coefficient 2|A AND B|/(|A|+|B|) with the decision made in
// integers (see kernel.Matches) so that all kernels agree exactly; exhaustive
// comparison (fast enough up to billions of pairs), banded MinHash blocking
// designed from the threshold and streamed band by band into each record's
// best TopK candidates (lsh, lsh_stream.go), or Hamming-LSH blocks with
// minimum and maximum sizes held in memory (lsh-blocks, LSHParams); auto
// blocking estimates both costs from a sample of random pairs and blocks
// only where that costs less than half of comparing everything
// (lsh_auto.go); then anonlink's greedy solver: pairs by descending score,
// one record per party per group, one-to-one for two parties.
//
// Automatic threshold (MatchOptions.Auto, the command's default): candidates
// are gathered from a low floor (AutoFloor), the solver's accepted pairs are
// taken in score order, and a two-component Beta mixture (non-matches,
// matches) is fitted to their scores by expectation-maximisation, the
// non-match component fitted beforehand on each record's second-best
// candidate (ChooseThresholdAgainst). The threshold with the best expected F1
// is kept, with its estimated precision and recall; the output at that
// threshold is exactly the accepted pairs above it. Scores that cannot tell
// matches apart (too few, all equal, one population) are refused with a code
// and the default threshold is used. See autothreshold.go for why Beta.
//
// Commands: passerelle link keygen|encode|match|bench|eval-febrl|
// eval-multiparty. GeneratedParties invents records with a known answer for
// tests and measurements at any size.
//
// The package holds no words: refusals (Error) and reports (Message) are
// message codes with parameters, worded by the command line through
// internal/i18n (locales/linkage.*.toml).
package linkage

package linkage

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// EvalOptions choose the threshold and hardening for an evaluation run.
type EvalOptions struct {
	Threshold float64 // 0 = DefaultThreshold
	Auto      bool    // threshold chosen from the scores (MatchOptions.Auto); the thresholds given are ignored
	Balance   bool
	BLIP      float64
	SaltYear  bool // salt every token with the year of birth
	Kernel    kernel.Kernel
	Blocking  string    // as MatchOptions.Blocking
	LSH       LSHParams // as MatchOptions.LSH
}

// EvalReport is the pairwise linkage quality against the ground truth.
type EvalReport struct {
	Name                      string
	Settings                  Settings
	Threshold                 float64
	TruePairs, Found, Correct int
	Precision, Recall         float64
	Comparisons               int64
	Blocking                  string
	BlockStats
	MatchTime time.Duration // wall time of Match alone (encoding excluded)
	MatchCPU  time.Duration // CPU time of the process during Match (all threads)
	// With EvalOptions.Auto: the estimates to compare with the measured
	// precision and recall, or why the default threshold was used.
	Auto         *AutoThreshold
	AutoFallback error
}

// evalSecret is a fixed secret for the public synthetic evaluation data, so
// that figures are reproducible. Never use it for real records.
var evalSecret = func() []byte { s := sha256.Sum256([]byte("passerelle public evaluation secret")); return s[:] }()

// FEBRLFields is the encoding used for FEBRL 4: names, date of birth and
// the address (FEBRL has no sex column).
var FEBRLFields = []string{
	"given_name:name", "surname:name", "date_of_birth:date:YYYYMMDD",
	"street_number:exact", "address_1:place", "address_2:place", "suburb:place",
	"postcode:exact", "state:exact", "soc_sec_id:exact",
}

// MultipartyThreshold is the threshold with the best F1 on the five-party
// data with MultipartyFields (swept from 0.50 to 0.75). Those records are far
// dirtier than FEBRL's and their encoding has fewer fields, hence a higher
// threshold than DefaultThreshold.
const MultipartyThreshold = 0.68

// MultipartyFields is the encoding used for the anonlink five-party data.
var MultipartyFields = []string{
	"givenname:name", "surname:name", "dob:date:DD-MM-YYYY", "gender:sex", "city:place",
	"phone number:place", "income:place:k=5",
}

func evalSettings(specs []string, o EvalOptions, dobColumn string) (Settings, error) {
	s := Settings{Bits: DefaultBits, Balance: o.Balance, BLIP: o.BLIP}
	if o.SaltYear {
		s.Salt, s.SaltYr = dobColumn, true
	}
	for _, spec := range specs {
		f, err := ParseField(spec)
		if err != nil {
			return s, err
		}
		s.Fields = append(s.Fields, f)
	}
	return s, s.Validate()
}

func encodeFile(path string, s Settings, party string) (*Encodings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errf("eval.missing", kv{"Dir": filepath.Dir(path), "Expected": path})
	}
	defer f.Close()
	enc, err := NewEncoder(s, evalSecret)
	if err != nil {
		return nil, err
	}
	return EncodeCSV(f, filepath.Base(path), idColumnOf(path), enc, party)
}

func idColumnOf(path string) string {
	if strings.Contains(filepath.Base(path), "dataset4") {
		return "rec_id"
	}
	return "id"
}

// EvalFEBRL links FEBRL dataset4a.csv with dataset4b.csv from dir
// (rec-N-org in 4a is the same person as rec-N-dup-0 in 4b) and measures
// pairwise precision and recall at each threshold (the data are encoded
// once).
func EvalFEBRL(dir string, o EvalOptions, thresholds ...float64) ([]*EvalReport, error) {
	s, err := evalSettings(FEBRLFields, o, "date_of_birth")
	if err != nil {
		return nil, err
	}
	var encs []*Encodings
	for _, name := range []string{"dataset4a.csv", "dataset4b.csv"} {
		e, err := encodeFile(filepath.Join(dir, name), s, strings.TrimSuffix(name, ".csv"))
		if err != nil {
			return nil, err
		}
		encs = append(encs, e)
	}
	entity := func(id string) string { // rec-123-org, rec-123-dup-0 -> 123
		parts := strings.Split(id, "-")
		if len(parts) >= 2 {
			return parts[1]
		}
		return id
	}
	return evaluate("FEBRL 4", encs, s, o, entity, thresholds)
}

// EvalMultiparty links the anonlink dataset-1.csv ... dataset-5.csv from dir
// (the same id in two files is the same person) and measures pairwise
// precision and recall of the clusters at each threshold.
func EvalMultiparty(dir string, o EvalOptions, thresholds ...float64) ([]*EvalReport, error) {
	s, err := evalSettings(MultipartyFields, o, "dob")
	if err != nil {
		return nil, err
	}
	var encs []*Encodings
	for i := 1; i <= 5; i++ {
		name := "dataset-" + itoa(i) + ".csv"
		e, err := encodeFile(filepath.Join(dir, name), s, "dataset-"+itoa(i))
		if err != nil {
			return nil, err
		}
		encs = append(encs, e)
	}
	if len(thresholds) == 0 {
		thresholds = []float64{MultipartyThreshold}
	}
	return evaluate("anonlink 5 parties", encs, s, o, func(id string) string { return id }, thresholds)
}

// evaluate matches encs at each threshold (DefaultThreshold when none) and
// compares every cross-party pair inside a group with the truth given by
// entity(id).
func evaluate(name string, encs []*Encodings, s Settings, o EvalOptions, entity func(string) string, thresholds []float64) ([]*EvalReport, error) {
	if len(thresholds) == 0 || o.Auto {
		thresholds = []float64{0} // Match's default for these encodings (auto's fallback)
	}
	truePairs := 0
	perEntity := map[string][]int{} // entity -> number of records per party
	for p, e := range encs {
		for _, id := range e.IDs {
			c := perEntity[entity(id)]
			if c == nil {
				c = make([]int, len(encs))
				perEntity[entity(id)] = c
			}
			c[p]++
		}
	}
	for _, c := range perEntity {
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				truePairs += c[i] * c[j]
			}
		}
	}
	var out []*EvalReport
	for _, t := range thresholds {
		start, cpu0 := time.Now(), cpuTime()
		res, err := Match(encs, MatchOptions{Threshold: t, Auto: o.Auto, Kernel: o.Kernel, Blocking: o.Blocking, LSH: o.LSH})
		if err != nil {
			return out, err
		}
		r := &EvalReport{Name: name, Settings: s, Threshold: res.Threshold, Comparisons: res.Comparisons, TruePairs: truePairs, Blocking: res.Blocking, BlockStats: res.BlockStats, MatchTime: time.Since(start), MatchCPU: cpuTime() - cpu0, Auto: res.Auto, AutoFallback: res.AutoFallback}
		for _, g := range res.Groups {
			for i := range g {
				for j := i + 1; j < len(g); j++ {
					r.Found++
					if entity(encs[g[i].Party].IDs[g[i].Record]) == entity(encs[g[j].Party].IDs[g[j].Record]) {
						r.Correct++
					}
				}
			}
		}
		if r.Found > 0 {
			r.Precision = float64(r.Correct) / float64(r.Found)
		}
		if r.TruePairs > 0 {
			r.Recall = float64(r.Correct) / float64(r.TruePairs)
		}
		out = append(out, r)
	}
	return out, nil
}

// F1 is the harmonic mean of precision and recall.
func (r *EvalReport) F1() float64 {
	if r.Precision+r.Recall == 0 {
		return 0
	}
	return 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
}

// Lines are the parts of the report for people, shown joined by "; ".
// Figures are written with a fixed number of decimals, as a report to
// compare between runs.
func (r *EvalReport) Lines() []Message {
	f := func(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) }
	out := []Message{
		msg("eval.line", kv{"Name": r.Name, "Precision": f(r.Precision, 4), "Recall": f(r.Recall, 4),
			"TruePairs": r.TruePairs, "Found": r.Found, "Correct": r.Correct, "Threshold": f(r.Threshold, 4)}),
		r.Settings.Describe(),
		msg("eval.comparisons", kv{"Comparisons": r.Comparisons, "Blocking": r.Blocking}),
	}
	if r.Blocks > 0 {
		out = append(out, r.BlockStats.Line())
	}
	if r.Auto != nil && r.AutoFallback == nil {
		out = append(out, msg("eval.auto", kv{"Precision": f(r.Auto.Precision, 4), "Recall": f(r.Auto.Recall, 4)}))
	}
	return append(out, msg("eval.time", kv{"Match": f(r.MatchTime.Seconds(), 3), "CPU": f(r.MatchCPU.Seconds(), 3)}))
}

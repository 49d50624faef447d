package htcds

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// vocab/<language>.toml hold the words an HTCDS file may carry in that
// language: column labels, value labels, yes/no words. They are data: a
// language is added by adding a file, with no change to the Go code.
//
//go:embed vocab/*.toml
var vocabFiles embed.FS

// words is one language's vocabulary.
type words struct {
	Lang     string
	Fields   map[string]string              // field name -> label
	Values   map[string]map[string][]string // list name -> value name -> labels
	Booleans map[string][]string            // "true"/"false" -> words
}

// vocabulary reads every embedded file once, in language order. A
// malformed file is a build defect the package tests catch.
var vocabulary = sync.OnceValue(func() []words {
	ws, err := readVocab(vocabFiles)
	if err != nil {
		panic(err)
	}
	return ws
})

func readVocab(fsys fs.FS) ([]words, error) {
	names, err := fs.Glob(fsys, "vocab/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []words
	for _, n := range names {
		buf, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		w := words{Lang: strings.TrimSuffix(path.Base(n), ".toml")}
		md, err := toml.Decode(string(buf), &w)
		if err != nil {
			return nil, fmt.Errorf("htcds: %s: %w", n, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			return nil, fmt.Errorf("htcds: %s: unknown keys %v", n, un)
		}
		out = append(out, w)
	}
	return out, nil
}

// picklists names the value lists as the vocabulary files do.
var picklists = map[string]*picklist{
	"gender": genders, "trafficking_status": traffickingStatuses, "decision_org": decisionOrgs,
	"relationship": relationships, "recruitment_method": recruitmentMethods, "control_method": controlMethods,
	"exploitation": exploitationTypes, "labour_industry": labourIndustries, "sex_exploitation": sexExploitationTypes,
	"case_status": caseStatuses, "event_kind": eventKinds,
}

// booleanWords maps normal(word) to its truth: the format's TRUE/FALSE and
// 1/0, then the words of every language.
var booleanWords = map[string]bool{"true": true, "false": false, "1": true, "0": false}

// The value labels of every language are accepted on import (a
// French-speaking team types "Exploitation sexuelle", not
// SexualExploitation) and reported as converted labels; a label already
// taken (by the standard or a language read before) keeps its meaning.
func init() {
	for _, w := range vocabulary() {
		for list, values := range w.Values {
			p, ok := picklists[list]
			if !ok {
				panic(fmt.Sprintf("htcds: vocab/%s.toml: unknown list %q", w.Lang, list))
			}
			for v, labels := range values {
				for _, l := range labels {
					if _, taken := p.index[normal(l)]; !taken {
						p.index[normal(l)] = v
					}
				}
			}
		}
		for truth, ws := range w.Booleans {
			for _, x := range ws {
				if _, taken := booleanWords[normal(x)]; !taken {
					booleanWords[normal(x)] = truth == "true"
				}
			}
		}
	}
}

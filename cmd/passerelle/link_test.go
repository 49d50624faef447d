package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// Invented records; not real persons.
const linkCSV1 = `case_id,first,last,born,sex,town
N1,Adébáyọ̀,Okonkwo,1994-03-12,F,Lagos
N2,Aïssata,Diallo,2001-11-05,F,Niamey
N3,Ibrahim,Moussa,1988-07-21,M,Zinder
`

const linkCSV2 = `ref,prenom,nom,naissance,sexe,ville
S9,ADEBAYO,OKONKWO,12/03/1994,femme,Lagos
S8,Aissata,Dialo,05/11/2001,F,Niamey
S7,Fatouma,Issoufou,03/04/1992,F,Maradi
`

func linkRunCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := dispatch(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLinkEndToEnd(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(p("a.csv"), []byte(linkCSV1), 0o600)
	os.WriteFile(p("b.csv"), []byte(linkCSV2), 0o600)
	if code, _, e := linkRunCmd(t, "link", "keygen", "--out", p("key")); code != 0 {
		t.Fatalf("keygen: %d %s", code, e)
	}
	if code, _, e := linkRunCmd(t, "link", "keygen", "--lang", "fr", "--out", p("key")); code == 0 || !strings.Contains(e, "jamais écrasé") {
		t.Fatalf("keygen overwrote a secret: %d %s", code, e)
	}
	code, out, e := linkRunCmd(t, "link", "encode", "--in", p("a.csv"), "--id-column", "case_id", "--party", "ngo",
		"--field", "first:name", "--field", "last:name", "--field", "born:date", "--field", "sex:sex", "--field", "town:place",
		"--secret-file", p("key"), "--out", p("a.clk"))
	if code != 0 {
		t.Fatalf("encode a: %d %s", code, e)
	}
	if !strings.Contains(out, "encoded 3 records") {
		t.Errorf("encode output: %s", out)
	}
	code, _, e = linkRunCmd(t, "link", "encode", "--in", p("b.csv"), "--id-column", "ref", "--party", "shelter",
		"--field", "prenom:name", "--field", "nom:name", "--field", "naissance:date:DD/MM/YYYY", "--field", "sexe:sex", "--field", "ville:place",
		"--secret-file", p("key"), "--out", p("b.clk"))
	if code != 0 {
		t.Fatalf("encode b: %d %s", code, e)
	}
	code, _, e = linkRunCmd(t, "link", "match", "--threshold", "0.7", p("a.clk"), p("b.clk"), "--out", p("groups.csv"), "--counts", p("counts.csv"))
	if code != 0 {
		t.Fatalf("match: %d %s", code, e)
	}
	groups, _ := os.ReadFile(p("groups.csv"))
	want := "group,party,record_id\n1,ngo,N1\n1,shelter,S9\n2,ngo,N2\n2,shelter,S8\n"
	if string(groups) != want {
		t.Errorf("groups:\n%s\nwant:\n%s", groups, want)
	}
	counts, _ := os.ReadFile(p("counts.csv"))
	if string(counts) != "ngo,shelter,count\n1,1,2\n1,0,1\n0,1,1\n" {
		t.Errorf("counts:\n%s", counts)
	}
}

func TestLinkRefusals(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(p("a.csv"), []byte(linkCSV1), 0o600)
	os.WriteFile(p("short"), []byte("0123456789"), 0o600)
	linkRunCmd(t, "link", "keygen", "--out", p("k1"))
	linkRunCmd(t, "link", "keygen", "--out", p("k2"))
	enc := func(key, out string, extra ...string) (int, string) {
		args := append([]string{"link", "encode", "--in", p("a.csv"), "--id-column", "case_id", "--field", "first:name",
			"--secret-file", key, "--out", out}, extra...)
		code, _, e := linkRunCmd(t, args...)
		return code, e
	}
	check := func(name string, code int, msg, want string) {
		if code != 2 || !strings.Contains(msg, want) {
			t.Errorf("%s: exit %d, message %q, want %q", name, code, msg, want)
		}
	}
	c, m := enc(p("short"), p("x.clk"))
	check("short secret", c, m, "at least 32 bytes")
	c, m = enc(p("k1"), p("x.clk"), "--field", "nick:nickname")
	check("unknown kind", c, m, "unknown field kind")
	code, _, e := linkRunCmd(t, "link", "encode", "--lang", "fr", "--in", p("a.csv"), "--id-column", "dossier", "--field", "first:name", "--secret-file", p("k1"), "--out", p("x.clk"))
	check("missing id column (fr)", code, e, "manque dans l'en-tête")
	os.WriteFile(p("empty.csv"), nil, 0o600)
	code, _, e = linkRunCmd(t, "link", "encode", "--in", p("empty.csv"), "--id-column", "case_id", "--field", "first:name", "--secret-file", p("k1"), "--out", p("x.clk"))
	check("empty input", code, e, "is empty")
	if c, m := enc(p("k1"), p("a1.clk")); c != 0 {
		t.Fatal(m)
	}
	if c, m := enc(p("k2"), p("a2.clk")); c != 0 {
		t.Fatal(m)
	}
	if c, m := enc(p("k1"), p("a3.clk"), "--balance"); c != 0 {
		t.Fatal(m)
	}
	code, _, e = linkRunCmd(t, "link", "match", "--out", p("g.csv"), p("a1.clk"), p("a2.clk"))
	check("different keys", code, e, "different secret")
	code, _, e = linkRunCmd(t, "link", "match", "--out", p("g.csv"), p("a1.clk"), p("a3.clk"))
	check("different settings", code, e, "different settings")
	code, _, e = linkRunCmd(t, "link", "match", "--out", p("g.csv"), p("a1.clk"))
	check("one file", code, e, "at least two")
	code, _, e = linkRunCmd(t, "link", "match", "--out", p("g.csv"), p("a.csv"), p("a1.clk"))
	check("not a clk", code, e, "not a Passerelle encoding file")
	code, _, e = linkRunCmd(t, "link", "bench", "--kernel", "quantum")
	check("unknown kernel", code, e, "unknown or not supported")
}

func TestLinkBenchJSON(t *testing.T) {
	code, out, e := linkRunCmd(t, "link", "bench", "--n", "64", "--time", "1ms", "--format", "json", "--kernel", "portable")
	if code != 0 {
		t.Fatalf("bench: %d %s", code, e)
	}
	for _, k := range []string{`"single_core_per_second"`, `"all_cores_per_second"`, `"kernel": "portable"`} {
		if !strings.Contains(out, k) {
			t.Errorf("bench json lacks %s:\n%s", k, out)
		}
	}
}

// TestLinkBenchAll: --kernel all measures every kernel this CPU runs but
// the reference, as a JSON array.
func TestLinkBenchAll(t *testing.T) {
	code, out, e := linkRunCmd(t, "link", "bench", "--n", "64", "--time", "1ms", "--format", "json", "--kernel", "all")
	if code != 0 {
		t.Fatalf("bench all: %d %s", code, e)
	}
	var rs []linkage.BenchResult
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("bench all json: %v\n%s", err, out)
	}
	var want []string
	for _, k := range kernel.Available()[1:] {
		want = append(want, k.Name())
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Kernel)
		if r.SingleCorePerSecond <= 0 || r.AllCoresPerSecond <= 0 {
			t.Errorf("%s: no figure: %+v", r.Kernel, r)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("kernels measured %v, want %v", got, want)
	}
}

// encodedPair writes the two sample files, a key, and their encodings a.clk
// and b.clk in a fresh directory, and returns the path of a name in it.
func encodedPair(t *testing.T) func(string) string {
	t.Helper()
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(p("a.csv"), []byte(linkCSV1), 0o600)
	os.WriteFile(p("b.csv"), []byte(linkCSV2), 0o600)
	linkRunCmd(t, "link", "keygen", "--out", p("key"))
	for _, f := range []struct{ in, id, field, out string }{{"a.csv", "case_id", "first:name", "a.clk"}, {"b.csv", "ref", "prenom:name", "b.clk"}} {
		if code, _, e := linkRunCmd(t, "link", "encode", "--in", p(f.in), "--id-column", f.id, "--field", f.field,
			"--secret-file", p("key"), "--out", p(f.out)); code != 0 {
			t.Fatalf("encode %s: %d %s", f.in, code, e)
		}
	}
	return p
}

func TestLinkBlockFlags(t *testing.T) {
	p := encodedPair(t)
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"--min-block", "0"}, "--min-block 0: must be a positive"},
		{[]string{"--min-block", "-2"}, "--min-block -2: must be a positive"},
		{[]string{"--max-block", "0"}, "--max-block 0: must be a positive"},
		{[]string{"--min-block", "10", "--max-block", "15"}, "--max-block 15: must be at least twice --min-block (10)"},
		{[]string{"--lang", "fr", "--min-block", "8", "--max-block", "4"}, "--max-block 4 : doit valoir au moins le double de --min-block (8)"},
		{[]string{"--lang", "fr", "--min-block", "0"}, "--min-block 0 : doit être un nombre entier positif"},
	}
	for _, b := range bad {
		for _, cmd := range [][]string{
			{"link", "match", "--out", p("g.csv"), p("a.clk"), p("b.clk")},
			{"link", "eval-febrl", p("nowhere")},
			{"link", "eval-multiparty", p("nowhere")},
		} {
			code, _, e := linkRunCmd(t, append(cmd, b.args...)...)
			if code != 2 || !strings.Contains(e, b.want) {
				t.Errorf("%s %v: exit %d, message %q, want %q", cmd[1], b.args, code, e, b.want)
			}
		}
	}
	code, out, e := linkRunCmd(t, "link", "match", "--blocking", "lsh-blocks", "--min-block", "3", "--max-block", "6", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(out, "blocks of 3 to ") {
		t.Errorf("match with lsh-blocks: exit %d, output %q %q", code, out, e)
	}
	code, out, _ = linkRunCmd(t, "link", "match", "--lang", "fr", "--blocking", "lsh-blocks", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(out, "enregistrements (toutes bandes)") {
		t.Errorf("match with lsh-blocks (fr): exit %d, output %q", code, out)
	}
	code, out, e = linkRunCmd(t, "link", "match", "--blocking", "lsh", "--threshold", "0.8", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(out, "blocking lsh as asked") || !strings.Contains(out, "MinHashes, designed for Dice 0.8") {
		t.Errorf("match with lsh: exit %d, output %q %q", code, out, e)
	}
	code, out, _ = linkRunCmd(t, "link", "match", "--blocking", "auto", "--threshold", "0.8", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(out, "blocking auto chose none") || strings.Contains(out, "MinHashes") {
		t.Errorf("match with auto blocking on three records: exit %d, output %q", code, out)
	}
	code, out, _ = linkRunCmd(t, "link", "match", "--blocking", "none", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || strings.Contains(out, "blocks of") {
		t.Errorf("match without blocking: exit %d, output %q", code, out)
	}
}

// Progress is shown on a terminal only, or as plain lines with --progress:
// the error output of these runs is not a terminal.
func TestLinkMatchProgress(t *testing.T) {
	p := encodedPair(t)
	for _, blocking := range []string{"none", "lsh"} {
		code, _, e := linkRunCmd(t, "link", "match", "--blocking", blocking, "--threshold", "0.8", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
		if code != 0 || strings.Contains(e, " of ") {
			t.Errorf("%s without --progress: exit %d, error output %q", blocking, code, e)
		}
		code, _, e = linkRunCmd(t, "link", "match", "--blocking", blocking, "--threshold", "0.8", "--progress", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
		stage := map[string]string{"none": "comparing: 1 of 1", "lsh": "blocking: 1 of "}[blocking]
		if code != 0 || !strings.Contains(e, stage) || !strings.Contains(e, "grouping: 1 of 1") || strings.Contains(e, "\r") {
			t.Errorf("%s with --progress: exit %d, error output %q", blocking, code, e)
		}
		code, _, e = linkRunCmd(t, "link", "match", "--lang", "fr", "--blocking", blocking, "--threshold", "0.8", "--progress", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
		if code != 0 || !strings.Contains(e, "regroupement : 1 sur 1") {
			t.Errorf("%s with --progress (fr): exit %d, error output %q", blocking, code, e)
		}
	}
}

// --threshold is auto by default: with too few records to fit a model the
// command says why in the user's language and uses the default threshold;
// a threshold that is neither auto nor a number in (0, 1] is refused.
func TestLinkMatchAutoThreshold(t *testing.T) {
	p := encodedPair(t)
	code, out, e := linkRunCmd(t, "link", "match", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(e, "automatic threshold: only") || !strings.Contains(e, "the default threshold 0.6200 is used") || !strings.Contains(out, "threshold 0.6200") {
		t.Errorf("auto fallback: exit %d, stdout %q, stderr %q", code, out, e)
	}
	code, _, e = linkRunCmd(t, "link", "match", "--lang", "fr", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || !strings.Contains(e, "le seuil par défaut 0.6200 est utilisé") {
		t.Errorf("auto fallback (fr): exit %d, stderr %q", code, e)
	}
	code, _, e = linkRunCmd(t, "link", "match", "--threshold", "0.7", "--out", p("g.csv"), p("a.clk"), p("b.clk"))
	if code != 0 || strings.Contains(e, "automatic threshold") {
		t.Errorf("fixed threshold: exit %d, stderr %q", code, e)
	}
	for _, bad := range []string{"nope", "0", "1.5"} {
		code, _, e = linkRunCmd(t, "link", "match", "--threshold", bad, "--out", p("g.csv"), p("a.clk"), p("b.clk"))
		if code != 2 || !strings.Contains(e, "must be auto or in (0, 1]") {
			t.Errorf("--threshold %s: exit %d, stderr %q", bad, code, e)
		}
	}
}

package linkage

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLKRoundTripAndDamage(t *testing.T) {
	a, _ := encodeAB(t, settingsFor(t, colsA), testSecret(7))
	var buf bytes.Buffer
	if err := WriteCLK(&buf, a); err != nil {
		t.Fatal(err)
	}
	got, err := ParseCLK(buf.Bytes(), "a.clk")
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != a.Header || !equalStrings(got.IDs, a.IDs) || !equalWords(got.Flat, a.Flat) {
		t.Fatal("round trip changed the encodings")
	}
	data := buf.Bytes()
	damaged := bytes.Clone(data)
	damaged[len(damaged)/2] ^= 1
	cases := map[string][]byte{
		"clk.corrupt": damaged,
		"clk.magic":   append([]byte("NOTACLK!"), data[8:]...),
	}
	cases["clk.corrupt truncated"] = data[:len(data)-5]
	for want, in := range cases {
		_, err := ParseCLK(in, "a.clk")
		if id := errID(err); id != strings.Fields(want)[0] {
			t.Errorf("%s: got %v", want, err)
		}
	}
	ver := bytes.Clone(data)
	ver[8] = 9
	if _, err := ParseCLK(ver, "a.clk"); errID(err) != "clk.version" {
		t.Errorf("version 9: %v", err)
	}
	empty := &Encodings{Header: a.Header}
	buf.Reset()
	WriteCLK(&buf, empty)
	if _, err := ParseCLK(buf.Bytes(), "e.clk"); errID(err) != "clk.empty" {
		t.Errorf("empty file: %v", err)
	}
}

func TestCompatibleRefusesMixing(t *testing.T) {
	s := settingsFor(t, colsA)
	a, b := encodeAB(t, s, testSecret(7))
	if err := Compatible([]*Encodings{a, b}, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	_, other := encodeAB(t, s, testSecret(8))
	if err := Compatible([]*Encodings{a, other}, []string{"a", "b"}); errID(err) != "clk.key" {
		t.Errorf("different secret: %v", err)
	}
	s2 := settingsFor(t, colsA)
	s2.Fields[0].K = 20
	_, diffSettings := encodeAB(t, s2, testSecret(7))
	if err := Compatible([]*Encodings{a, diffSettings}, []string{"a", "b"}); errID(err) != "clk.settings" {
		t.Errorf("different settings: %v", err)
	}
	s3 := settingsFor(t, colsA)
	s3.Bits = 2048
	_, diffBits := encodeAB(t, s3, testSecret(7))
	if err := Compatible([]*Encodings{a, diffBits}, []string{"a", "b"}); errID(err) != "clk.bits" {
		t.Errorf("different bits: %v", err)
	}
	if _, err := Match([]*Encodings{a, other}, MatchOptions{}); errID(err) != "clk.key" {
		t.Errorf("Match with mixed keys: %v", err)
	}
}

func TestEncodeCSVRefusals(t *testing.T) {
	s := settingsFor(t, colsA)
	enc, _ := NewEncoder(s, testSecret(1))
	cases := []struct{ name, data, id, want string }{
		{"missing id column", csvA, "nope", "csv.column"},
		{"missing field column", strings.Replace(csvA, "town", "city", 1), "case_id", "csv.column"},
		{"empty file", "", "case_id", "csv.empty"},
		{"header only", "case_id,first,last,born,sex,town\n", "case_id", "csv.norecords"},
		{"duplicate id", csvA + "A-001,X,Y,2000-01-01,F,Kano\n", "case_id", "csv.iddup"},
		{"empty id", csvA + ",X,Y,2000-01-01,F,Kano\n", "case_id", "csv.idempty"},
		{"long id", csvA + strings.Repeat("A", MaxIDLen+1) + ",X,Y,2000-01-01,F,Kano\n", "case_id", "csv.idlong"},
		{"ragged row", csvA + "A-9,X\n", "case_id", "csv.read"},
		{"bad utf-8", csvA + "A-9,\xff,Y,2000-01-01,F,Kano\n", "case_id", "csv.utf8"},
	}
	for _, c := range cases {
		_, err := EncodeCSV(strings.NewReader(c.data), "in.csv", c.id, enc, "")
		if errID(err) != c.want {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "Okonkwo") {
			t.Errorf("%s: message leaks a value: %v", c.name, err)
		}
	}
}

func TestReadSecret(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("tooshort"), 0o600)
	if _, err := ReadSecret(short); errID(err) != "secret.short" {
		t.Errorf("short secret: %v", err)
	}
	if _, err := ReadSecret(filepath.Join(dir, "absent")); errID(err) != "secret.read" {
		t.Errorf("absent secret: %v", err)
	}
	ok := filepath.Join(dir, "ok")
	s, _ := NewSecret(32)
	os.WriteFile(ok, s, 0o600)
	if got, err := ReadSecret(ok); err != nil || !bytes.Equal(got, s) {
		t.Errorf("good secret: %v", err)
	}
	if KeyFingerprint(s) == KeyFingerprint(testSecret(1)) {
		t.Error("fingerprints of different secrets collide")
	}
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func equalWords(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCLKBalancedFlag(t *testing.T) {
	s := settingsFor(t, colsA)
	s.Balance = true
	a, b := encodeAB(t, s, testSecret(7))
	var buf bytes.Buffer
	if err := WriteCLK(&buf, a); err != nil {
		t.Fatal(err)
	}
	got, err := ParseCLK(buf.Bytes(), "a.clk")
	if err != nil || !got.Balanced {
		t.Fatalf("balanced flag lost: %v", err)
	}
	res, err := Match([]*Encodings{got, b}, MatchOptions{})
	if err != nil || res.Threshold != DefaultBalancedThreshold {
		t.Fatalf("balanced default threshold: %v %v", res, err)
	}
	// An unknown flag bit is refused even with a valid checksum.
	data := bytes.Clone(buf.Bytes())
	data[46] |= 2
	body := data[:len(data)-32]
	sum := sha256.Sum256(body)
	copy(data[len(data)-32:], sum[:])
	if _, err := ParseCLK(data, "a.clk"); errID(err) != "clk.corrupt" {
		t.Fatalf("unknown flag: %v", err)
	}
}

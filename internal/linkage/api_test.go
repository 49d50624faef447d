package linkage

import (
	"slices"
	"testing"
)

func TestEncodeRecordsAndSharedWith(t *testing.T) {
	s := settingsFor(t, colsA)
	encA, _ := NewEncoder(s, testSecret(5))
	encB, _ := NewEncoder(s, testSecret(5))
	a, err := EncodeRecords(encA, "ngo", []string{"c1", "c2"}, [][]string{
		{"Kemi", "Adeyemi", "2002-02-02", "F", "Abuja"},
		{"Sani", "Garba", "1999-09-09", "M", "Maradi"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodeRecords(encB, "police", []string{"p7"}, [][]string{{"KEMI", "Adéyemi", "02/02/2002", "female", "abuja"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Match([]*Encodings{a, b}, MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.SharedWith(0)
	if len(got) != 1 || !slices.Equal(got[0], []int{1}) {
		t.Fatalf("SharedWith(0) = %v", got)
	}
	if _, err := EncodeRecords(encA, "ngo", []string{"x", "x"}, [][]string{{"a"}, {"b"}}, nil); errID(err) != "csv.iddup" {
		t.Errorf("duplicate ids: %v", err)
	}
	if _, err := EncodeRecords(encA, "ngo", nil, nil, nil); errID(err) != "csv.norecords" {
		t.Errorf("no records: %v", err)
	}
}

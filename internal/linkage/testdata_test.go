package linkage

import (
	"bytes"
	"math/bits"
	"strings"
	"testing"
)

// Invented people (West Africa - Europe corridor); not real persons.
const csvA = `case_id,first,last,born,sex,town
A-001,Adébáyọ̀,Okonkwo,1994-03-12,F,Lagos
A-002,Aïssata,Diallo,2001-11-05,F,Niamey
A-003,Ibrahim,Moussa,1988-07-21,M,Zinder
A-004,Chiamaka,Eze,1999-01-30,F,Benin City
A-005,Mariam,Traoré,2003-06-14,F,Agadez
A-006,Olumide,Bakare,1979-12-02,M,Ibadan
`

const csvB = `id;given;surname;dob;gender;city
B-17;ADEBAYO;OKONKWO;12/03/1994;female;lagos
B-18;Aissata;Dialo;05/11/2001;femme;Niamey
B-19;Hauwa;Abdullahi;17/09/1996;F;Kano
B-20;Chiamaka;Eze;30/01/1999;F;Benin-City
B-21;Fatouma;Issoufou;03/04/1992;F;Maradi
`

func testSecret(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func settingsFor(t testing.TB, cols [5]string) Settings {
	t.Helper()
	var s Settings
	for i, spec := range []string{cols[0] + ":name", cols[1] + ":name", cols[2] + ":date", cols[3] + ":sex", cols[4] + ":place"} {
		f, err := ParseField(spec)
		if err != nil {
			t.Fatalf("field %d: %v", i, err)
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

func encodeString(t testing.TB, data, id string, s Settings, secret []byte, party string) *Encodings {
	t.Helper()
	enc, err := NewEncoder(s, secret)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.SplitN(data, "\n", 2)[0], ";") {
		data = strings.ReplaceAll(data, ";", ",")
	}
	e, err := EncodeCSV(strings.NewReader(data), party+".csv", id, enc, party)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func encodeAB(t testing.TB, s Settings, secretB []byte) (*Encodings, *Encodings) {
	t.Helper()
	a := encodeString(t, csvA, "case_id", s, testSecret(7), "ngo")
	sb := s
	sb.Fields = append([]Field(nil), s.Fields...)
	for i, c := range []string{"given", "surname", "dob", "gender", "city"} {
		sb.Fields[i].Column = c
	}
	if s.Salt != "" {
		sb.Salt = "dob"
	}
	b := encodeString(t, csvB, "id", sb, secretB, "shelter")
	return a, b
}

func popcount(v []uint64) int {
	n := 0
	for _, w := range v {
		n += bits.OnesCount64(w)
	}
	return n
}

package audit

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
)

func chain(t *testing.T, n int) []Entry {
	t.Helper()
	org := uuid.Must(uuid.NewV7())
	var out []Entry
	var prev *Entry
	for i := range n {
		e := Entry{OrgID: org, At: time.Date(2026, 3, 1, 10, 0, i, 1234567, time.UTC), Action: "user.create", RecordType: "user", RecordID: uuid.NewString(), IP: "10.0.0.1"}
		Seal(&e, prev)
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func verify(es []Entry) error {
	if len(es) == 0 {
		return nil
	}
	v := NewVerifier(es[0].OrgID)
	for _, e := range es {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return nil
}

func TestChainVerifies(t *testing.T) {
	es := chain(t, 5)
	if err := verify(es); err != nil {
		t.Fatal(err)
	}
	if es[0].At.Nanosecond()%1000 != 0 {
		t.Fatal("time not truncated to microseconds")
	}
}

func TestChainBreaks(t *testing.T) {
	cases := []struct {
		name   string
		mutate func([]Entry) []Entry
		seq    int64
	}{
		{"edited action", func(es []Entry) []Entry { es[2].Action = "user.delete"; return es }, 3},
		{"edited time", func(es []Entry) []Entry { es[1].At = es[1].At.Add(time.Second); return es }, 2},
		{"removed middle", func(es []Entry) []Entry { return append(es[:2:2], es[3:]...) }, 3},
		{"removed first", func(es []Entry) []Entry { return es[1:] }, 1},
		{"swapped", func(es []Entry) []Entry { es[1], es[2] = es[2], es[1]; return es }, 2},
		{"rehashed edit", func(es []Entry) []Entry { es[3].Detail = "x"; es[3].Hash = ComputeHash(es[3]); return es }, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := verify(c.mutate(chain(t, 5)))
			var b *Break
			if !errors.As(err, &b) {
				t.Fatalf("want a break, got %v", err)
			}
			if b.Seq != c.seq {
				t.Fatalf("break at %d, want %d (%s)", b.Seq, c.seq, b.Code)
			}
		})
	}
}

func TestHashFieldsAreSeparated(t *testing.T) {
	a := Entry{Action: "ab", RecordType: "c"}
	b := Entry{Action: "a", RecordType: "bc"}
	if ComputeHash(a) == ComputeHash(b) {
		t.Fatal("field boundaries do not change the hash")
	}
}

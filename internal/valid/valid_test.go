package valid

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
)

func TestChecks(t *testing.T) {
	long := strings.Repeat("é", 201)
	cases := []struct {
		name string
		got  *FieldError
		rule string // "" = passes
	}{
		{"required empty", Required("name", ""), RuleRequired},
		{"required spaces", Required("name", " \t "), RuleRequired},
		{"required ok", Required("name", "Aïcha"), ""},
		{"maxlen runes ok", MaxLen("name", strings.Repeat("é", 200), 200), ""},
		{"maxlen over", MaxLen("name", long, 200), RuleTooLong},
		{"minlen short", MinLen("name", "ab ", 3), RuleTooShort},
		{"minlen empty", MinLen("name", "", 1), RuleTooShort},
		{"minlen ok", MinLen("name", "Ada", 3), ""},
		{"email ok", Email("email", "awa.diallo@ong-espoir.sn"), ""},
		{"email plus", Email("email", "k.mensah+cases@example.org"), ""},
		{"email empty optional", Email("email", ""), ""},
		{"email no at", Email("email", "awa.diallo.example.org"), RuleEmail},
		{"email two at", Email("email", "a@b@example.org"), RuleEmail},
		{"email display name", Email("email", "Awa <awa@example.org>"), RuleEmail},
		{"email space", Email("email", "awa diallo@example.org"), RuleEmail},
		{"email no dot in domain", Email("email", "awa@localhost"), RuleEmail},
		{"email dot dot", Email("email", "awa@example..org"), RuleEmail},
		{"email leading dot", Email("email", ".awa@example.org"), RuleEmail},
		{"email hyphen label", Email("email", "awa@-example.org"), RuleEmail},
		{"email local too long", Email("email", strings.Repeat("a", 65)+"@example.org"), RuleEmail},
		{"email too long", Email("email", strings.Repeat("a", 60)+"@"+strings.Repeat("b", 190)+".org"), RuleTooLong},
		{"email newline", Email("email", "awa@example.org\n"), RuleEmail},
		{"oneof ok", OneOf("lang", "fr", "en", "fr"), ""},
		{"oneof bad", OneOf("lang", "de", "en", "fr"), RuleOneOf},
		{"oneof empty", OneOf("lang", "", "en", "fr"), RuleOneOf},
		{"uuid ok", UUID("id", "0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8e"), ""},
		{"uuid empty optional", UUID("id", ""), ""},
		{"uuid braces", UUID("id", "{0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8e}"), RuleUUID},
		{"uuid bad", UUID("id", "0190f0c4-8a7e-7c3b-9d1e-2f4a5b6c7d8z"), RuleUUID},
	}
	for _, c := range cases {
		switch {
		case c.rule == "" && c.got != nil:
			t.Errorf("%s: got %v, want pass", c.name, c.got)
		case c.rule != "" && (c.got == nil || c.got.Rule != c.rule):
			t.Errorf("%s: got %v, want rule %s", c.name, c.got, c.rule)
		}
	}
	if e := MaxLen("name", long, 200); e.Params["max"] != 200 || e.Field != "name" {
		t.Errorf("MaxLen params %v field %q", e.Params, e.Field)
	}
	if e := OneOf("lang", "de", "en", "fr"); strings.Join(e.Params["allowed"].([]string), ",") != "en,fr" {
		t.Errorf("OneOf params %v", e.Params)
	}
}

func TestErrorsAndMessages(t *testing.T) {
	var errs Errors
	if errs.OrNil() != nil {
		t.Fatal("empty Errors is a non-nil error")
	}
	errs.Add(nil, Required("name", "x"), nil)
	if err := errs.OrNil(); err != nil {
		t.Fatalf("only passing checks: %v", err)
	}
	errs.Add(Required("name", ""), Email("email", "nope"), MaxLen("city", "Ouagadougou", 5))
	err := errs.OrNil()
	var got Errors
	if !errors.As(err, &got) || len(got) != 3 {
		t.Fatalf("OrNil = %v", err)
	}
	want := "name: is required; email: must be a valid e-mail address; city: must be at most 5 characters"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
	if !errs.Has("email", RuleEmail) || !errs.Has("city", "") || errs.Has("email", RuleRequired) || errs.Has("phone", "") {
		t.Error("Has answers wrongly")
	}
	if errs.For("city").Rule != RuleTooLong || errs.For("phone") != nil {
		t.Error("For answers wrongly")
	}
	var fe *FieldError
	if !errors.As(error(New("lang", RuleOneOf, map[string]any{"allowed": []string{"en", "fr"}})), &fe) ||
		fe.Error() != "lang: must be one of: en, fr" {
		t.Errorf("one_of message: %v", fe)
	}
	// The rejected value never appears in the message.
	if e := Email("email", "secret.person@nowhere"); strings.Contains(e.Error(), "secret") {
		t.Error("message repeats the value")
	}
}

func TestEveryRuleHasEnglishFallbackAndIsListed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r] {
			t.Errorf("rule %q listed twice", r)
		}
		seen[r] = true
		if english[r] == "" {
			t.Errorf("rule %q has no English fallback", r)
		}
		if r != strings.ToLower(r) || strings.ContainsAny(r, " .") {
			t.Errorf("rule id %q is not a short lower-case id", r)
		}
	}
	for r := range english {
		if !seen[r] {
			t.Errorf("rule %q has a message but is not in Rules", r)
		}
	}
}

// FuzzEmail: whatever Email accepts is a bare address of sane shape.
func FuzzEmail(f *testing.F) {
	for _, s := range []string{"awa@example.org", "a@b.c", "\"a b\"@example.org", "a@[127.0.0.1]", "Awa <a@b.org>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || Email("email", s) != nil {
			return
		}
		local, domain, ok := strings.Cut(s, "@")
		if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(s, " <>\"()[]\\,;:\r\n\t") ||
			strings.Contains(domain, "@") || len([]rune(s)) > MaxEmail {
			t.Errorf("Email accepted %q", s)
		}
	})
}

func TestFaultKind(t *testing.T) {
	cases := []struct {
		err  error
		want fault.Kind
	}{
		{New("name", RuleRequired, nil), fault.Invalid},
		{Errors{New("name", RuleRequired, nil)}, fault.Invalid},
		{Errors{New("name", RuleRequired, nil), NewKind(fault.Conflict, "status", "transition", nil)}, fault.Conflict},
		{NewKind(fault.RateLimited, "name", "rate", nil), fault.RateLimited},
		{fmt.Errorf("saving: %w", Errors{NewKind(fault.TooLarge, "data", "too_large", nil)}), fault.TooLarge},
	}
	for i, c := range cases {
		if got := fault.KindOf(c.err); got != c.want {
			t.Errorf("%d: KindOf(%v) = %v, want %v", i, c.err, got, c.want)
		}
	}
}

package api

import "testing"

// TestBodyTextRefused: text the JSON decoder would silently repair or
// reinterpret is refused, naming the field and the rule, and nothing changes.
func TestBodyTextRefused(t *testing.T) {
	ce := newCaseEnv(t)
	create := func(body string) request {
		return request{token: "caseA", method: "POST", path: "/cases", body: body}
	}
	ce.run(t, []scenario{
		{"invalid UTF-8 in a name", create("{\"person\":{\"given_name\":\"Bless\xffing\"}}"), 422,
			[]string{`"location":"body.person.given_name"`, `"rule":"encoding"`}, nil},
		{"NUL byte in a name", create(`{"person":{"given_name":"Bless\u0000ing"}}`), 422,
			[]string{`"location":"body.person.given_name"`, `"rule":"control_characters"`}, nil},
		{"escape character in a narrative", create(`{"person":{"given_name":"Joy","narrative":"a\u001b[31mb"}}`), 422,
			[]string{`"location":"body.person.narrative"`, `"rule":"control_characters"`}, nil},
		{"C1 control character", create("{\"person\":{\"given_name\":\"Joy\u0085\"}}"), 422,
			[]string{`"location":"body.person.given_name"`, `"rule":"control_characters"`}, nil},
		{"duplicate member", create(`{"person":{"given_name":"Joy","given_name":"Precious"}}`), 422,
			[]string{`"location":"body.person.given_name"`, `"rule":"duplicate_key"`}, []string{"Precious"}},
		{"duplicate member in an array element", create(`{"person":{"given_name":"Joy"},"events":[{"kind":"transit","kind":"recruitment","country":"NER"}]}`), 422,
			[]string{`"location":"body.events[0].kind"`, `"rule":"duplicate_key"`}, nil},
		{"line breaks and tabs are text", create(`{"person":{"given_name":"Joy","narrative":"Recrutée à Benin City.\n\tPuis Agadez.\r\n"}}`), 201,
			[]string{`"id"`}, nil},
	})
}

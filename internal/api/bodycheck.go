package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// checkJSONBody refuses, before huma decodes it, a JSON body that the
// standard decoder would silently repair or reinterpret: invalid UTF-8 (it
// would become U+FFFD), a member named twice (the last would win) and control
// characters in strings (a NUL byte in a name). It answers 422 naming the
// field and returns false; a body that is not JSON at all is left to huma,
// which answers its usual 400.
func checkJSONBody(ctx huma.Context) bool {
	r, _ := humago.Unwrap(ctx)
	if r == nil || r.Body == nil {
		return true
	}
	limit := int64(1 << 20)
	if op := ctx.Operation(); op != nil && op.MaxBodyBytes > 0 {
		limit = op.MaxBodyBytes
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil || int64(len(body)) > limit {
		return true // huma answers the read error or the size limit itself
	}
	if fe := badJSONText(body); fe != nil {
		lang := stateOf(ctx).lang
		writeHumaProblem(ctx, newProblem(lang, http.StatusUnprocessableEntity, "api.detail.422",
			fieldProblem(lang, fe.Field, fe.Rule, nil)))
		return false
	}
	return true
}

// badJSONText returns the first string or member name of body that cannot be
// stored as sent, located as huma locates fields ("body.person.given_name").
func badJSONText(body []byte) *valid.FieldError {
	if !utf8.Valid(body) {
		// Locate it: the decoder stops at the first invalid byte.
		dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowInvalidUTF8(false))
		for {
			if _, err := dec.ReadToken(); err != nil {
				var se *jsontext.SyntacticError
				if errors.As(err, &se) {
					return valid.New(location(se.JSONPointer), valid.RuleEncoding, nil)
				}
				return valid.New("body", valid.RuleEncoding, nil)
			}
		}
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.ReadToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var se *jsontext.SyntacticError
			if errors.As(err, &se) && errors.Is(se.Err, jsontext.ErrDuplicateName) {
				return valid.New(location(se.JSONPointer), valid.RuleDuplicateKey, nil)
			}
			return nil // malformed JSON: huma's own message
		}
		if tok.Kind() == '"' && valid.HasControl(tok.String()) {
			return valid.New(location(dec.StackPointer()), valid.RuleControlChars, nil)
		}
	}
}

// location turns a JSON pointer (/person/given_name, /share/0) into huma's
// field location (body.person.given_name, body.share[0]).
func location(p jsontext.Pointer) string {
	var b strings.Builder
	b.WriteString("body")
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		b.WriteString("." + tok)
	}
	return b.String()
}

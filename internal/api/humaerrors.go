package api

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// fromHuma turns an error huma raised while reading a request (its English
// message and details) into a translated Problem with stable rule ids. The
// rejected values huma attaches are dropped.
func fromHuma(lang string, status int, msg string, errs []error) *Problem {
	switch {
	case status == http.StatusUnsupportedMediaType:
		return newProblem(lang, status, "api.detail.415",
			fieldProblem(lang, "header.Content-Type", ruleContentType, nil))
	case status == http.StatusBadRequest && msg == "request body is required":
		return newProblem(lang, status, "api.detail.body_required", fieldProblem(lang, "body", valid.RuleRequired, nil))
	case status == http.StatusBadRequest:
		return newProblem(lang, status, "api.detail.bad_json", fieldProblem(lang, "body", ruleJSON, nil))
	case status == http.StatusRequestEntityTooLarge:
		return newProblem(lang, status, "api.detail.413")
	case status >= 500:
		return newProblem(lang, status, "api.detail.500")
	case status != http.StatusUnprocessableEntity:
		return newProblem(lang, status, detailFor(status))
	}
	var fields []*FieldProblem
	for _, err := range errs {
		if err == nil {
			continue
		}
		var d huma.ErrorDetailer
		location, message := "body", err.Error()
		if errors.As(err, &d) {
			det := d.ErrorDetail()
			location, message = det.Location, det.Message
		}
		loc, rule, params := classify(location, message)
		fields = append(fields, fieldProblem(lang, loc, rule, params))
	}
	return newProblem(lang, status, "api.detail.422", fields...)
}

// hmsg recognises one of huma's validation messages.
type hmsg struct {
	re   *regexp.Regexp
	rule string
	// param names the first formatted value ("max", "min", "allowed",
	// "property", "type"); "" drops it.
	param string
}

// formatRe makes a pattern from one of huma's message formats.
func formatRe(format string) *regexp.Regexp {
	q := regexp.QuoteMeta(format)
	q = strings.NewReplacer("%d", "(.*)", "%v", "(.*)", "%s", "(.*)").Replace(q)
	return regexp.MustCompile("^" + q + "$")
}

// hmsgs is checked in order: specific formats first, the catch-all "expected
// string to be %s" last.
var hmsgs = []hmsg{
	{formatRe(validation.MsgExpectedRequiredProperty), valid.RuleRequired, "property"},
	{formatRe(validation.MsgUnexpectedProperty), ruleUnknownField, ""},
	{formatRe(validation.MsgExpectedMaxLength), valid.RuleTooLong, "max"},
	{formatRe(validation.MsgExpectedMinLength), valid.RuleTooShort, "min"},
	{formatRe(validation.MsgExpectedRFC5322Email), valid.RuleEmail, ""},
	{formatRe(validation.MsgExpectedOneOf), valid.RuleOneOf, "allowed"},
	{formatRe(validation.MsgExpectedRFC4122UUID), valid.RuleUUID, ""},
	{formatRe(validation.MsgExpectedRFC3339DateTime), ruleDatetime, ""},
	{formatRe(validation.MsgExpectedRFC3986URI), account.RuleURL, ""},
	{formatRe(validation.MsgExpectedMinimumNumber), ruleMinNumber, "min"},
	{formatRe(validation.MsgExpectedMaximumNumber), ruleMaxNumber, "max"},
	{formatRe(validation.MsgExpectedMatchPattern), rulePattern, ""},
	{formatRe(validation.MsgExpectedBoolean), ruleType, ""},
	{formatRe(validation.MsgExpectedNumber), ruleType, ""},
	{formatRe(validation.MsgExpectedInteger), ruleType, ""},
	{formatRe(validation.MsgExpectedString), ruleType, ""},
	{formatRe(validation.MsgExpectedArray), ruleType, ""},
	{formatRe(validation.MsgExpectedObject), ruleType, ""},
	{regexp.MustCompile(`^invalid (integer|boolean|float)`), ruleType, ""},
	{formatRe(validation.MsgExpectedBePattern), rulePattern, ""},
}

// typeOf names the JSON type a "type" message expects.
var typeOf = map[string]string{
	validation.MsgExpectedBoolean: "boolean", validation.MsgExpectedNumber: "number",
	validation.MsgExpectedInteger: "integer", validation.MsgExpectedString: "string",
	validation.MsgExpectedArray: "array", validation.MsgExpectedObject: "object",
	"invalid integer": "integer", "invalid boolean": "boolean", "invalid float": "number",
}

// classify maps one huma message at location to (location, rule, params).
func classify(location, message string) (string, string, map[string]any) {
	for _, m := range hmsgs {
		sub := m.re.FindStringSubmatch(message)
		if sub == nil {
			continue
		}
		arg := ""
		if len(sub) > 1 {
			arg = sub[1]
		}
		switch m.param {
		case "property":
			return location + "." + arg, m.rule, nil
		case "allowed":
			return location, m.rule, map[string]any{"allowed": strings.Split(arg, ", ")}
		case "min", "max":
			n, err := strconv.Atoi(arg)
			if err != nil {
				return location, m.rule, nil
			}
			if m.rule == valid.RuleTooShort && n == 1 {
				return location, valid.RuleRequired, nil
			}
			return location, m.rule, map[string]any{m.param: n}
		}
		if m.rule == ruleType {
			return location, m.rule, map[string]any{"type": typeOf[message]}
		}
		return location, m.rule, nil
	}
	return location, ruleInvalid, nil
}

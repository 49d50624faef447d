package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// kindAnswer is how the API answers one kind of error: the HTTP status and
// the detail message when the error names none of its own.
type kindAnswer struct {
	status int
	detail string
}

// kindAnswers is the API's one status table: every error an operation
// returns is answered from its fault.Kind. Internal is never explained.
var kindAnswers = map[fault.Kind]kindAnswer{
	fault.Internal:    {http.StatusInternalServerError, "api.detail.500"},
	fault.Invalid:     {http.StatusUnprocessableEntity, "api.detail.422"},
	fault.NotFound:    {http.StatusNotFound, "api.detail.404"},
	fault.Conflict:    {http.StatusConflict, "api.detail.409"},
	fault.Forbidden:   {http.StatusForbidden, "api.detail.403"},
	fault.TooLarge:    {http.StatusRequestEntityTooLarge, "api.detail.413"},
	fault.RateLimited: {http.StatusTooManyRequests, "api.detail.rate_limited"},
	fault.Unavailable: {http.StatusServiceUnavailable, "api.detail.503"},
}

// problemTypePrefix starts every problem type: the kind's stable name
// follows ("urn:passerelle:problem:not_found"). A problem whose status
// belongs to no kind (415, 400 bad JSON) is about:blank: the status says it all.
const problemTypePrefix = "urn:passerelle:problem:"

// problemTypes gives the problem type of a status that a kind answers with.
var problemTypes = func() map[int]string {
	m := make(map[int]string, len(kindAnswers))
	for k, a := range kindAnswers {
		m[a.status] = problemTypePrefix + k.String()
	}
	return m
}()

// recordRule says where a rule about the state of a record rather than a
// field of the request is located, and the detail that says so. Its kind
// (conflict, rate limited) comes with the error (valid.NewKind).
type recordRule struct{ location, detail string }

// recordRules gathers each area's record rules (caseRecordRules,
// linkageRecordRules).
var recordRules = func() map[string]recordRule {
	m := map[string]recordRule{}
	for _, area := range []map[string]recordRule{caseRecordRules, linkageRecordRules} {
		for rule, r := range area {
			m[rule] = r
		}
	}
	return m
}()

// fail is the one way an operation turns an error into the problem the
// client sees; see problemOf. Internal and unavailable errors are logged
// (their text carries no personal data by the project's rule) and answered
// without it. A *Problem already made passes unchanged.
func (s *server) fail(ctx context.Context, err error) error {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	p = problemOf(langOf(ctx), err)
	if p.Status >= 500 {
		s.log.Error("api: request failed", "kind", fault.KindOf(err).String(), "error", err)
	}
	return p
}

// problemOf translates err into a problem in lang. The status and problem
// type come from the error's kind (kindAnswers). The detail is the error's
// message code (a *fault.Error's Code with its Params) when the catalogue has
// it, else the detail of a record rule the error breaks, else the kind's. Each
// field error becomes an entry naming its location (where, else body.<field>),
// its rule and its parameters. A rate-limited error that knows when to come
// back sets Retry-After.
func problemOf(lang string, err error) *Problem {
	fields := fieldErrorsOf(err)
	kind := fault.KindOf(err)
	if kind == fault.Internal && len(fields) > 0 {
		kind = fields.FaultKind() // an engine's field error that states no kind is bad input
	}
	answer, ok := kindAnswers[kind]
	if !ok || kind == fault.Internal {
		return newProblem(lang, http.StatusInternalServerError, "api.detail.500")
	}
	detail, data := answer.detail, map[string]any(nil)
	locate := locatorOf(err)
	list := make([]*FieldProblem, 0, len(fields))
	for _, e := range fields {
		location := locate(e.Field)
		if r, ok := recordRules[e.Rule]; ok {
			location = r.location
			if detail == answer.detail {
				detail = r.detail
			}
		}
		list = append(list, fieldProblem(lang, location, e.Rule, lowerKeys(e.Params)))
	}
	var retry time.Duration
	if fe := fault.As(err); fe != nil {
		if fe.Code != "" && (i18n.Has(lang, fe.Code) || i18n.Has("en", fe.Code)) {
			detail, data = fe.Code, fe.Params
		}
		retry = fe.RetryAfter
	}
	var secs int
	if kind == fault.RateLimited && retry > 0 {
		secs = int((retry + time.Second - 1) / time.Second)
		if detail == answer.detail {
			detail, data = "api.detail.429", map[string]any{"seconds": secs}
		}
	}
	p := newProblemData(lang, answer.status, detail, data, list...)
	if secs > 0 {
		p.headers = http.Header{"Retry-After": {strconv.Itoa(secs)}}
	}
	return p
}

// fieldErrorsOf returns the field errors in err: the program's own
// (valid.Errors, one valid.FieldError) or the screening engine's, whose field
// and rule are named the same way.
func fieldErrorsOf(err error) valid.Errors {
	var es valid.Errors
	var fe *valid.FieldError
	var ie *identify.FieldError
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &fe):
		return valid.Errors{fe}
	case errors.As(err, &ie):
		return valid.Errors{valid.New(ie.Field, ie.Rule, nil)}
	}
	return nil
}

// located says where the fields of an error are in the request: the store
// and the domain name fields, the operation knows whether they came in the
// body, the query or the path.
type located struct {
	err    error
	locate func(field string) string
}

func (l *located) Error() string { return l.err.Error() }
func (l *located) Unwrap() error { return l.err }

// where returns err with its fields located by locate ("query."+field); nil
// stays nil.
func where(err error, locate func(field string) string) error {
	if err == nil {
		return nil
	}
	return &located{err: err, locate: locate}
}

// locatorOf is the locator given with where, else body.<field>.
func locatorOf(err error) func(string) string {
	var l *located
	if errors.As(err, &l) && l.locate != nil {
		return l.locate
	}
	return inBody
}

func inBody(field string) string  { return "body." + field }
func inQuery(field string) string { return "query." + field }
func inPath(field string) string  { return "path." + field }

// conflictOn names the field and the rule of a store conflict (the e-mail
// address taken, the last administrator): the conflict becomes a field error
// of kind conflict. Other errors pass unchanged.
func conflictOn(err error, field, rule string) error {
	if !errors.Is(err, store.ErrConflict) {
		return err
	}
	return valid.Errors{valid.NewKind(fault.Conflict, field, rule, nil)}
}

// notFound is the 404 for an id that names nothing the caller may see.
func notFound(ctx context.Context) error { return problemOf(langOf(ctx), store.ErrNotFound) }

// forbidden is the 403 for a permission the caller's role lacks.
func forbidden(ctx context.Context) error { return problemOf(langOf(ctx), store.ErrForbidden) }

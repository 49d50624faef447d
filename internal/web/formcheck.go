package web

import (
	"mime"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// badFormText returns the first form field whose value cannot be stored as
// sent (invalid UTF-8, control characters other than tab and line breaks),
// checked once for every route before its handler runs, so no page can store
// a name cut at a NUL byte or silently repaired. File parts are not text and
// are left to their handlers. The whole body, at most the route's limit
// (limitBody), is parsed in memory: an uploaded personal file never lands in
// a plaintext temporary file.
func badFormText(r *http.Request, route string) *valid.FieldError {
	if r.Method != http.MethodPost || r.Body == nil {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var values map[string][]string
	switch mt {
	case "application/x-www-form-urlencoded":
		if r.ParseForm() != nil {
			return nil // the handler answers the unreadable form as it does today
		}
		values = r.PostForm
	case "multipart/form-data":
		if r.ParseMultipartForm(bodyLimit(route)) != nil {
			return nil
		}
		values = r.MultipartForm.Value
	default:
		return nil
	}
	for name, vs := range values {
		if fe := valid.Text(name, name); fe != nil {
			return valid.New("form", fe.Rule, nil)
		}
		for _, v := range vs {
			if fe := valid.Text(name, v); fe != nil {
				return fe
			}
		}
	}
	return nil
}

// refuseFormText answers 422 with the field and the rule in the visitor's
// language; nothing is changed.
func (s *Server) refuseFormText(w http.ResponseWriter, r *http.Request, fe *valid.FieldError) {
	s.render(w, r, http.StatusUnprocessableEntity, "error", map[string]any{
		"Status": http.StatusUnprocessableEntity,
		"Title":  "errpage.invalid.title",
		"Text":   "error." + fe.Rule,
		"Field":  fe.Field,
		"Path":   "/",
	})
}

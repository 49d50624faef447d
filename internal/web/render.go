package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

//go:embed templates/*.html
var templateFiles embed.FS

// layoutFile holds the page frame ("layout") and shared blocks; every other
// file is a page defining "title" and "content".
const layoutFile = "templates/layout.html"

// parseTemplates parses each page with the layout. The functions are
// placeholders here; render binds them to the request.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*template.Template, len(names))
	for _, file := range names {
		if file == layoutFile {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".html")
		t, err := template.New(name).Funcs(s.funcs(nil)).ParseFS(templateFiles, layoutFile, file)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		if err := includeHTMX(t, file); err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// includeHTMX loads the htmx script only on a page whose template uses hx-
// attributes: on a slow link the other pages are spared its 50 kB.
func includeHTMX(t *template.Template, file string) error {
	b, err := templateFiles.ReadFile(file)
	if err != nil || !bytes.Contains(b, []byte("hx-")) {
		return err
	}
	_, err = t.Parse(`{{define "htmx"}}{{template "htmx_script" .}}{{end}}`)
	return err
}

// funcs are the template functions, bound to one request (r may be nil at
// parse time).
func (s *Server) funcs(r *http.Request) template.FuncMap {
	lang := i18n.Default
	var st *state
	if r != nil {
		lang = langOf(r)
		st = stateOf(r)
	}
	if st == nil {
		st = &state{}
	}
	return template.FuncMap{
		// T translates: {{T "id"}} or {{T "id" "Name" value ...}}.
		"T": func(id string, kv ...any) string {
			return i18n.T(lang, id, pairs(kv))
		},
		"lang":      func() string { return lang },
		"languages": func() []string { return i18n.Languages },
		"langName":  i18n.Name,
		"actor":     func() auth.Actor { return st.actor },
		"signedIn":  func() bool { return st.signedIn },
		"can": func(p string) bool {
			return st.signedIn && st.actor.Can(auth.Permission(p))
		},
		"formatTime": func(v any) string { return formatTime(lang, v) },
		"static":     s.assetPath,
		"path": func() string {
			if r == nil {
				return "/"
			}
			return r.URL.Path
		},
		"role": func(r auth.Role) string { return i18n.T(lang, "role."+string(r), nil) },
		// inc numbers from 1 what range numbers from 0.
		"inc": func(i int) int { return i + 1 },
	}
}

// pairs turns "Key", value, ... into template data for a message.
func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// formatTime shows a UTC date and time in the reader's convention (the
// catalogue's format.datetime); "" for a zero or nil time.
func formatTime(lang string, v any) string {
	switch x := v.(type) {
	case time.Time:
		return i18n.Time(lang, x)
	case *time.Time:
		if x != nil {
			return i18n.Time(lang, *x)
		}
	}
	return ""
}

// t translates id in the request's language.
func (s *Server) t(r *http.Request, id string, data map[string]any) string {
	return i18n.T(langOf(r), id, data)
}

// flash leaves a message (an i18n id) for the next page.
func (s *Server) flash(r *http.Request, id string) {
	s.sessions.Put(r.Context(), keyFlash, id)
}

// render writes layout + page name with data. The layout also gets Lang,
// User, OrgName, Path and Flash (a translated one-time message).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	st := stateOf(r)
	if st != nil && st.signedIn {
		setDefault(data, "User", st.user.DisplayName)
		setDefault(data, "OrgName", st.orgName)
		setDefault(data, "CanSwitchOrg", st.choices > 1)
		setDefault(data, "Unread", s.unread(r))
	}
	setDefault(data, "Lang", langOf(r))
	setDefault(data, "Path", r.URL.Path)
	if id := s.sessions.PopString(r.Context(), keyFlash); id != "" {
		setDefault(data, "Flash", s.t(r, id, nil))
	}
	s.execute(w, r, status, name, "layout", data)
}

// renderFragment writes one block of a page without the layout, for htmx
// requests that swap part of a page.
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, status int, name, block string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	setDefault(data, "Lang", langOf(r))
	s.execute(w, r, status, name, block, data)
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, status int, name, block string, data map[string]any) {
	base, ok := s.templates[name]
	if !ok {
		s.log.Error("unknown template", "template", name, "request_id", requestID(r))
		s.plainError(w, http.StatusInternalServerError)
		return
	}
	t, err := base.Clone()
	if err == nil {
		var buf bytes.Buffer
		if err = t.Funcs(s.funcs(r)).ExecuteTemplate(&buf, block, data); err == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			_, _ = buf.WriteTo(w)
			return
		}
	}
	s.log.Error("template", "template", name, "err", err.Error(), "request_id", requestID(r))
	if name == "error" {
		s.plainError(w, http.StatusInternalServerError)
		return
	}
	s.errorPage(w, r, http.StatusInternalServerError)
}

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

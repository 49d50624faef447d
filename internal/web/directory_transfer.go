package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/directory/hsds"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// hsdsNames gives HSDS files the catalogue's names of the vocabulary.
func hsdsNames(lang, key string) string { return i18n.T(lang, key, nil) }

// directoryExport downloads the whole directory as HSDS 3.0 JSON
// (coordinators; the store audits the export).
func (s *Server) directoryExport(w http.ResponseWriter, r *http.Request) {
	if err := s.db.MayCurateDirectory(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	ls, err := s.db.ExportDirectory(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := hsds.Encode(ls, hsdsNames)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="directory-hsds.json"`)
	_, _ = w.Write(b)
}

// directoryImport loads an HSDS 3.0 JSON file all or nothing
// (coordinators): every problem is listed with its record, and then nothing
// has changed.
func (s *Server) directoryImport(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	if err := s.db.MayCurateDirectory(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	refuse := func(es valid.Errors) {
		problems := make([]dirError, 0, len(es))
		for _, e := range es {
			problems = append(problems, dirError{Anchor: "file", Message: i18n.FieldMessage(lang, e, "directory.")})
		}
		s.renderDirectory(w, r, http.StatusUnprocessableEntity, map[string]any{"Problems": problems,
			"ImportFailed": s.t(r, "directory.import.bad", map[string]any{"Count": len(es)})})
	}
	if err := r.ParseMultipartForm(hsds.MaxFileBytes + formRoom); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			refuse(valid.Errors{valid.New("file", "too_large", map[string]any{"max_bytes": humanSize(lang, hsds.MaxFileBytes)})})
			return
		}
		refuse(valid.Errors{valid.New("file", valid.RuleRequired, nil)})
		return
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	file, _, err := r.FormFile("file")
	if err != nil {
		refuse(valid.Errors{valid.New("file", valid.RuleRequired, nil)})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, hsds.MaxFileBytes+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ls, es := hsds.Decode(data)
	if len(es) > 0 {
		refuse(es)
		return
	}
	res, err := s.db.ImportDirectory(r.Context(), ls)
	if es, ok := asFieldErrors(err); ok {
		refuse(es)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDirectory(w, r, http.StatusOK, map[string]any{"Notice": s.t(r, "directory.import.done",
		map[string]any{"Created": res.Created, "Updated": res.Updated, "Unchanged": res.Unchanged})})
}

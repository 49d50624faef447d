package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// maxUpload is the largest attachment a page accepts: the domain's limit
// (the route's body limit leaves room for the rest of the form).
func maxUpload() int64 { return casework.MaxAttachmentBytes }

// caseAttachmentAdd uploads one file (multipart form, field "file"). The
// store checks the sniffed type and the size and encrypts name and content.
func (s *Server) caseAttachmentAdd(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	invalid := func(es valid.Errors) {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{"AttachErrors": caseErrors(langOf(r), es)})
	}
	tooLarge := valid.Errors{valid.New("data", "too_large", map[string]any{"max_bytes": humanSize(langOf(r), maxUpload())})}
	// The whole body fits in memory: an attachment never lands in a
	// plaintext temporary file.
	if err := r.ParseMultipartForm(maxUpload() + formRoom); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			invalid(tooLarge)
			return
		}
		invalid(valid.Errors{valid.New("data", valid.RuleRequired, nil)})
		return
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		invalid(valid.Errors{valid.New("data", valid.RuleRequired, nil)})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload()+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if int64(len(data)) > maxUpload() {
		invalid(tooLarge)
		return
	}
	if len(data) == 0 {
		invalid(valid.Errors{valid.New("data", valid.RuleRequired, nil)})
		return
	}
	name := path.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	a := casework.Attachment{CaseID: id, Name: name, By: actorOf(r).UserID, At: s.now().UTC()}
	err = s.db.AddAttachment(r.Context(), &a, data)
	if es, ok := asFieldErrors(err); ok {
		invalid(es)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "case.flash.attachment_added")
	s.redirect(w, r, "/cases/"+id.String()+"#attachments")
}

// caseAttachmentGet downloads an attachment: always as a download
// (Content-Disposition: attachment), never shown inline, with a sandbox CSP
// in case a browser opens it anyway. The store audits the read.
func (s *Server) caseAttachmentGet(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, data, err := s.db.GetAttachment(r.Context(), aid)
	if err == nil && a.CaseID != id {
		err = store.ErrNotFound
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := a.ContentType
	if !slices.Contains(casework.AttachmentTypes, ct) {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})
	if disp == "" {
		disp = "attachment"
	}
	h.Set("Content-Disposition", disp)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// runUpload approves with encodings made in another deployment
// ("passerelle link encode"), sent as a .clk file.
func (s *Server) runUpload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Another organisation's run is 404 before anything is read.
	if _, err := s.db.GetLinkageRun(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, linkrun.MaxCLKBytes)
	file, _, err := r.FormFile("clk")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.errorPage(w, r, http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge)
		return
	}
	n, err := s.db.SubmitLinkageCLK(r.Context(), id, data)
	if err != nil {
		es, ok := asFieldErrors(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		run, gerr := s.db.GetLinkageRun(r.Context(), id)
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		s.runRefused(w, r, run, es)
		return
	}
	s.render(w, r, http.StatusOK, "linkrun_approved", map[string]any{
		"Title": s.t(r, "network.approved.title", nil), "ID": id.String(), "Count": n,
	})
}

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
	// Another organisation's run is 404 before anything is read.
	run, ok := s.pathRun(w, r)
	if !ok {
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
	n, err := s.db.SubmitLinkageCLK(r.Context(), run.ID, data)
	if err != nil {
		s.answerRefused(w, r, err, linkrun.Filter{})
		return
	}
	s.render(w, r, http.StatusOK, "linkrun_approved", map[string]any{
		"Title": s.t(r, "network.approved.title", nil), "ID": run.ID.String(), "Count": n,
	})
}

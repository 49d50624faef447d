package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// approvalsScanLimit bounds how many open cases the approvals page reads to
// find pending closure requests (the store has no filter on the request).
const approvalsScanLimit = 5000

// approvalView is one pending closure request.
type approvalView struct {
	summaryView
	To string
}

// caseApprovals lists the organisation's pending closure requests for a
// supervisor, with approve and reject buttons. An htmx request gets the
// list alone, for a dashboard to embed.
func (s *Server) caseApprovals(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	f := store.CaseFilter{Status: []casework.Status{casework.Active, casework.FollowUp}, Limit: 200}
	var pending []approvalView
	scanned := 0
	for {
		page, err := s.db.ListCases(r.Context(), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range page.Items {
			if c.ClosureRequested {
				pending = append(pending, approvalView{summaryView: summaryViewOf(lang, c)})
			}
		}
		scanned += len(page.Items)
		if page.Next == "" || scanned >= approvalsScanLimit {
			break
		}
		f.Cursor = page.Next
	}
	data := map[string]any{"Pending": pending, "Title": s.t(r, "case.approvals.title", nil)}
	if r.Header.Get("HX-Request") == "true" {
		s.renderFragment(w, r, http.StatusOK, "case_approvals", "approvals", data)
		return
	}
	s.render(w, r, http.StatusOK, "case_approvals", data)
}

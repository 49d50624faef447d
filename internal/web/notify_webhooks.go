package web

import (
	"net/http"
	"strings"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// kindOption is a kind as the form offers it.
type kindOption struct {
	Value, Label string
	Checked      bool
}

// webhookOrg answers 404 unless {org} is the organisation the actor acts
// for: endpoints belong to one's own organisation only.
func (s *Server) webhookOrg(w http.ResponseWriter, r *http.Request) bool {
	org, err := pathID(r, "org")
	if err == nil && org != actorOf(r).OrgID {
		err = store.ErrNotFound
	}
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

func (s *Server) webhookPage(w http.ResponseWriter, r *http.Request, status int, in notify.EndpointInput,
	es valid.Errors, secret string) {
	eps, err := s.db.ListWebhookEndpoints(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	checked := map[string]bool{}
	for _, k := range in.Kinds {
		checked[k] = true
	}
	opts := make([]kindOption, 0, len(notify.Kinds))
	for _, k := range notify.Kinds {
		opts = append(opts, kindOption{Value: string(k), Label: i18n.T(lang, "notify.kind_name."+string(k), nil),
			Checked: checked[string(k)]})
	}
	type row struct {
		notify.Endpoint
		KindNames string
	}
	rows := make([]row, 0, len(eps))
	for _, e := range eps {
		names := make([]string, len(e.Kinds))
		for i, k := range e.Kinds {
			names[i] = i18n.T(lang, "notify.kind_name."+string(k), nil)
		}
		rows = append(rows, row{Endpoint: e, KindNames: strings.Join(names, ", ")})
	}
	errs := map[string]string{}
	for _, fe := range es {
		if _, dup := errs[fe.Field]; !dup {
			errs[fe.Field] = i18n.FieldMessage(lang, fe, "notify.")
		}
	}
	s.render(w, r, status, "notify_webhooks", map[string]any{"Org": actorOf(r).OrgID, "Endpoints": rows,
		"Kinds": opts, "URL": in.URL, "Errors": errs, "Secret": secret})
}

func (s *Server) webhookList(w http.ResponseWriter, r *http.Request) {
	if s.webhookOrg(w, r) {
		s.webhookPage(w, r, http.StatusOK, notify.EndpointInput{}, nil, "")
	}
}

func (s *Server) webhookCreate(w http.ResponseWriter, r *http.Request) {
	if !s.webhookOrg(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	in := notify.EndpointInput{URL: r.PostFormValue("url"), Kinds: r.PostForm["kinds"]}
	_, secret, err := s.db.CreateWebhookEndpoint(r.Context(), in)
	if es, ok := asFieldErrors(err); ok {
		s.webhookPage(w, r, http.StatusUnprocessableEntity, in, es, "")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The secret is shown on this answer only; a reload does not repeat it.
	w.Header().Set("Cache-Control", "no-store")
	s.webhookPage(w, r, http.StatusOK, notify.EndpointInput{}, nil, secret)
}

func (s *Server) webhookDelete(w http.ResponseWriter, r *http.Request) {
	if !s.webhookOrg(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.db.DeleteWebhookEndpoint(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "notify.webhooks.deleted")
	http.Redirect(w, r, "/admin/organisations/"+r.PathValue("org")+"/webhooks", http.StatusSeeOther)
}

func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) {
	state := "pending"
	if r.URL.Query().Get("state") == "dead" {
		state = "dead"
	}
	list, err := s.db.ListOutbox(r.Context(), state)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notify_outbox", map[string]any{"Entries": list, "State": state})
}

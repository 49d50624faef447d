package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Sign-in is in up to three steps, each its own page: password, then the
// second factor when the user has one, then the organisation when the user
// has several. Between steps the session holds only the pending user's id.

// Reason codes recorded in the audit trail (never what was typed).
const (
	reasonUnknown   = "unknown_user"
	reasonPassword  = "bad_password"
	reasonDisabled  = "disabled"
	reasonCode      = "bad_code"
	reasonNoOrg     = "no_membership"
	reasonThrottled = "throttled"
)

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	if stateOf(r).signedIn {
		s.redirect(w, r, "/")
		return
	}
	s.render(w, r, http.StatusOK, "signin", nil)
}

// signinFailed re-renders the form with one message; the e-mail address is
// kept, the password never.
func (s *Server) signinFailed(w http.ResponseWriter, r *http.Request, status int, email, msg string) {
	s.render(w, r, status, "signin", map[string]any{"Email": email, "Error": msg})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := account.NormaliseEmail(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	ip := clientIP(r)
	if email == "" || pw == "" || len(email) > 254 || len(pw) > 1024 {
		s.signinFailed(w, r, http.StatusUnprocessableEntity, "", s.t(r, "signin.failed", nil))
		return
	}
	if msg, err := s.throttled(w, r, email); err != nil {
		s.fail(w, r, err)
		return
	} else if msg != "" {
		s.record(ctx, uuid.Nil, uuid.Nil, false, ip, reasonThrottled)
		s.signinFailed(w, r, http.StatusTooManyRequests, email, msg)
		return
	}
	u, err := s.db.UserForLogin(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Same work and answer as a wrong password, so the time taken does
		// not tell which addresses have accounts.
		auth.DummyCheckPassword(pw)
		s.countFailure(r, email)
		s.record(ctx, uuid.Nil, uuid.Nil, false, ip, reasonUnknown)
		s.signinFailed(w, r, http.StatusUnauthorized, email, s.t(r, "signin.failed", nil))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	ok := false
	var rehash bool
	if u.PasswordHash != "" {
		ok, rehash, err = auth.CheckPassword(u.PasswordHash, pw)
		if err != nil {
			s.log.Error("password hash unreadable", "request_id", requestID(r), "err", err.Error())
			ok = false
		}
	} else {
		auth.DummyCheckPassword(pw)
	}
	if !ok {
		s.countFailure(r, email)
		s.record(ctx, u.ID, uuid.Nil, false, ip, reasonPassword)
		s.signinFailed(w, r, http.StatusUnauthorized, email, s.t(r, "signin.failed", nil))
		return
	}
	if u.Disabled {
		s.record(ctx, u.ID, uuid.Nil, false, ip, reasonDisabled)
		s.signinFailed(w, r, http.StatusForbidden, email, s.t(r, "signin.disabled", nil))
		return
	}
	if rehash {
		// Parameters were raised since this hash was made: store a fresh one.
		if h, err := auth.HashPassword(pw); err == nil {
			if err := s.db.RehashPassword(selfCtx(ctx, u.ID, ip), u.ID, h); err != nil {
				s.log.Warn("password rehash", "request_id", requestID(r), "err", err.Error())
			}
		}
	}
	// A new token as soon as the password is right: a session id planted
	// before sign-in (session fixation) is worth nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, keyPending, u.ID.String())
	s.sessions.Remove(ctx, keyPendingOK)
	if u.TOTPEnabled {
		s.redirect(w, r, "/signin/two-factor")
		return
	}
	s.sessions.Put(ctx, keyPendingOK, true)
	s.afterSecondFactor(w, r, u)
}

// throttled asks the sign-in throttle about an attempt for account from the
// request's address. When it must wait, Retry-After is set (whole seconds)
// and the message to show is returned; err is a failure of the throttle.
func (s *Server) throttled(w http.ResponseWriter, r *http.Request, account string) (msg string, err error) {
	ok, wait, err := s.throttle.Allow(r.Context(), account, clientIP(r))
	if err != nil || ok {
		return "", err
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	if secs < 60 {
		return s.t(r, "signin.throttled_seconds", map[string]any{"Seconds": secs}), nil
	}
	return s.t(r, "signin.throttled", map[string]any{"Minutes": minutes(wait)}), nil
}

// countFailure counts a failed attempt for account from the request's
// address; a failure to count is logged and does not change the answer.
func (s *Server) countFailure(r *http.Request, account string) {
	if err := s.throttle.Fail(r.Context(), account, clientIP(r)); err != nil {
		s.log.Error("throttle count", "request_id", requestID(r), "err", err.Error())
	}
}

// minutes rounds a wait up to whole minutes (at least 1).
func minutes(d time.Duration) int {
	return max(1, int(math.Ceil(d.Minutes())))
}

// selfCtx is the context of a user acting on their own account before the
// sign-in is complete (no organisation yet). The store checks the own-account
// permission, which every role holds; the least privileged role is used.
func selfCtx(ctx context.Context, user uuid.UUID, ip string) context.Context {
	return auth.WithActor(ctx, auth.Actor{UserID: user, Role: auth.Analyst, IP: ip})
}

// record audits a sign-in attempt; a failure to audit is logged, and does not
// change what the visitor sees.
func (s *Server) record(ctx context.Context, user, org uuid.UUID, ok bool, ip, reason string) {
	if err := s.db.RecordLogin(ctx, user, org, ok, ip, reason); err != nil {
		s.log.Error("record login", "err", err.Error())
	}
}

// pendingUser is the user between sign-in steps; passed2FA says whether the
// second factor is done (or not needed).
func (s *Server) pendingUser(r *http.Request) (u account.User, passed2FA bool, ok bool) {
	ctx := r.Context()
	id, err := uuid.Parse(s.sessions.GetString(ctx, keyPending))
	if err != nil {
		return u, false, false
	}
	u, err = s.db.GetUser(selfCtx(ctx, id, clientIP(r)), id)
	if err != nil || u.Disabled {
		return u, false, false
	}
	return u, s.sessions.GetBool(ctx, keyPendingOK), true
}

// orgChoice is one organisation (or the platform) a user may act for.
type orgChoice struct {
	Org   uuid.UUID
	Role  auth.Role
	Label string
	Value string
}

func (s *Server) orgChoices(r *http.Request, u account.User) ([]orgChoice, error) {
	ms, err := s.db.Memberships(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var out []orgChoice
	if u.PlatformAdmin {
		out = append(out, orgChoice{Org: uuid.Nil, Role: auth.Admin, Label: s.t(r, "signin.org.platform", nil), Value: uuid.Nil.String()})
	}
	for _, m := range ms {
		out = append(out, orgChoice{Org: m.OrgID, Role: m.Role, Label: m.OrgName, Value: m.OrgID.String()})
	}
	return out, nil
}

// afterSecondFactor signs in directly when the user acts for one
// organisation, else asks which.
func (s *Server) afterSecondFactor(w http.ResponseWriter, r *http.Request, u account.User) {
	choices, err := s.orgChoices(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch len(choices) {
	case 0:
		s.record(r.Context(), u.ID, uuid.Nil, false, clientIP(r), reasonNoOrg)
		if err := s.sessions.Destroy(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		s.signinFailed(w, r, http.StatusForbidden, "", s.t(r, "signin.no_org", nil))
	case 1:
		s.completeSignIn(w, r, u, choices[0])
	default:
		s.redirect(w, r, "/signin/organisation")
	}
}

// completeSignIn starts the signed-in session under a new token.
func (s *Server) completeSignIn(w http.ResponseWriter, r *http.Request, u account.User, c orgChoice) {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, keyPending)
	s.sessions.Remove(ctx, keyPendingOK)
	s.sessions.Put(ctx, keyUser, u.ID.String())
	s.sessions.Put(ctx, keyOrg, c.Org.String())
	s.sessions.Put(ctx, keyRole, string(c.Role))
	ip := clientIP(r)
	if err := s.throttle.Succeed(ctx, u.Email, ip); err != nil {
		s.log.Error("throttle clear", "request_id", requestID(r), "err", err.Error())
	}
	s.record(ctx, u.ID, c.Org, true, ip, "")
	// A temporary password is replaced first (loadActor keeps every other
	// page away until then). If the organisation requires two-factor and the
	// user has none, requireSignIn then sends every page to the enrolment page.
	if u.MustChangePassword {
		s.redirect(w, r, mustChangePath)
		return
	}
	s.redirect(w, r, "/")
}

package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/delivery"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// mailbox is a real SMTP server (github.com/emersion/go-smtp) on loopback
// whose backend records what it accepts. refuse, when set, answers each
// DATA (4xx) or RCPT (5xx) command with that error instead.
type mailbox struct {
	mu       sync.Mutex
	messages [][]byte
	rcpts    []string
	sessions int
	refuse   func(n int) *smtp.SMTPError // n: the number of the delivery tried (1-based)
	tries    int
	port     int
	// user and password, when set, are required (AUTH PLAIN) before MAIL.
	user, password string
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	m := &mailbox{}
	srv := smtp.NewServer(m)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback, as the sender allows
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return m
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) {
	m.mu.Lock()
	m.sessions++
	m.mu.Unlock()
	if m.user != "" {
		return &authSession{session: &session{m: m}}, nil
	}
	return &session{m: m}, nil
}

// authSession is a session that requires AUTH PLAIN with the mailbox's
// user and password before it takes a message.
type authSession struct {
	*session
	signedIn bool
}

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.m.user || password != s.m.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication failed"}
		}
		s.signedIn = true
		return nil
	}), nil
}

func (s *authSession) Mail(from string, o *smtp.MailOptions) error {
	if !s.signedIn {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	return s.session.Mail(from, o)
}

func (m *mailbox) count() (messages, sessions int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.messages), m.sessions
}

type session struct {
	m  *mailbox
	to string
}

func (s *session) Reset()                                    {}
func (s *session) Logout() error                             { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { return s.check(to, 5) }

func (s *session) check(to string, class int) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if class == 5 {
		s.m.tries++
		s.to = to
	}
	if s.m.refuse != nil {
		if e := s.m.refuse(s.m.tries); e != nil && e.Code/100 == class {
			return e
		}
	}
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := s.check(s.to, 4); err != nil {
		return err
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.messages = append(s.m.messages, b)
	s.m.rcpts = append(s.m.rcpts, s.to)
	return nil
}

// net is a small deployment: a shelter in Lyon and its caseworker.
type net_ struct {
	db     *store.DB
	org    account.Organisation
	worker account.User
	clock  *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// catchUp moves the clock to t if it is behind: what was just recorded is
// due.
func (c *clock) catchUp(t time.Time) {
	c.mu.Lock()
	if c.t.Before(t) {
		c.t = t
	}
	c.mu.Unlock()
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func eachDB(t *testing.T, fn func(t *testing.T, n *net_)) {
	t.Run("sqlite", func(t *testing.T) {
		db, _ := world.OpenSQLite(t)
		fn(t, setup(t, db))
	})
	t.Run("postgres", func(t *testing.T) { fn(t, setup(t, world.OpenPostgres(t))) })
}

func setup(t *testing.T, db *store.DB) *net_ {
	n := &net_{db: db, clock: &clock{t: time.Now()}}
	n.org = account.Organisation{Name: "Foyer Sainte-Marthe, Lyon", Type: account.Shelter, Country: "FRA", City: "Lyon"}
	world.Orgs(t, db, &n.org)
	n.worker = account.User{Email: "awa.kone@sainte-marthe.example", DisplayName: "Awa Koné", Lang: "fr"}
	world.User(t, db, &n.worker, world.In(n.org, auth.Caseworker))
	return n
}

func (n *net_) notify(t *testing.T) uuid.UUID {
	t.Helper()
	ref := uuid.Must(uuid.NewV7())
	err := n.db.Notify(world.System(), notify.Event{Kind: notify.ReferralStatus, Status: "accepted",
		Recipients: []notify.Recipient{notify.ToUser(n.org.ID, n.worker.ID)}, Link: "/referrals/" + ref.String(),
		Objects: []notify.Ref{{Type: "referral", ID: ref}}})
	if err != nil {
		t.Fatal(err)
	}
	n.clock.catchUp(time.Now())
	return ref
}

var retry = notify.Retry{Base: time.Minute, Max: time.Hour, Attempts: 3}

func (n *net_) sender(m *mailbox) *delivery.Sender {
	return delivery.New(n.db, delivery.Config{BaseURL: "https://passerelle.example.org/",
		SMTP:  delivery.SMTP{Host: "127.0.0.1", Port: m.port, From: "Passerelle <notifications@passerelle.example.org>"},
		Retry: retry, Now: n.clock.now})
}

func pass(t *testing.T, s *delivery.Sender) delivery.Result {
	t.Helper()
	res, err := s.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestEmailCarriesOnlyTheTextAndTheLink: the message is the kind's
// sentence in the recipient's language and the link, nothing else: not
// the recipient's name, not the organisation, not the referral's case.
func TestEmailCarriesOnlyTheTextAndTheLink(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		m := startMailbox(t)
		ref := n.notify(t)
		if res := pass(t, n.sender(m)); res.Sent != 1 {
			t.Fatalf("pass: %+v", res)
		}
		if got, _ := m.count(); got != 1 || m.rcpts[0] != n.worker.Email {
			t.Fatalf("%d messages to %v", got, m.rcpts)
		}
		msg := m.messages[0]
		head, body, ok := bytes.Cut(msg, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("no header/body split in %q", msg)
		}
		link := "https://passerelle.example.org/referrals/" + ref.String()
		want := "Une orientation a changé d’état : acceptée. Connectez-vous à Passerelle pour la voir :\r\n\r\n" + link + "\r\n"
		if string(body) != want {
			t.Fatalf("body %q, want %q", body, want)
		}
		for _, leak := range []string{n.worker.DisplayName, "Awa", "Koné", n.org.Name, "Sainte-Marthe", n.org.ID.String()} {
			if bytes.Contains(msg, []byte(leak)) {
				t.Errorf("the message carries %q", leak)
			}
		}
		for _, line := range strings.Split(string(head), "\r\n") {
			name, _, _ := strings.Cut(line, ":")
			switch name {
			case "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
				"Content-Transfer-Encoding", "Auto-Submitted", "Received":
			default:
				if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
					t.Errorf("unexpected header %q", line)
				}
			}
		}
		// A restarted sender, or a second pass, does not send it again.
		pass(t, n.sender(m))
		n.clock.add(24 * time.Hour)
		pass(t, n.sender(m))
		if got, _ := m.count(); got != 1 {
			t.Fatalf("%d messages after restarts, want 1", got)
		}
	})
}

// TestEmailRetriedWithBackoff: a server that refuses for now (451) is
// tried again after the backoff, not before, and then delivers once.
func TestEmailRetriedWithBackoff(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		m := startMailbox(t)
		m.refuse = func(try int) *smtp.SMTPError {
			if try == 1 {
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
			}
			return nil
		}
		n.notify(t)
		s := n.sender(m)
		if res := pass(t, s); res.Retried != 1 || res.Sent != 0 {
			t.Fatalf("first pass %+v", res)
		}
		out, err := n.db.ListOutbox(world.System(), "pending")
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 || out[0].LastError != "smtp 451" || out[0].Attempts != 1 {
			t.Fatalf("outbox %+v", out)
		}
		// The backoff after one failure is between Base/2 and Base.
		wait := out[0].NextAt.Sub(n.clock.now())
		if wait < retry.Base/2-time.Second || wait > retry.Base+time.Second {
			t.Fatalf("next attempt in %s, want within [%s, %s]", wait, retry.Base/2, retry.Base)
		}
		if res := pass(t, s); res.Sent+res.Retried != 0 {
			t.Fatalf("a pass before the backoff tried again: %+v", res)
		}
		n.clock.add(retry.Base)
		if res := pass(t, s); res.Sent != 1 {
			t.Fatalf("pass after the backoff %+v", res)
		}
		if got, _ := m.count(); got != 1 {
			t.Fatalf("%d messages, want 1", got)
		}
		if p, _ := n.db.ListOutbox(world.System(), "pending"); len(p) != 0 {
			t.Fatalf("still pending: %+v", p)
		}
	})
}

// TestEmailDeadAfterMaxAttempts: a server that refuses for good (550) is
// tried Attempts times, then the e-mail is dead (shown to administrators)
// and never tried again.
func TestEmailDeadAfterMaxAttempts(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		m := startMailbox(t)
		m.refuse = func(int) *smtp.SMTPError {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
		}
		n.notify(t)
		s := n.sender(m)
		for i := 1; i <= retry.Attempts; i++ {
			res := pass(t, s)
			if i < retry.Attempts && res.Retried != 1 || i == retry.Attempts && res.Dead != 1 {
				t.Fatalf("attempt %d: %+v", i, res)
			}
			n.clock.add(retry.Max)
		}
		dead, err := n.db.ListOutbox(world.System(), "dead")
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) != 1 || dead[0].LastError != "smtp 550" || dead[0].Attempts != retry.Attempts {
			t.Fatalf("dead %+v", dead)
		}
		_, before := m.count()
		pass(t, s)
		if _, after := m.count(); after != before {
			t.Fatal("a dead e-mail was tried again")
		}
	})
}

// TestConcurrentSendersSendOnce: two senders (two server processes) pass
// at the same moment; Exclusive lets one send, each e-mail leaves once.
func TestConcurrentSendersSendOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		m := startMailbox(t)
		for range 5 {
			n.notify(t)
		}
		a, b := n.sender(m), n.sender(m)
		var wg sync.WaitGroup
		for _, s := range []*delivery.Sender{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Pass(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		pass(t, a)
		if got, _ := m.count(); got != 5 {
			t.Fatalf("%d messages, want 5", got)
		}
	})
}

// receiver is a real HTTP server on loopback that checks each delivery's
// signature with notify.VerifySignature, as the documentation asks
// receivers to, and records the bodies it accepted.
type receiver struct {
	mu       sync.Mutex
	secret   string
	bodies   [][]byte
	ids      []string
	refusals []string
	fail     int // answer 503 to this many valid deliveries first
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	err := notify.VerifySignature(rc.secret, r.Header.Get(notify.HeaderTimestamp), body,
		r.Header.Get(notify.HeaderSignature), time.Now())
	if err != nil {
		rc.refusals = append(rc.refusals, err.Error())
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.fail > 0 {
		rc.fail--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	rc.bodies = append(rc.bodies, body)
	rc.ids = append(rc.ids, r.Header.Get(notify.HeaderDelivery))
	w.WriteHeader(http.StatusNoContent)
}

// TestWebhookSignedRetriedDelivered: a subscribed endpoint receives a
// signed body of ids, codes and a link; a 503 is retried after the backoff
// under the same delivery id; a wrong secret is refused by the receiver.
func TestWebhookSignedRetriedDelivered(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		admin := account.User{Email: "ioana.lungu@sainte-marthe.example", DisplayName: "Ioana Lungu", Lang: "fr"}
		world.User(t, n.db, &admin, world.In(n.org, auth.OrgAdmin))
		rc := &receiver{fail: 1}
		srv := httptest.NewServer(rc)
		t.Cleanup(srv.Close)
		asAdmin := world.As(admin.ID, n.org.ID, auth.OrgAdmin)
		ep, secret, err := n.db.CreateWebhookEndpoint(asAdmin, notify.EndpointInput{URL: srv.URL + "/passerelle",
			Kinds: []string{string(notify.ReferralStatus)}})
		if err != nil {
			t.Fatal(err)
		}
		rc.secret = secret
		ref := n.notify(t)
		s := delivery.New(n.db, delivery.Config{Retry: retry, Now: n.clock.now}) // no SMTP: webhooks only
		if res := pass(t, s); res.Retried != 1 {
			t.Fatalf("first pass %+v (refusals %v)", res, rc.refusals)
		}
		n.clock.add(retry.Base)
		if res := pass(t, s); res.Sent != 1 {
			t.Fatalf("second pass %+v", res)
		}
		if len(rc.bodies) != 1 || len(rc.refusals) != 0 {
			t.Fatalf("bodies %d, refusals %v", len(rc.bodies), rc.refusals)
		}
		var got map[string]any
		if err := json.Unmarshal(rc.bodies[0], &got); err != nil {
			t.Fatal(err)
		}
		keys := []string{}
		for k := range got {
			keys = append(keys, k)
		}
		if len(got) != 7 || got["kind"] != "referral.status" || got["status"] != "accepted" ||
			got["link"] != "/referrals/"+ref.String() || got["organisation_id"] != n.org.ID.String() {
			t.Fatalf("body %s (keys %v)", rc.bodies[0], keys)
		}
		objs, _ := got["objects"].([]any)
		if len(objs) != 1 || objs[0].(map[string]any)["id"] != ref.String() {
			t.Fatalf("objects %v", got["objects"])
		}
		for _, leak := range []string{n.worker.DisplayName, admin.DisplayName, n.org.Name, n.worker.Email} {
			if bytes.Contains(rc.bodies[0], []byte(leak)) {
				t.Errorf("the body carries %q", leak)
			}
		}
		list, err := n.db.ListWebhookEndpoints(asAdmin)
		if err != nil || len(list) != 1 || list[0].ID != ep.ID || list[0].Pending != 0 || list[0].Dead != 0 {
			t.Fatalf("endpoints %+v, %v", list, err)
		}

		// A receiver holding another secret refuses; the delivery is
		// retried, then dead.
		rc.mu.Lock()
		rc.secret = "whsec_not-the-secret"
		rc.mu.Unlock()
		n.notify(t)
		for range retry.Attempts {
			pass(t, s)
			n.clock.add(retry.Max)
		}
		if len(rc.refusals) != retry.Attempts {
			t.Fatalf("refusals %v", rc.refusals)
		}
		if !errors.Is(notify.VerifySignature("x", "1", nil, "", time.Now()), notify.ErrStale) {
			t.Fatal("an old timestamp passed")
		}
		dead, _ := n.db.ListOutbox(world.System(), "dead")
		if len(dead) != 1 || dead[0].Channel != store.ChannelWebhook || dead[0].LastError != "http 401" {
			t.Fatalf("dead %+v", dead)
		}
	})
}

// TestEmailSignsInToTheServer: with a user name and password the sender
// authenticates (AUTH PLAIN); a wrong password is a failure recorded as its
// code, and nothing is delivered.
func TestEmailSignsInToTheServer(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		m := startMailbox(t)
		m.user, m.password = "passerelle", "relais-de-Lyon-2026"
		n.notify(t)
		cfg := delivery.Config{BaseURL: "https://passerelle.example.org", Retry: retry, Now: n.clock.now,
			SMTP: delivery.SMTP{Host: "127.0.0.1", Port: m.port, From: "notifications@passerelle.example.org",
				Username: "passerelle", Password: "not-the-password"}}
		if res := pass(t, delivery.New(n.db, cfg)); res.Retried != 1 {
			t.Fatalf("wrong password: %+v", res)
		}
		out, _ := n.db.ListOutbox(world.System(), "pending")
		if len(out) != 1 || out[0].LastError != "smtp 535" {
			t.Fatalf("outbox %+v", out)
		}
		n.clock.add(retry.Base)
		cfg.SMTP.Password = m.password
		if res := pass(t, delivery.New(n.db, cfg)); res.Sent != 1 {
			t.Fatalf("right password: %+v", res)
		}
		if got, _ := m.count(); got != 1 {
			t.Fatalf("%d messages, want 1", got)
		}
	})
}

// TestWebhookBlockedAddress: an endpoint at a link-local address (a
// cloud's metadata service) is never dialled; the delivery fails as
// "blocked" at once.
func TestWebhookBlockedAddress(t *testing.T) {
	eachDB(t, func(t *testing.T, n *net_) {
		admin := account.User{Email: "ioana.lungu@sainte-marthe.example", DisplayName: "Ioana Lungu", Lang: "fr"}
		world.User(t, n.db, &admin, world.In(n.org, auth.OrgAdmin))
		if _, _, err := n.db.CreateWebhookEndpoint(world.As(admin.ID, n.org.ID, auth.OrgAdmin), notify.EndpointInput{
			URL: "https://169.254.169.254/latest/meta-data", Kinds: []string{string(notify.ReferralStatus)}}); err != nil {
			t.Fatal(err)
		}
		n.notify(t)
		if res := pass(t, delivery.New(n.db, delivery.Config{Retry: retry, Now: n.clock.now})); res.Retried != 1 {
			t.Fatalf("pass %+v", res)
		}
		out, _ := n.db.ListOutbox(world.System(), "pending")
		var hooks []store.OutboxEntry
		for _, o := range out {
			if o.Channel == store.ChannelWebhook {
				hooks = append(hooks, o)
			}
		}
		if len(hooks) != 1 || hooks[0].LastError != "blocked" {
			t.Fatalf("outbox %+v", out)
		}
	})
}

package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/fault"
)

func init() {
	register("loadtest", "cli.summary.loadtest", runLoadtest)
}

// asCommand, set in a child's environment, makes a test binary behave as
// the passerelle binary (the tests' TestMain), so the load and crash tests
// start real server processes without building one.
const asCommand = "PASSERELLE_TEST_AS_COMMAND"

// loadSteps are what each simulated caseworker does, in order, each round.
var loadSteps = []string{"sign-in", "case list", "case open", "screening", "note", "sign-out"}

type loadFlags struct {
	users    int
	servers  int
	duration time.Duration
	cases    int
	database string
	keep     bool
}

func runLoadtest(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var f loadFlags
	fs := newFlags("loadtest", stderr)
	fs.IntVar(&f.users, "users", 50, help("loadtest_users", nil))
	fs.IntVar(&f.servers, "servers", 1, help("loadtest_servers", nil))
	fs.DurationVar(&f.duration, "duration", 30*time.Second, help("loadtest_duration", nil))
	fs.IntVar(&f.cases, "cases", 500, help("loadtest_cases", nil))
	fs.StringVar(&f.database, "database", "", help("loadtest_database", nil))
	fs.BoolVar(&f.keep, "keep", false, help("loadtest_keep", nil))
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if f.users < 1 || f.servers < 1 || f.duration <= 0 || f.cases < 1 {
		return refuse(stderr, "loadtest", "cli.loadtest.positive", nil)
	}
	if f.servers > 1 && f.database == "" {
		return refuse(stderr, "loadtest", "cli.loadtest.servers_database", nil)
	}
	if err := loadtest(f, stdout, stderr); err != nil {
		return report(stderr, "loadtest", err)
	}
	return 0
}

func loadtest(f loadFlags, stdout, stderr io.Writer) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "passerelle-load")
	if err != nil {
		return err
	}
	if f.keep {
		tell(stdout, "cli.loadtest.data_folder", map[string]any{"Dir": dir})
	} else {
		defer os.RemoveAll(dir)
	}
	c := config{dataDir: dir}
	if f.database != "" {
		dbURL, drop, err := throwawayDatabase(ctx, f.database)
		if err != nil {
			return err
		}
		defer drop()
		c.databaseURL = dbURL
	}
	tell(stdout, "cli.loadtest.seeding", map[string]any{"Users": f.users, "Cases": f.cases})
	password, caseIDs, err := seedLoad(ctx, c, f)
	if err != nil {
		return failure("cli.demo.seed_failed", nil, err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var bases []string
	for range f.servers {
		addr, err := loopbackAddr()
		if err != nil {
			return err
		}
		args := []string{"serve", "--data", dir, "--addr", addr, "--log-level", "error"}
		if c.databaseURL != "" {
			args = append(args, "--database", c.databaseURL)
		}
		cmd := exec.Command(self, args...)
		// The variable lets a test binary stand in for passerelle (see TestMain).
		cmd.Env = append(os.Environ(), asCommand+"=1")
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			return err
		}
		defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
		base := "http://" + addr
		if err := waitFor(base+"/readyz", time.Minute); err != nil {
			return err
		}
		bases = append(bases, base)
	}
	tell(stdout, "cli.loadtest.running", map[string]any{"Users": f.users, "Duration": f.duration.String(), "Servers": f.servers, "Database": dialectName(c)})

	metrics := map[string]*vegeta.Metrics{}
	for _, s := range append([]string{"all"}, loadSteps...) {
		metrics[s] = &vegeta.Metrics{}
	}
	var mu sync.Mutex
	record := func(step string, r *vegeta.Result) {
		mu.Lock()
		defer mu.Unlock()
		metrics[step].Add(r)
		metrics["all"].Add(r)
	}
	deadline := time.Now().Add(f.duration)
	var wg sync.WaitGroup
	for u := range f.users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lu := loadUser{email: loadEmail(u), password: password, bases: bases, n: u, cases: caseIDs}
			for round := 0; time.Now().Before(deadline); round++ {
				lu.round(round, record)
			}
		}()
	}
	wg.Wait()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, tr("cli.loadtest.header", nil))
	for _, s := range append(loadSteps, "all") {
		m := metrics[s]
		m.Close()
		errs := m.Requests - uint64(float64(m.Requests)*m.Success+0.5)
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%d\t\n", s, m.Requests, float64(m.Requests)/f.duration.Seconds(),
			ms(m.Latencies.P50), ms(m.Latencies.P99), errs)
	}
	tw.Flush()
	for _, s := range loadSteps {
		if len(metrics[s].Errors) > 0 {
			tell(stdout, "cli.loadtest.errors", map[string]any{"Step": s, "Errors": strings.Join(metrics[s].Errors, "; ")})
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func dialectName(c config) string {
	if c.databaseURL != "" {
		return "PostgreSQL"
	}
	return "SQLite"
}

func loadEmail(i int) string { return fmt.Sprintf("load-%03d@passage-lyon.example.org", i) }

// seedLoad creates the demo data, one caseworker account per simulated user
// (same organisation, so they share the cases) and invented cases.
func seedLoad(ctx context.Context, c config, f loadFlags) (string, []string, error) {
	ctx = systemCtx(ctx)
	db, err := c.open(ctx, true)
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	if err := seedDemo(ctx, db); err != nil {
		return "", nil, err
	}
	orgs, err := db.ListOrganisations(ctx)
	if err != nil {
		return "", nil, err
	}
	var lyon account.Organisation
	for _, o := range orgs {
		if o.Name == demoOrgNamed("lyon") {
			lyon = o
		}
	}
	const password = "Charge-de-test-Lyon-2026"
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", nil, err
	}
	var first account.User
	for i := range f.users {
		u := account.User{Email: loadEmail(i), DisplayName: fmt.Sprintf("Agent de test %d", i), Lang: "fr", PasswordHash: hash}
		if err := db.CreateUser(ctx, &u, []account.Membership{{OrgID: lyon.ID, Role: auth.Caseworker}}); err != nil {
			return "", nil, err
		}
		if i == 0 {
			first = u
		}
	}
	actor := auth.WithActor(ctx, auth.Actor{UserID: first.ID, OrgID: lyon.ID, Role: auth.Caseworker})
	var cs []*casework.Case
	for i := range f.cases {
		p := demo.Person(i%182, i%3)
		cs = append(cs, &p)
	}
	if err := db.CreateCases(actor, cs); err != nil {
		return "", nil, err
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID.String()
	}
	return password, ids, nil
}

// throwawayDatabase creates an empty database on the server of admin and
// returns its URL and a function that drops it.
func throwawayDatabase(ctx context.Context, admin string) (string, func(), error) {
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fault.New(fault.Invalid, "cli.loadtest.database_url", nil)
	}
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("passerelle_load_%d", time.Now().UnixNano())
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = conn.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		conn.Close()
	}
	return u.String(), drop, nil
}

func loopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitFor(u string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s", u, limit)
}

// loadUser is one simulated caseworker. Successive requests go to the
// servers in turn, so a session opened on one is used on the others.
type loadUser struct {
	email, password string
	bases           []string
	cases           []string
	n, next         int
	client          *http.Client
}

func (u *loadUser) base() string {
	u.next++
	return u.bases[(u.n+u.next)%len(u.bases)]
}

func (u *loadUser) round(round int, record func(string, *vegeta.Result)) {
	jar, _ := cookiejar.New(nil)
	u.client = &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	caseID := u.cases[(u.n*7+round)%len(u.cases)]
	form := url.Values{"email": {u.email}, "password": {u.password}}
	if !u.do("sign-in", http.MethodPost, "/signin", form, http.StatusSeeOther, record) {
		return
	}
	u.do("case list", http.MethodGet, "/cases", nil, http.StatusOK, record)
	u.do("case open", http.MethodGet, "/cases/"+caseID, nil, http.StatusOK, record)
	u.do("screening", http.MethodGet, "/cases/"+caseID+"/screening", nil, http.StatusOK, record)
	note := url.Values{"body": {fmt.Sprintf("Entretien de suivi %d : hébergement stable, rendez-vous juridique pris.", round)}}
	u.do("note", http.MethodPost, "/cases/"+caseID+"/notes", note, http.StatusSeeOther, record)
	u.do("sign-out", http.MethodPost, "/signout", url.Values{}, http.StatusSeeOther, record)
}

func (u *loadUser) do(step, method, path string, form url.Values, want int, record func(string, *vegeta.Result)) bool {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u.base()+path, body)
	if err != nil {
		panic(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := time.Now()
	resp, err := u.client.Do(req)
	r := &vegeta.Result{Attack: "passerelle", Method: method, URL: path, Timestamp: start}
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		r.Code = uint16(resp.StatusCode)
		if resp.StatusCode != want {
			r.Error = fmt.Sprintf("%s %s: status %d", method, filepath.Dir(path+"/"), resp.StatusCode)
			r.Code = 0
		}
	} else {
		r.Error = err.Error()
	}
	r.Latency = time.Since(start)
	record(step, r)
	return r.Error == ""
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// TestMain lets the test binary behave as the passerelle binary when a test
// starts it as a child process (asCommand set), so crash tests kill a real
// server process without building one.
func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestCrashKeepsAcknowledgedWrites runs a server process under a write load,
// kills it with SIGKILL several times and restarts it: every case whose
// creation was acknowledged must be there afterwards, and the audit trail
// must verify. On PostgreSQL the database is restarted in immediate mode too.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	t.Run("sqlite", func(t *testing.T) { crashRounds(t, nil) })
	t.Run("postgres", func(t *testing.T) { crashRounds(t, startOwnPostgres(t)) })
}

func crashRounds(t *testing.T, pg *ownPostgres) {
	databaseURL := ""
	if pg != nil {
		databaseURL = pg.url
	}
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", databaseURL)
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	token := crashToken(t, config{dataDir: dir, databaseURL: databaseURL})
	addr := freeAddr(t)
	base := "http://" + addr

	var (
		mu    sync.Mutex
		acked []string
	)
	const rounds = 3
	srv := startServer(t, dir, addr)
	for round := range rounds {
		waitReady(t, base)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					if id, ok := createCrashCase(ctx, base, token, round, w, i); ok {
						mu.Lock()
						acked = append(acked, id)
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(1500 * time.Millisecond)
		// Killed while requests are in flight: those not yet answered may
		// or may not be there; those answered must be.
		if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = srv.Wait()
		stop()
		wg.Wait()
		if pg != nil {
			pg.restartImmediate(t)
		}
		srv = startServer(t, dir, addr)
	}
	waitReady(t, base)
	mu.Lock()
	ids := append([]string(nil), acked...)
	mu.Unlock()
	if len(ids) < rounds {
		t.Fatalf("only %d creations acknowledged under load", len(ids))
	}
	missing := 0
	for _, id := range ids {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/cases/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged cases missing after %d SIGKILLs", missing, len(ids), rounds)
	}
	_ = srv.Process.Signal(syscall.SIGTERM)
	_ = srv.Wait()
	if code, out, errs := run(t, "audit", "verify", "--data", dir, "--database", databaseURL); code != 0 {
		t.Errorf("audit verify after crashes: %d %s %s", code, out, errs)
	}
	t.Logf("%d acknowledged creations, all present after %d kills", len(ids), rounds)
}

// crashToken gives the demo's Lyon caseworker an API token, written before
// the server starts.
func crashToken(t *testing.T, c config) string {
	t.Helper()
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserForLogin(ctx, "caseworker@passage-lyon.example.org")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := db.ListOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var org uuid.UUID
	for _, o := range orgs {
		if o.Name == "Association Passage Lyon" {
			org = o.ID
		}
	}
	tok, _ := world.Token(t, db, ctx, u.ID, org, "crash test", nil)
	return tok
}

func createCrashCase(ctx context.Context, base, token string, round, worker, i int) (string, bool) {
	given := []string{"Blessing", "Aïssata", "Joy", "Mariama", "Precious", "Hadiza"}[(worker+i)%6]
	body := fmt.Sprintf(`{"person":{"given_name":%q,"family_name":"Osagie-%d%d%d","birth_date":"1999-03-15"}}`,
		given, round, worker, i)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/cases", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var out struct {
		ID string `json:"id"`
	}
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&out) != nil || out.ID == "" {
		return "", false
	}
	return out.ID, true
}

func startServer(t *testing.T, dir, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--data", dir, "--addr", addr, "--log-level", "error")
	cmd.Env = append(os.Environ(), asCommand+"=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	fixture.Eventually(t, 60*time.Second, "the server at "+base+" to be ready", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// ownPostgres is a PostgreSQL cluster of this test alone, so restarting it
// in immediate mode disturbs no other test.
type ownPostgres struct {
	bin, dir, url string
	asPostgres    bool
}

func startOwnPostgres(t *testing.T) *ownPostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("PostgreSQL is not installed (scripts/test.sh installs it)")
		}
		t.Skip("PostgreSQL is not installed: crash test on PostgreSQL skipped")
	}
	p := &ownPostgres{bin: filepath.Dir(bins[len(bins)-1]), asPostgres: os.Getuid() == 0}
	dir, err := os.MkdirTemp("", "passerelle-crash-pg")
	if err != nil {
		t.Fatal(err)
	}
	p.dir = dir
	t.Cleanup(func() {
		_ = p.ctl("-m", "immediate", "stop")
		_ = os.RemoveAll(dir)
	})
	if p.asPostgres {
		// initdb refuses to run as root: the cluster belongs to postgres.
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	if out, err := p.command("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--no-locale").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v %s", err, out)
	}
	port := freeAddr(t)[len("127.0.0.1:"):]
	opts := fmt.Sprintf("-p %s -k %s -c listen_addresses=127.0.0.1", port, dir)
	if err := p.ctl("-w", "-t", "60", "-l", filepath.Join(dir, "log"), "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		t.Fatalf("pg_ctl start: %v %s", err, log)
	}
	p.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable", port)
	return p
}

func (p *ownPostgres) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, name)
	if p.asPostgres {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (p *ownPostgres) ctl(args ...string) error {
	out, err := p.command("pg_ctl", append([]string{"-D", filepath.Join(p.dir, "data")}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

// restartPostgresImmediate stops the test's cluster without a checkpoint (as
// a power cut would leave it, WAL replayed at start) and starts it again.
func (p *ownPostgres) restartImmediate(t *testing.T) {
	t.Helper()
	if err := p.ctl("-m", "immediate", "-w", "-t", "60", "-l", filepath.Join(p.dir, "log"), "restart"); err != nil {
		t.Fatalf("pg_ctl restart -m immediate: %v", err)
	}
}

// TestLoadtestCommandRuns drives a few users for a second: the load command
// starts its server, every step answers as expected and the table is printed.
func TestLoadtestCommandRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("load command skipped with -short")
	}
	code, out, errs := run(t, "loadtest", "--users", "3", "--duration", "1s", "--cases", "10")
	if code != 0 {
		t.Fatalf("loadtest: %d %s", code, errs)
	}
	for _, step := range append(loadSteps, "all") {
		if !strings.Contains(out, step) {
			t.Errorf("no line for %q in:\n%s", step, out)
		}
	}
	if strings.Contains(out, "errors:") {
		t.Errorf("requests failed:\n%s", out)
	}
}

package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestBrowserLinkageRun is the linkage run's acceptance test in a real
// Chromium on a phone-sized screen (390 px): the coordinator, in French,
// proposes a run with three organisations; the first organisation's
// administrator generates the shared secret (shown once); the second
// approves typing it; the third, in French, first types a wrong secret,
// which is refused with the field and the rule and changes nothing, then
// the right one; the coordinator matches and reads the overlap counts; the
// third party's administrator sees which of its own cases are known
// elsewhere. The forms are used with JavaScript switched off for the
// administrators' answers and the match (every form must work without it)
// and on for the proposal; the counts are read both ways, the membership
// page with it on. Each page is checked for sideways scrolling, table cells
// beyond the screen's edge, its language, whether scripts ran, and the
// browser's Content-Security-Policy reports.
func TestBrowserLinkageRun(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newNetEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.do("phone", chromedp.EmulateViewport(390, 844))

	// 1. The coordinator switches to French (app.js submits the language
	// form on change) and proposes the run in the form.
	b.signIn("coordinator")
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.do("runs list", chromedp.Navigate(ts.URL+"/network/runs"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/network/runs/new"]`)))
	b.page("liste des appariements", "fr", "Appariements")
	b.do("proposal form", chromedp.Click(chromedp.CSS(`a[href="/network/runs/new"]`)),
		chromedp.WaitVisible(chromedp.ID("min_size")))
	b.page("formulaire de proposition", "fr", "Proposer un appariement")
	b.setInput("#period_from", "2024-01-01")
	b.setInput("#period_to", "2025-12-31")
	b.setInput("#min_size", "20")
	b.do("fill the proposal",
		chromedp.SendKeys(chromedp.ID("name"), "Corridor Dakar–Niamey–Paris"),
		chromedp.Click(chromedp.CSS(`input[name=parties][value="`+e.org.ID.String()+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name=parties][value="`+e.orgB.ID.String()+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name=parties][value="`+e.org3.ID.String()+`"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/network/runs"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("run-status")))
	b.page("appariement proposé", "fr", "Corridor Dakar–Niamey–Paris")
	if st := b.text("#run-status"); st != "En attente des réponses" {
		t.Errorf("status after the proposal: %q", st)
	}
	if flash := b.text(".alert.ok"); !strings.Contains(flash, "L'appariement est proposé") {
		t.Errorf("flash after the proposal: %q", flash)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !runPath.MatchString(href) {
		t.Fatalf("run address %q (%v)", href, err)
	}
	runID := uuid.MustParse(runPath.FindStringSubmatch(href)[1])
	run := ts.URL + href
	if b.count(`form[action$="/match"]`) != 0 {
		t.Error("the match button is offered before anyone approved")
	}
	b.signOut()

	// 2. The first organisation's administrator, without JavaScript, finds
	// the run in the list and generates the secret, shown once.
	b.scripts(false)
	b.signIn("org_admin")
	b.do("list", chromedp.Navigate(ts.URL+"/network/runs"),
		chromedp.Click(chromedp.CSS(`a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.ID("secret")))
	b.page("run to answer", "en", "Approve and encode our cases")
	b.do("generate",
		chromedp.Click(chromedp.CSS(`input[name=generate]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("generated-secret")))
	b.page("approved with a generated secret", "en", "Run approved")
	if msg := b.text(".alert.ok"); msg != "Cases encoded: 30." {
		t.Errorf("after generating: %q", msg)
	}
	secret := b.text("#generated-secret")
	if len(secret) < 32 || strings.ContainsAny(secret, " \n") {
		t.Fatalf("generated secret %q", secret)
	}
	b.do("back to the run", chromedp.Click(chromedp.CSS(`a.button[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.ID("run-status")))
	b.page("run after approving", "en", "Corridor")
	if body := b.mainText(); strings.Contains(body, secret) {
		t.Error("the secret is shown again on the run page")
	}
	b.signOut()

	// 3. The second administrator, without JavaScript, types the secret:
	// no secret can be generated any more.
	b.signIn("admin2")
	b.do("run", chromedp.Navigate(run), chromedp.WaitVisible(chromedp.ID("secret")))
	b.page("run to answer (second party)", "en", "Approve and encode our cases")
	if n := b.count(`input[name=generate]`); n != 0 {
		t.Error("a new secret is offered after a party approved")
	}
	b.do("approve",
		chromedp.SendKeys(chromedp.ID("secret"), secret),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("main .alert.ok")))
	b.page("approved (second party)", "en", "Run approved")
	if msg := b.text("main .alert.ok"); msg != "Cases encoded: 31." {
		t.Errorf("second party: %q", msg)
	}
	if b.count("#generated-secret") != 0 {
		t.Error("a typed secret is echoed back")
	}
	b.signOut()

	// 4. The third administrator switches to French with the button (no
	// JavaScript), mistypes the secret: refused in French, nothing changes.
	b.signIn("admin3")
	b.do("switch to French without JavaScript",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.Click(chromedp.CSS(`form[action="/language"] button`)),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.do("run", chromedp.Navigate(run), chromedp.WaitVisible(chromedp.ID("secret")))
	b.page("appariement à accepter (troisième)", "fr", "Accepter et encoder nos dossiers")
	wrong := secret[:len(secret)-1] + "A"
	if strings.HasSuffix(secret, "A") {
		wrong = secret[:len(secret)-1] + "B"
	}
	b.do("wrong secret",
		chromedp.SendKeys(chromedp.ID("secret"), wrong),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("secret-error")))
	b.page("secret refusé", "fr", "Accepter et encoder nos dossiers")
	wantErr := "Secret partagé diffère de celui d'une organisation qui a déjà accepté : vérifiez-le avec elle."
	if msg := b.text("#secret-error"); msg != wantErr {
		t.Errorf("wrong secret: %q, want %q", msg, wantErr)
	}
	if inv, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("secret"), "aria-describedby")); err != nil || inv.Value != "secret-error" {
		t.Errorf("the field does not point to its error: %q (%v)", inv.Value, err)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("secret"))); err != nil || v != "" {
		t.Errorf("the typed secret is echoed back in the field (%v)", err)
	}
	if st := b.text("#run-status"); st != "En attente des réponses" {
		t.Errorf("status after the refusal: %q", st)
	}
	stored, err := e.db.GetLinkageRun(e.cwActor("coordinator"), runID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Status != linkrun.Proposed || stored.Parties[2].State != linkrun.Pending || stored.Parties[2].Count != 0 ||
		stored.Parties[1].Count != 31 {
		t.Errorf("a refused secret changed the run: %s, party 3 %s with %d cases, party 2 %d cases",
			stored.Status, stored.Parties[2].State, stored.Parties[2].Count, stored.Parties[1].Count)
	}
	b.do("right secret",
		chromedp.SendKeys(chromedp.ID("secret"), secret),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("main .alert.ok")))
	b.page("appariement accepté (troisième)", "fr", "Appariement accepté")
	if msg := b.text("main .alert.ok"); msg != "Dossiers encodés : 30." {
		t.Errorf("third party: %q", msg)
	}
	b.signOut()

	// 5. The coordinator matches without JavaScript, then reads the counts
	// with and without it.
	b.signIn("coordinator")
	b.do("run", chromedp.Navigate(run), chromedp.WaitVisible(chromedp.CSS(`form[action$="/match"] button`)))
	b.page("appariement prêt", "fr", "Apparier les encodages")
	b.do("match",
		chromedp.Click(chromedp.CSS(`form[action$="/match"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href$="/results"]`)))
	b.page("appariement fait", "fr", "Les encodages ont été appariés.")
	if st := b.text("#run-status"); st != "Apparié" {
		t.Errorf("status after matching: %q", st)
	}
	for _, js := range []bool{false, true} {
		b.scripts(js)
		b.do("results",
			chromedp.Navigate(run),
			chromedp.Click(chromedp.CSS(`a.button[href$="/results"]`)),
			chromedp.WaitVisible(chromedp.ID("overlap")))
		b.page("effectifs des recoupements (JavaScript "+strconv.FormatBool(js)+")", "fr", "Effectifs des recoupements")
		b.overlap()
		if th := b.text("#threshold"); !strings.Contains(th, "(précision)") || !strings.Contains(th, "(rappel)") {
			t.Errorf("threshold not explained: %q", th)
		}
		if n := b.count("#threshold figure svg g.mark"); n != 1 {
			t.Errorf("%d thresholds marked on the score distribution, want 1", n)
		}
	}
	b.shot("passerelle-linkage-results-fr-390.png")
	b.signOut()

	// 6. The third party's administrator, in French with JavaScript, sees
	// which of its own cases are known elsewhere, and only those.
	b.signIn("admin3")
	b.do("membership",
		chromedp.Navigate(run),
		chromedp.Click(chromedp.CSS(`a.button[href$="/results"]`)),
		chromedp.WaitVisible(chromedp.ID("shared")))
	b.page("nos dossiers connus ailleurs", "fr", "Nos dossiers connus ailleurs")
	rows := b.rows("#shared tbody tr")
	if len(rows) != 10 {
		t.Errorf("third party: %d shared cases, want 10: %v", len(rows), rows)
	}
	for _, r := range rows {
		if len(r) != 2 || !slices.Contains(e.codes[2], r[0]) {
			t.Errorf("shared row %v is not one of the third party's own cases", r)
		}
		if n, err := strconv.Atoi(r[len(r)-1]); err != nil || n < 1 || n > 2 {
			t.Errorf("shared row %v: other organisations %q", r, r[len(r)-1])
		}
	}
	b.shot("passerelle-linkage-membership-fr-390.png")
	b.cspProbe()
}

// linkBrowser drives one Chromium tab through the linkage pages as one
// actor after another, with JavaScript on or off.
type linkBrowser struct {
	t        *testing.T
	env      *netEnv
	ctx      context.Context
	url      string
	messages func() []string
	seen     int  // browser messages already checked
	js       bool // whether page scripts run
}

// do runs a step of the flow; a step gives up after 30 s so that a page
// that no longer works fails the test quickly instead of hanging it.
func (b *linkBrowser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *linkBrowser) signIn(key string) {
	b.t.Helper()
	b.do("sign in "+key,
		chromedp.Navigate(b.url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), b.env.users[key].Email),
		chromedp.SendKeys(chromedp.ID("password"), corePassword),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
}

func (b *linkBrowser) signOut() {
	b.t.Helper()
	b.do("sign out",
		chromedp.Click(chromedp.CSS("nav.main button")),
		chromedp.WaitVisible(chromedp.ID("email")))
}

// scripts switches the page's JavaScript on or off for the next loads.
func (b *linkBrowser) scripts(on bool) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		b.t.Fatalf("scripts %v: %v", on, err)
	}
	b.js = on
}

// setInput sets a field's value as the browser's own pickers do (date and
// number inputs take no reliable typing), with JavaScript on or off: the
// DevTools evaluation runs even when the page's scripts are disabled.
func (b *linkBrowser) setInput(sel, v string) {
	b.t.Helper()
	js := `(() => { const el = document.querySelector(` + strconv.Quote(sel) + `); if (!el) return false; el.value = ` +
		strconv.Quote(v) + `; return el.value === ` + strconv.Quote(v) + ` })()`
	if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js)); err != nil || !ok {
		b.t.Fatalf("set %s: %v", sel, err)
	}
}

// page checks the page shown: its heading or body has want, it is in the
// language lang, it does not scroll sideways at 390 px and no table cell
// hides beyond the right edge (a table may scroll in its box, but then its
// last column, the counts, is out of sight), the page's scripts
// ran or not as asked, and the browser reported no policy violation.
func (b *linkBrowser) page(name, lang, want string) {
	b.t.Helper()
	var got struct {
		Lang     string   `json:"lang"`
		Overflow bool     `json:"overflow"`
		Width    int      `json:"width"`
		HTMX     string   `json:"htmx"`
		Main     string   `json:"main"`
		Cut      []string `json:"cut"`
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify({
		lang: document.documentElement.lang,
		overflow: document.documentElement.scrollWidth > window.innerWidth,
		width: window.innerWidth,
		htmx: typeof htmx,
		main: document.querySelector("main").innerText,
		cut: [...document.querySelectorAll("main th, main td")]
			.filter(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
			.map(c => c.innerText.trim())})`))
	if err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
	if got.Width != 390 {
		b.t.Errorf("%s: viewport %d px wide, want 390", name, got.Width)
	}
	if got.Overflow {
		b.t.Errorf("%s: the page scrolls sideways at 390 px", name)
	}
	if len(got.Cut) > 0 {
		b.t.Errorf("%s: %d table cells lie beyond the screen's right edge at 390 px (first %q)", name, len(got.Cut), got.Cut[0])
	}
	if got.Lang != lang {
		b.t.Errorf("%s: page language %q, want %q", name, got.Lang, lang)
	}
	if !strings.Contains(got.Main, want) {
		b.t.Errorf("%s: page lacks %q: %.300s", name, want, got.Main)
	}
	// The linkage pages use no hx- attributes, so htmx is not loaded there.
	if got.HTMX != "undefined" {
		b.t.Errorf("%s: typeof htmx %q with scripts on=%v", name, got.HTMX, b.js)
	}
	b.reports(name)
}

// reports fails on any policy violation or exception the browser reported
// since the last check.
func (b *linkBrowser) reports(name string) {
	b.t.Helper()
	ms := b.messages()
	for _, m := range ms[b.seen:] {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy") ||
			strings.HasPrefix(m, "exception") {
			b.t.Errorf("%s: browser reported: %s", name, m)
		}
	}
	b.seen = len(ms)
}

// text reads the visible text of the first element matching sel, waiting
// for it at most 10 s.
func (b *linkBrowser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

func (b *linkBrowser) mainText() string {
	b.t.Helper()
	return b.text("main")
}

func (b *linkBrowser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// rows reads the text of each cell of the matching table rows.
func (b *linkBrowser) rows(sel string) [][]string {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll(`+
		strconv.Quote(sel)+`)].map(tr => [tr.dataset.pattern || "", ...[...tr.cells].map(c => c.innerText.trim())]))`))
	if err != nil {
		b.t.Fatalf("rows %s: %v", sel, err)
	}
	var out [][]string
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		b.t.Fatal(err)
	}
	for i, r := range out {
		if r[0] == "" {
			out[i] = r[1:]
		}
	}
	return out
}

// overlap checks the coordinator's counts: one row per combination seen,
// each with the count the sample network holds (1 to 4 shown as "<5"),
// columns in the parties' order, and no case code anywhere.
func (b *linkBrowser) overlap() {
	b.t.Helper()
	e := b.env
	heads := b.rows("#overlap thead tr")
	if len(heads) != 1 || !slices.Equal(heads[0], []string{"1", "2", "3", "Personnes"}) {
		b.t.Errorf("overlap columns %v", heads)
	}
	// Every table numbers the organisations as the legend does.
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`JSON.stringify([...document.querySelectorAll("#parties li")].map(li => li.innerText.trim()))`))
	var legend []string
	if err == nil {
		err = json.Unmarshal([]byte(raw), &legend)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	if want := []string{e.org.Name, e.orgB.Name, e.org3.Name}; !slices.Equal(legend, want) {
		b.t.Errorf("legend %v, want %v", legend, want)
	}
	for _, h := range b.rows("table.strata thead tr") {
		if !slices.Equal(h, []string{"1", "2", "3", "Personnes"}) {
			b.t.Errorf("breakdown columns %v", h)
		}
	}
	strata := b.rows("table.strata tbody tr")
	if len(strata) < len(demo.Counts) {
		b.t.Errorf("only %d breakdown rows", len(strata))
	}
	for _, r := range strata {
		for i, c := range r[0] {
			if ticked := r[1+i] == "✓"; ticked != (c == '1') {
				b.t.Errorf("breakdown combination %s: column %d shows %q", r[0], i+1, r[1+i])
			}
		}
	}
	rows := b.rows("#overlap tbody tr")
	if len(rows) != len(demo.Counts) {
		b.t.Errorf("%d combinations shown, want %d: %v", len(rows), len(demo.Counts), rows)
	}
	for _, r := range rows {
		pattern, n := r[0], r[len(r)-1]
		want, ok := demo.Counts[pattern]
		if !ok || n != strconv.Itoa(want) {
			b.t.Errorf("combination %s: %q shown, want %d", pattern, n, want)
		}
		for i, c := range pattern {
			if ticked := r[1+i] == "✓"; ticked != (c == '1') {
				b.t.Errorf("combination %s: column %d shows %q", pattern, i+1, r[1+i])
			}
		}
	}
	body := b.mainText()
	if !strings.Contains(body, disclosure.Mark) {
		b.t.Error("no hidden count marked " + disclosure.Mark + " among the strata")
	}
	for org := range e.codes {
		for _, code := range e.codes[org] {
			if strings.Contains(body, code) {
				b.t.Fatalf("the coordinator's page shows case code %s", code)
			}
		}
	}
}

func (b *linkBrowser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := os.TempDir() + "/" + name
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

// cspProbe shows that the policy check above can fail: an inline script
// added to the page must be refused and the refusal reported.
func (b *linkBrowser) cspProbe() {
	b.t.Helper()
	b.reports("last page")
	before := len(b.messages())
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
		`(() => { const s = document.createElement("script"); s.textContent = "window.passerelleInline = 1"; document.body.append(s); return true })()`)); err != nil {
		b.t.Fatal(err)
	}
	if !consoleShows(b.messages, before, "Content Security Policy") {
		b.t.Error("an inline script was not reported: Content-Security-Policy violations would go unseen")
	}
}

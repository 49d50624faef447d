package app

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/net/html"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/passerelle-org/passerelle/internal/api"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/i18n/pseudo"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestPseudoLocaleRendersEverything proves that a language is only catalogue
// files: it loads a pseudo-locale generated from the English catalogues
// (internal/i18n/pseudo), then renders every page of the web app as every
// role of an organisation with records of its own, posts every form empty,
// and asks every API operation for an error, all in that language. Each
// page must say html lang="en-XA", no message may be missing, and no text
// may be English that did not come through a catalogue: a text without the
// pseudo brackets must be user data, a number, a date or a code.
func TestPseudoLocaleRendersEverything(t *testing.T) {
	pseudo.Use(t)
	missedBefore := len(i18n.Missing())
	w := newWorld(t)
	own := w.addOwnRecords(t)
	ck := newTextCheck(w, own)

	// Pages, signed in, after choosing the language with the switch (which
	// also saves it in the account: the settings accept the new language).
	pages := 0
	for _, role := range auth.OrgRoles {
		c := w.signIn(t, w.usersA[role])
		resp, err := c.PostForm(w.srv.URL+"/language", url.Values{"lang": {pseudo.Tag}, "return": {"/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("language switch to %s as %s: %d", pseudo.Tag, role, resp.StatusCode)
		}
		for _, r := range w.webRoute {
			if r.Method != http.MethodGet || strings.HasPrefix(r.Pattern, "/static/") {
				continue
			}
			path := own.fill(w, r.Pattern)
			ck.page(t, c, http.MethodGet, path, nil, string(role))
			pages++
		}
		ck.page(t, c, http.MethodGet, "/no/such/page", nil, string(role))
	}
	// Every form posted empty, as the organisation administrator and as a
	// caseworker: the pages that answer show the rules in the language.
	// Both sign in first: the administrator's empty posts may disable the
	// user the forms name.
	posters := []*http.Client{w.signIn(t, w.usersA[auth.Caseworker]), w.signIn(t, w.usersA[auth.OrgAdmin])}
	for i, c := range posters {
		role := []auth.Role{auth.Caseworker, auth.OrgAdmin}[i]
		for _, r := range w.webRoute {
			if r.Method != http.MethodPost || r.Pattern == "/signout" || r.Pattern == "/language" || r.Public {
				continue
			}
			ck.page(t, c, http.MethodPost, own.fill(w, r.Pattern), url.Values{}, string(role))
			pages++
		}
	}
	// Public pages, chosen by Accept-Language alone.
	for _, r := range w.webRoute {
		if r.Public && r.Method == http.MethodGet && !strings.HasPrefix(r.Pattern, "/static/") {
			ck.page(t, http.DefaultClient, http.MethodGet, r.Pattern, nil, "anonymous")
			pages++
		}
	}
	ck.page(t, http.DefaultClient, http.MethodGet, "/cases", nil, "anonymous")

	// API errors: every operation, with a token, on another organisation's
	// records (404), with a body that breaks the rules (400/422), and
	// without a token (401).
	problems := 0
	tok := w.tokensA[auth.OrgAdmin]
	for _, r := range api.Routes() {
		for _, try := range []struct {
			token, body string
		}{{tok, `{"unknown_field":1}`}, {tok, `{`}, {"", `{}`}} {
			path := w.fill(r.Path, false)
			var body io.Reader
			if r.Method != http.MethodGet && r.Method != http.MethodDelete {
				body = strings.NewReader(try.body)
			}
			req, _ := http.NewRequest(r.Method, w.srv.URL+path, body)
			req.Header.Set("Accept-Language", pseudo.Tag)
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			if try.token != "" {
				req.Header.Set("Authorization", "Bearer "+try.token)
			}
			problems += ck.problem(t, req)
		}
	}

	for _, m := range i18n.Missing()[missedBefore:] {
		if strings.HasPrefix(m, pseudo.Tag+"|") {
			t.Errorf("missing message %s", m)
		}
	}
	ck.report(t)
	t.Logf("checked %d pages and %d API problems in %s", pages, problems, pseudo.Tag)
	if pages < 40 || problems < 40 {
		t.Fatalf("checked only %d pages and %d problems: the walk is not what this test expects", pages, problems)
	}
}

// ownRecords are A's records, so that pages render whole, not as 404s.
type ownRecords struct {
	consent, item, file, run uuid.UUID
	assessment               uuid.UUID // an assessment of a country's law, with one finding
}

// addOwnRecords gives A's case a consent, a plan item, a note, an
// attachment and a screening, and proposes a linkage run with A as a party.
func (w *world) addOwnRecords(t *testing.T) ownRecords {
	t.Helper()
	actx := seed.As(w.usersA[auth.Caseworker].ID, w.orgA.ID, auth.Caseworker)
	var o ownRecords
	consent := casework.Consent{CaseID: w.caseA, Purpose: "assistance", GivenBy: "person", Method: "oral", GivenAt: time.Now().Add(-time.Hour)}
	if err := w.db.AddConsent(actx, &consent); err != nil {
		t.Fatal(err)
	}
	item := casework.PlanItem{CaseID: w.caseA, Objective: "Housing in Lyon", Type: "shelter"}
	if err := w.db.AddPlanItem(actx, &item); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddNote(actx, &casework.Note{CaseID: w.caseA, Body: "met at the shelter"}); err != nil {
		t.Fatal(err)
	}
	file := casework.Attachment{CaseID: w.caseA, Name: "record.txt"}
	if err := w.db.AddAttachment(actx, &file, []byte("record of the meeting")); err != nil {
		t.Fatal(err)
	}
	facts := identify.Facts{Acts: []string{"recruitment"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"}}
	if _, err := w.db.RecordScreening(actx, w.caseA, facts); err != nil {
		t.Fatal(err)
	}
	cctx := seed.As(w.usersA[auth.Coordinator].ID, w.orgA.ID, auth.Coordinator)
	run := linkrun.Run{Name: "Lyon-Edo", From: "2024-01-01", To: "2025-12-31",
		Parties: []linkrun.Party{{OrgID: w.orgA.ID}, {OrgID: w.orgB.ID}}}
	if err := w.db.ProposeLinkageRun(cctx, &run, false); err != nil {
		t.Fatal(err)
	}
	o.consent, o.item, o.file, o.run = consent.ID, item.ID, file.ID, run.ID
	assessment, err := w.db.CreateLegislationAssessment(cctx, legislation.Draft{Country: "NER", AssessedOn: "2025-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SetLegislationItem(cctx, assessment.ID, legislation.ItemInput{RequirementID: "coe-13-reflection",
		Status: "partly", Provision: "Ordonnance 2010-86", Evidence: "walk"}); err != nil {
		t.Fatal(err)
	}
	o.assessment = assessment.ID
	return o
}

// fill puts A's own identifiers into a route pattern.
func (o ownRecords) fill(w *world, pattern string) string {
	segs := strings.Split(strings.TrimSuffix(pattern, "{$}"), "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		if id, ok := w.planA.fillPlan(prev); ok {
			segs[i] = id
			continue
		}
		switch {
		case s == "{org}" || prev == "organisations":
			segs[i] = w.orgA.ID.String()
		case s == "{version}":
			segs[i] = "1"
		case s == "{aid}" || prev == "attachments":
			segs[i] = o.file.String()
		case s == "{cid}" || prev == "consents":
			segs[i] = o.consent.String()
		case s == "{item}" || prev == "plan-items":
			segs[i] = o.item.String()
		case prev == "cases":
			segs[i] = w.caseA.String()
		case prev == "runs":
			segs[i] = o.run.String()
		case prev == "users":
			segs[i] = w.usersA[auth.Caseworker].ID.String()
		case prev == "assessments":
			segs[i] = o.assessment.String()
		case prev == "items":
			segs[i] = "coe-13-reflection"
		default:
			segs[i] = uuid.Nil.String()
		}
	}
	return strings.Join(segs, "/")
}

// textCheck collects what pages and problems show outside the catalogues.
type textCheck struct {
	base     string              // the server's URL
	words    map[string]bool     // words of user data and CLDR names, shown as they are
	findings map[string][]string // text -> where
}

func newTextCheck(w *world, o ownRecords) *textCheck {
	c := &textCheck{base: w.srv.URL, findings: map[string][]string{}, words: map[string]bool{}}
	data := []string{w.orgA.Name, w.orgB.Name, w.orgA.City, w.orgB.City, w.userB.DisplayName,
		"Association Passage Paris", "Aminata Walker", "Osaro Walker",
		"Housing in Lyon", "Shelter in Benin City", "met at the shelter", "first meeting", "record.txt", "statement.txt",
		"Lyon-Edo", "Edo-Paris", "Ordonnance", "Edo coordinator", "Edo worker", "walk",
		"Edo radio", "poster.txt",
		// Names of things, the same in every language.
		"Passerelle", "Excel"}
	for _, u := range w.usersA {
		data = append(data, u.DisplayName)
	}
	// Country and language names come from CLDR (golang.org/x/text), not
	// from the catalogues: the pseudo-locale gets the English ones.
	en := display.English
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if r, err := language.ParseRegion(string([]rune{a, b})); err == nil {
				data = append(data, en.Regions().Name(r))
			}
			if l, err := language.ParseBase(strings.ToLower(string([]rune{a, b}))); err == nil {
				data = append(data, en.Languages().Name(l))
			}
		}
	}
	for _, code := range directory.CommonLanguages { // three-letter codes too (ISO 639-3)
		if l, err := language.ParseBase(code); err == nil {
			data = append(data, en.Languages().Name(l))
		}
	}
	for _, d := range data {
		for _, wd := range englishWord.FindAllString(d, -1) {
			c.words[wd] = true
		}
	}
	return c
}

var (
	pseudoSpan = regexp.MustCompile(regexp.QuoteMeta(pseudo.Open) + `.*?` + regexp.QuoteMeta(pseudo.Close))
	// A word of people's language: three letters or more, not all capitals
	// (codes such as NGO, FRA, UTC, CSV are not words to translate).
	englishWord = regexp.MustCompile(`\b[A-Za-z]*[a-z][A-Za-z]*\b`)
	// What a page may show as it is: times (the catalogue's layout uses Go's
	// English month abbreviations), identifiers, e-mail addresses, paths.
	notWords = []*regexp.Regexp{
		regexp.MustCompile(`\b\w+=\S+`), // key=value details of the audit trail
		regexp.MustCompile(`\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b`),
		regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
		regexp.MustCompile(`[\w.+-]+@[\w.-]+`),
		regexp.MustCompile(`(^|\s)/[\w/{}.?=&-]*`),
		regexp.MustCompile(`\b[A-Z]{3}-\d{2}-[A-Z0-9]{6}\b`),
		regexp.MustCompile(`https?://\S*`),
		regexp.MustCompile(`^[a-z_]+(\.[a-z_]+)+$`),              // a raw code, e.g. an audit action in a title
		regexp.MustCompile(`\bpasserelle [a-z-]+ [a-z-]+ --.*$`), // a command to type, to the end of its line
	}
)

// text records the words of s that are neither pseudo-translated nor data.
func (c *textCheck) text(s, where string) {
	rest := pseudoSpan.ReplaceAllString(s, " ")
	for _, re := range notWords {
		rest = re.ReplaceAllString(rest, " ")
	}
	var words []string
	for _, wd := range englishWord.FindAllString(rest, -1) {
		if len(wd) >= 3 && !c.words[wd] {
			words = append(words, wd)
		}
	}
	if len(words) > 0 {
		key := strings.TrimSpace(s)
		if len(key) > 100 {
			key = key[:100] + "…"
		}
		if !slices.Contains(c.findings[key], where) {
			c.findings[key] = append(c.findings[key], where)
		}
	}
}

// attrs that carry words for people.
var wordAttrs = map[string]bool{"title": true, "aria-label": true, "placeholder": true, "alt": true}

// page fetches one page and checks its language and its text.
func (c *textCheck) page(t *testing.T, client *http.Client, method, path string, form url.Values, who string) {
	t.Helper()
	var req *http.Request
	if form != nil {
		req, _ = http.NewRequest(method, c.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, c.base+path, nil)
	}
	req.Header.Set("Accept-Language", pseudo.Tag)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return // a redirect, a download or an htmx answer without a page
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return // net/http's redirect body, which no browser shows
	}
	where := fmt.Sprintf("%s %s (%s, %d)", method, path, who, resp.StatusCode)
	doc := string(body)
	if strings.Contains(doc, "<html") && !strings.Contains(doc, `<html lang="`+pseudo.Tag+`"`) {
		t.Errorf("%s: html lang is not %s", where, pseudo.Tag)
	}
	c.html(doc, where)
}

// notText are elements whose text is not the page's language: scripts,
// styles, and codes or commands to type.
var notText = map[string]bool{"script": true, "style": true, "code": true, "kbd": true, "samp": true}

// html checks the text nodes and worded attributes of a page. An element
// with a lang attribute of its own (the language menu names each language
// in itself) is in that language, not the page's.
func (c *textCheck) html(doc, where string) {
	z := html.NewTokenizer(strings.NewReader(doc))
	var skip []string // open elements whose text is skipped
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tt := z.Token()
			own := notText[tt.Data]
			for _, a := range tt.Attr {
				if a.Key == "lang" && tt.Data != "html" && a.Val != pseudo.Tag {
					own = true
				}
				if wordAttrs[a.Key] && !own {
					c.text(a.Val, where)
				}
			}
			if own && tt.Type != html.SelfClosingTagToken && !voidElements[tt.Data] {
				skip = append(skip, tt.Data)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if n := len(skip); n > 0 && skip[n-1] == string(name) {
				skip = skip[:n-1]
			}
		case html.TextToken:
			if len(skip) == 0 {
				c.text(string(z.Text()), where)
			}
		}
	}
}

var voidElements = map[string]bool{"input": true, "br": true, "img": true, "meta": true, "link": true, "hr": true}

// problem sends req and, when the answer is a problem, checks that its
// title, detail and field messages are in the pseudo-locale. It returns 1
// for a problem checked.
func (c *textCheck) problem(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 {
		return 0
	}
	where := fmt.Sprintf("%s %s (%d)", req.Method, req.URL.Path, resp.StatusCode)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("%s: error answered as %q, not a problem", where, ct)
		return 0
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Errorf("%s: %v", where, err)
		return 0
	}
	texts := []string{p.Title, p.Detail}
	for _, f := range p.Errors {
		texts = append(texts, f.Message)
	}
	for _, s := range texts {
		if !strings.Contains(s, pseudo.Open) {
			t.Errorf("%s: %q is not in %s", where, s, pseudo.Tag)
		}
		c.text(s, where)
	}
	return 1
}

// owed are texts outside the catalogues that other parts of the code still
// produce, with who owes the fix; they are logged, not failed. Remove an
// entry when its text moves to a catalogue.
var owed = []struct {
	page, text *regexp.Regexp
	why        string
}{
	{regexp.MustCompile(`^GET /admin/audit `), regexp.MustCompile(`^(attachment|case|local)$`),
		"the audit page shows record types without an admin.audit.type.* message, and the system actor's IP \"local\", as they are"},
}

// report fails on every text found outside the catalogues, except those
// owed, which it logs.
func (c *textCheck) report(t *testing.T) {
	keys := make([]string, 0, len(c.findings))
	for k := range c.findings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, where := range c.findings[k] {
			i := slices.IndexFunc(owed, func(o struct {
				page, text *regexp.Regexp
				why        string
			}) bool {
				return o.page.MatchString(where) && o.text.MatchString(k)
			})
			if i >= 0 {
				t.Logf("owed (%s): %q on %s", owed[i].why, k, where)
				continue
			}
			t.Errorf("not from a catalogue: %q on %s", k, where)
		}
	}
}

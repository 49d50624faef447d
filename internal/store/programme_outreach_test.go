package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/justicefig"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func score(n int) *int { return &n }

// outreachCounts are the rows a refused programme write must leave as they
// were, with the audit trail.
func outreachCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	return fixture.RowCounts(t, db.w, "trainings", "training_participants", "campaigns", "campaign_materials",
		"justice_figures", "audit_log")
}

// wantField fails unless err is a validation error naming field with rule.
func wantField(t *testing.T, err error, field, rule string) {
	t.Helper()
	var es valid.Errors
	if !errors.As(err, &es) || !es.Has(field, rule) {
		t.Fatalf("got %v, want %s/%s", err, field, rule)
	}
}

// TestTrainingSessionAndReport: a supervisor records a session with twenty
// participants in one entry; their names are sealed at rest and read back
// opened (the read audited); the report counts those who attended by
// profession with the mean gain of those with both scores.
func TestTrainingSessionAndReport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asSuperA()
		tr := training.Training{Topic: "victim_identification", Country: "ner", Place: "Agadez", StartsOn: "2025-03-10",
			EndsOn: "2025-03-12", Trainers: "Hadiza Souley"}
		must(t, db.CreateTraining(ctx, &tr))
		if tr.Country != "NER" || tr.OrgID != w.orgA.ID {
			t.Fatalf("training not normalised or not A's: %+v", tr)
		}
		var ps []training.Participant
		for i := 0; i < 20; i++ {
			prof := []string{"police", "border_guard", "labour_inspector", "prosecutor"}[i%4]
			p := training.Participant{Name: fmt.Sprintf("Participant Zaratou %02d", i), Profession: prof, Sex: "female",
				Organisation: "Police nationale", Attended: i != 19, PreScore: score(40 + i), PostScore: score(60 + i)}
			if i == 18 {
				p.PostScore = nil // left before the final test
			}
			ps = append(ps, p)
		}
		if _, err := db.AddParticipants(ctx, tr.ID, ps); err != nil {
			t.Fatal(err)
		}
		var raw []byte
		if err := db.w.QueryRow(`SELECT person FROM training_participants WHERE training_id = $1 LIMIT 1`, tr.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("Zaratou")) {
			t.Fatal("a participant's name is stored in clear")
		}
		got, err := db.GetTraining(ctx, tr.ID)
		must(t, err)
		if len(got.Participants) != 20 || got.Participants[3].Name != "Participant Zaratou 03" || got.Trainers != "Hadiza Souley" {
			t.Fatalf("read back %d participants, first name %q, trainers %q", len(got.Participants), got.Participants[3].Name, got.Trainers)
		}
		es, err := db.ListAudit(w.asAdminA(), w.orgA.ID, AuditFilter{ActionPrefix: "training."})
		must(t, err)
		actions := map[string]bool{}
		for _, e := range es {
			actions[e.Action] = true
		}
		for _, a := range []string{"training.create", "training.participants_add", "training.read"} {
			if !actions[a] {
				t.Errorf("no %s in the audit trail", a)
			}
		}
		// The trail names actions, records and counts, never the people.
		rows, err := db.r.Query(`SELECT action, record_type, record_id, detail FROM audit_log`)
		must(t, err)
		for rows.Next() {
			var f [4]string
			must(t, rows.Scan(&f[0], &f[1], &f[2], &f[3]))
			if line := strings.Join(f[:], "|"); strings.Contains(line, "Zaratou") || strings.Contains(line, "Hadiza") ||
				strings.Contains(line, "Police nationale") {
				t.Errorf("audit entry %q names a person", line)
			}
		}
		must(t, rows.Err())
		rows.Close()
		lines, err := db.TrainingReport(ctx, "profession")
		must(t, err)
		// police: i=0,4,8,12,16 attended, all with gain 20; border guards 1..17 (5), labour inspectors
		// 2..18 (5, one without a post score); prosecutors 3..15 (4 attended: 19 did not).
		want := map[string][2]int{"police": {5, 5}, "border_guard": {5, 5}, "labour_inspector": {5, 4}, "prosecutor": {4, 4}}
		if len(lines) != 4 {
			t.Fatalf("report: %+v", lines)
		}
		for _, l := range lines {
			if w := want[l.Key]; l.Trained != w[0] || l.Scored != w[1] || l.MeanGain == nil || *l.MeanGain != 20 {
				t.Errorf("%s: trained %d scored %d gain %v, want %v and gain 20", l.Key, l.Trained, l.Scored, l.MeanGain, w)
			}
		}
		for _, by := range []string{"country", "year", "topic"} {
			lines, err := db.TrainingReport(ctx, by)
			must(t, err)
			if len(lines) != 1 || lines[0].Trained != 19 {
				t.Errorf("by %s: %+v", by, lines)
			}
		}
		wantField(t, func() error { _, err := db.TrainingReport(ctx, "colour"); return err }(), "by", valid.RuleOneOf)

		// Another organisation's session is not found; a caseworker may not
		// add participants; the platform administrator neither.
		_, err = db.GetTraining(w.asAdminB(), tr.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.AddParticipants(w.asAdminB(), tr.ID, ps[:1])
		wantErr(t, err, ErrNotFound)
		_, err = db.AddParticipants(w.asCaseA(), tr.ID, ps[:1])
		wantErr(t, err, ErrForbidden)
		wantErr(t, db.CreateTraining(w.asPlatform(), &training.Training{Topic: "investigation", Country: "NER",
			StartsOn: "2025-01-01", EndsOn: "2025-01-01"}), ErrForbidden)
		// B's report (network-wide for holders of programme.view) holds counts only.
		if lines, err := db.TrainingReport(w.asAdminB(), "topic"); err != nil || len(lines) != 1 {
			t.Fatalf("B's view of the network report: %+v %v", lines, err)
		}
	})
}

// TestProgrammeBadInputChangesNothing: each refused input names its field
// and leaves every table as it was.
func TestProgrammeBadInputChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asAdminA()
		tr := training.Training{Topic: "investigation", Country: "NGA", StartsOn: "2025-05-01", EndsOn: "2025-05-02"}
		must(t, db.CreateTraining(ctx, &tr))
		good := campaign.Campaign{Title: "Radio Agadez", Level: "media", TargetGroups: []string{"rural_populations"},
			Channels: []string{"radio"}, Languages: []string{"ha", "fr"}, Countries: []string{"NER"},
			StartsOn: "2025-06-01", EndsOn: "2025-08-31", Budget: 4_500_000, Currency: "XOF", Reach: 120000}
		must(t, db.CreateCampaign(ctx, &good))
		before := outreachCounts(t, db)

		bad := tr
		bad.ID, bad.EndsOn = [16]byte{}, "2025-04-30"
		wantField(t, db.CreateTraining(ctx, &bad), "ends_on", casework.RuleDateOrder)
		bad = tr
		bad.ID, bad.Topic = [16]byte{}, "juggling"
		wantField(t, db.CreateTraining(ctx, &bad), "topic", valid.RuleOneOf)

		p := training.Participant{Name: "Ngozi Okafor", Profession: "police", Attended: true, PreScore: score(101)}
		wantField(t, db.AddParticipant(ctx, tr.ID, &p), "pre_score", account.RuleRange)
		p = training.Participant{Name: "Ngozi Okafor", Profession: "astronaut", Attended: true}
		wantField(t, db.AddParticipant(ctx, tr.ID, &p), "profession", valid.RuleOneOf)
		// One bad row refuses the whole entry.
		_, err := db.AddParticipants(ctx, tr.ID, []training.Participant{{Name: "Ngozi Okafor", Profession: "police"},
			{Name: "Emeka Eze", Profession: "judge", PostScore: score(-1)}})
		wantField(t, err, "participants[1].post_score", account.RuleRange)

		for _, c := range []struct {
			edit  func(*campaign.Campaign)
			field string
			rule  string
		}{
			{func(c *campaign.Campaign) { c.Budget = -1 }, "budget", account.RuleRange},
			{func(c *campaign.Campaign) { c.Reach = -5 }, "reach", account.RuleRange},
			{func(c *campaign.Campaign) { c.Level = "planetary" }, "level", valid.RuleOneOf},
			{func(c *campaign.Campaign) { c.Channels = []string{"radio", "pigeons"} }, "channels", valid.RuleOneOf},
			{func(c *campaign.Campaign) { c.EndsOn = "2025-05-31" }, "ends_on", casework.RuleDateOrder},
			{func(c *campaign.Campaign) { c.Languages = []string{"hausa!"} }, "languages", campaign.RuleLanguage},
			{func(c *campaign.Campaign) { c.Countries = []string{"XXX"} }, "countries", account.RuleCountry},
		} {
			n := good
			n.ID = [16]byte{}
			c.edit(&n)
			wantField(t, db.CreateCampaign(ctx, &n), c.field, c.rule)
		}
		neg := int64(-3)
		wantField(t, db.SetCampaignSignals(ctx, good.ID, Signals{HotlineAfter: &neg}), "hotline_after", account.RuleRange)
		f := justicefig.Figure{Country: "NER", Year: 2024, Form: "ForcedLabour", Stage: "sentencing", Count: 3, Source: "MJ"}
		wantField(t, db.EnterJusticeFigure(ctx, &f), "stage", valid.RuleOneOf)
		f = justicefig.Figure{Country: "NER", Year: 2024, Form: "ForcedLabour", Stage: "conviction", Count: -3, Source: "MJ"}
		wantField(t, db.EnterJusticeFigure(ctx, &f), "count", account.RuleRange)
		wantField(t, db.AddMaterial(ctx, good.ID, &campaign.Material{Name: "x.exe"}, []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")), "file", valid.RuleOneOf)
		edit := tr
		edit.EndsOn = "2025-04-01"
		wantField(t, db.UpdateTraining(ctx, &edit), "ends_on", casework.RuleDateOrder)
		ec := good
		ec.Reach = -1
		wantField(t, db.UpdateCampaign(ctx, &ec), "reach", account.RuleRange)
		ec = good
		wantErr(t, db.UpdateCampaign(w.asAdminB(), &ec), ErrNotFound)
		wantErr(t, db.UpdateTraining(w.asAdminB(), &edit), ErrNotFound)
		fixture.SameRowCounts(t, before, outreachCounts(t, db))

		// A good change is kept, and audited.
		edit.EndsOn, edit.Place = "2025-05-03", "Kano"
		must(t, db.UpdateTraining(ctx, &edit))
		ec.Title, ec.Reach = "Radio Agadez, deuxième saison", 150000
		must(t, db.UpdateCampaign(ctx, &ec))
		if got, _ := db.GetCampaign(ctx, good.ID); got.Title != ec.Title || got.Reach != 150000 {
			t.Fatalf("campaign after update: %+v", got)
		}
		if got, _ := db.GetTraining(ctx, tr.ID); got.Place != "Kano" || got.EndsOn != "2025-05-03" {
			t.Fatalf("training after update: %+v", got)
		}
	})
}

// TestCampaignSignalsAndMaterials: a campaign's identified-case signals
// count the register's cases in its countries and windows, released
// through disclosure control; materials are sealed and read back; another
// organisation's campaign is not found.
func TestCampaignSignalsAndMaterials(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asSuperA()
		today := time.Now().UTC()
		c := campaign.Campaign{Title: "Tsaro ga yara", Level: "local", TargetGroups: []string{"children", "parents"},
			Channels: []string{"radio", "community_meetings"}, Languages: []string{"ha"}, Countries: []string{"NER"},
			Places: "Agadez, Arlit", StartsOn: today.AddDate(0, 0, -10).Format("2006-01-02"),
			EndsOn: today.AddDate(0, 0, 20).Format("2006-01-02"), Reach: 5000, ReachKind: "counted"}
		must(t, db.CreateCampaign(ctx, &c))
		mk := func(n int) {
			for i := 0; i < n; i++ {
				k := casework.Case{Person: casework.Person{GivenName: "Amina", FamilyName: fmt.Sprint("Signal", i)}}
				must(t, db.CreateCase(w.asCaseA(), &k))
			}
		}
		mk(3)
		s, err := db.CampaignCaseSignals(ctx, c.ID)
		must(t, err)
		// 0 before is released (an empty cell points at no one); 3 after is
		// withheld by disclosure control, and the note says so.
		if s.Before == nil || *s.Before != 0 || s.After != nil || s.Note != "disclosure.note.suppression" {
			t.Fatalf("signals %+v, want 0 before and after withheld", s)
		}
		mk(12)
		if s, _ = db.CampaignCaseSignals(ctx, c.ID); s.After == nil || *s.After != 15 {
			t.Fatalf("signals %+v, want 15 after", s)
		}
		// A case of B (France) is not in a Niger campaign's count.
		k := casework.Case{Person: casework.Person{GivenName: "Ion", FamilyName: "Lyon"}}
		must(t, db.CreateCase(w.asCaseB(), &k))
		if s, _ = db.CampaignCaseSignals(ctx, c.ID); s.After == nil || *s.After != 15 {
			t.Fatalf("signals %+v, want 15 after (France's case left out)", s)
		}

		poster := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("a"), 100)...)
		m := campaign.Material{Name: "affiche-hausa.pdf"}
		must(t, db.AddMaterial(ctx, c.ID, &m, poster))
		var raw []byte
		if err := db.w.QueryRow(`SELECT name FROM campaign_materials WHERE id = $1`, m.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("affiche")) {
			t.Fatal("a material's name is stored in clear")
		}
		got, data, err := db.ReadMaterial(ctx, c.ID, m.ID)
		must(t, err)
		if got.Name != "affiche-hausa.pdf" || got.ContentType != "application/pdf" || !bytes.Equal(data, poster) {
			t.Fatalf("material read back: %+v", got)
		}
		full, err := db.GetCampaign(ctx, c.ID)
		must(t, err)
		if len(full.Materials) != 1 || full.Languages[0] != "ha" || full.Places != "Agadez, Arlit" {
			t.Fatalf("campaign read back: %+v", full)
		}
		_, err = db.GetCampaign(w.asAdminB(), c.ID)
		wantErr(t, err, ErrNotFound)
		_, _, err = db.ReadMaterial(w.asAdminB(), c.ID, m.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.CampaignCaseSignals(w.asAdminB(), c.ID)
		wantErr(t, err, ErrNotFound)
		wantErr(t, db.SetCampaignSignals(w.asCaseA(), c.ID, Signals{}), ErrForbidden)
		if list, err := db.ListCampaigns(w.asAdminB()); err != nil || len(list) != 0 {
			t.Fatalf("B lists A's campaigns: %d %v", len(list), err)
		}
		// The network's calendar shows A's campaign to B, without A's signals.
		hot := int64(40)
		must(t, db.SetCampaignSignals(ctx, c.ID, Signals{HotlineAfter: &hot}))
		net, err := db.ListNetworkCampaigns(w.asAdminB())
		if err != nil || len(net) != 1 || net[0].Title != c.Title || net[0].HotlineAfter != nil {
			t.Fatalf("B's network calendar: %+v %v", net, err)
		}
		if own, _ := db.ListNetworkCampaigns(ctx); len(own) != 1 || own[0].HotlineAfter == nil || *own[0].HotlineAfter != 40 {
			t.Fatalf("A's own signals in the network list: %+v", own)
		}
		_, err = db.ListNetworkCampaigns(w.asCaseA())
		wantErr(t, err, ErrForbidden)
	})
}

// TestJusticeFiguresSideBySide: the register's proceedings are counted by
// stage (a conviction is also a prosecution and an investigation) and
// released through disclosure control, beside the figures an agency
// enters; entering the same cell again replaces it.
func TestJusticeFiguresSideBySide(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// Fifteen cases investigated, two of them also prosecuted and convicted.
		for i := 0; i < 15; i++ {
			k := casework.Case{Person: casework.Person{GivenName: "Bala", FamilyName: fmt.Sprint("Justice", i)},
				Exploitation: []string{"ForcedLabour"}, Justice: casework.Justice{Investigation: "open"}}
			if i < 2 {
				k.Justice.Prosecution = "convicted"
			}
			must(t, db.CreateCase(w.asCaseA(), &k))
		}
		ctx := w.asAdminA()
		year := time.Now().UTC().Year()
		f := justicefig.Figure{Country: "NER", Year: year, Form: "ForcedLabour", Stage: "conviction", Count: 12,
			Source: "Ministère de la Justice, statistiques judiciaires"}
		must(t, db.EnterJusticeFigure(ctx, &f))
		f.ID, f.Count = [16]byte{}, 14
		must(t, db.EnterJusticeFigure(ctx, &f))
		if n := count(t, db, "justice_figures"); n != 1 {
			t.Fatalf("%d figures, want the cell replaced", n)
		}
		table, err := db.JusticeFigures(ctx, "NER")
		must(t, err)
		got := map[string]justicefig.Line{}
		for _, l := range table.Lines {
			got[l.Stage] = l
		}
		if l := got["investigation"]; l.Counted == nil || *l.Counted != 15 || l.Entered != nil {
			t.Errorf("investigations: %+v", l)
		}
		if l := got["prosecution"]; !l.Withheld || l.Counted != nil {
			t.Errorf("prosecutions (2, withheld): %+v", l)
		}
		if l := got["conviction"]; !l.Withheld || l.Entered == nil || *l.Entered != 14 || len(l.Sources) != 1 {
			t.Errorf("convictions: %+v", l)
		}
		if table.Note != "disclosure.note.suppression" || table.NoteParams["Suppressed"] != 2 {
			t.Errorf("note %s %v", table.Note, table.NoteParams)
		}
		_, err = db.JusticeFigures(w.asCaseA(), "")
		wantErr(t, err, ErrForbidden)
		analyst := account.User{Email: "analyste@espoir-niamey.example", DisplayName: "Analyste", Lang: "fr",
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}
		must(t, db.CreateUser(w.sys, &analyst, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Analyst}}))
		if _, err := db.JusticeFigures(w.as(analyst, w.orgA.ID, auth.Analyst), ""); err != nil {
			t.Fatalf("an analyst reads the figures: %v", err)
		}
		wantErr(t, db.EnterJusticeFigure(w.as(analyst, w.orgA.ID, auth.Analyst), &f), ErrForbidden)
	})
}

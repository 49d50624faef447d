package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// homeLink is a tile on a dashboard: shown when the page exists (is
// registered) and the actor's role holds Perm. Pages still to come simply
// have no tile: the home page never links to a page that does not work.
type homeLink struct {
	Pattern string // registered GET pattern
	Path    string // "{org}" stands for the actor's organisation
	Perm    auth.Permission
	Title   string // message ids
	Text    string
}

// homeLinks are in the order dashboards show them.
var homeLinks = []homeLink{
	{"/cases", "/cases", auth.PermCaseRead, "home.link.cases", "home.link.cases.text"},
	{"/referrals", "/referrals", auth.PermCaseRead, "referral.home.title", "referral.home.text"},
	{"/cases/approvals", "/cases/approvals", auth.PermCaseApprove, "home.link.approvals", "home.link.approvals.text"},
	// Coordinators propose linkage runs, organisation administrators take
	// part in them: no role does both, so nobody sees the tile twice.
	{"/network/runs", "/network/runs", auth.PermLinkageRun, "home.link.linkage", "home.link.linkage.text"},
	{"/network/runs", "/network/runs", auth.PermLinkageApprove, "home.link.linkage", "home.link.linkage.text"},
	{"/programmes", "/programmes", auth.PermProgrammeView, "home.link.programmes", "home.link.programmes.text"},
	{"/reports/donor", "/reports/donor", auth.PermReport, "report.page.link", "report.page.link.text"},
	{"/statistics", "/statistics", auth.PermCaseStatistics, "home.link.statistics", "home.link.statistics.text"},
	{"/admin/organisations", "/admin/organisations", auth.PermOrgListAll, "home.link.organisations", "home.link.organisations.text"},
	{"/admin/organisations/{id}", "/admin/organisations/{org}", auth.PermOrgView, "home.link.organisation", "home.link.organisation.text"},
	{"/admin/users", "/admin/users", auth.PermUserView, "home.link.users", "home.link.users.text"},
	{"/admin/audit", "/admin/audit", auth.PermAuditView, "home.link.audit", "home.link.audit.text"},
	{"/datasets", "/datasets", auth.PermStatistics, "dataset.home.title", "dataset.home.text"},
	{"/directory", "/directory", auth.PermDirectory, "home.link.directory", "home.link.directory.text"},
	{"/pathways", "/pathways", auth.PermDirectory, "referral.home.pathways", "referral.home.pathways_text"},
	{"/account", "/account", auth.PermAccountSelf, "home.link.account", "home.link.account.text"},
	{"/account/two-factor", "/account/two-factor", auth.PermAccountSelf, "home.link.twofactor", "home.link.twofactor.text"},
}

// home is each role's dashboard: what the role is for, and its pages.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	var tiles []homeLink
	for _, l := range homeLinks {
		if !a.Can(l.Perm) || !s.hasRoute("GET", l.Pattern) {
			continue
		}
		if strings.Contains(l.Path, "{org}") {
			if a.OrgID == uuid.Nil {
				continue // the platform has no organisation page of its own
			}
			l.Path = strings.ReplaceAll(l.Path, "{org}", a.OrgID.String())
		}
		tiles = append(tiles, l)
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{
		"Role":      string(a.Role),
		"RoleTitle": "home.role." + string(a.Role) + ".title",
		"RoleIntro": "home.role." + string(a.Role) + ".intro",
		"Tiles":     tiles,
		"TOTP":      stateOf(r).user.TOTPEnabled,
	})
}

package auth

// Permission is one thing a role may do. Scoping to the actor's own
// organisation is applied by the store on top of these: a permission never
// reaches another organisation's case data. Only permissions some page, API
// operation or store method checks are listed: the directory's editing,
// referrals, programmes and statistics add theirs when they are built.
type Permission string

const (
	// Own account.
	PermAccountSelf Permission = "account.self" // own profile, password, two-factor, API tokens

	// Organisations and the network directory.
	PermOrgView    Permission = "org.view"       // own organisation's details
	PermOrgEdit    Permission = "org.edit"       // own organisation's details and security settings
	PermOrgCreate  Permission = "org.create"     // create organisations on the platform
	PermOrgListAll Permission = "org.list_all"   // every organisation (platform administration)
	PermDirectory  Permission = "directory.view" // the shared directory of services
	// The directory of services: an organisation edits its own profile, a
	// coordinator curates everyone's (and imports a national directory).
	PermDirectoryEdit   Permission = "directory.edit"
	PermDirectoryCurate Permission = "directory.curate"

	// People who sign in.
	PermUserView   Permission = "user.view"   // the organisation's users
	PermUserManage Permission = "user.manage" // add, disable, change roles, reset passwords

	// Audit trail.
	PermAuditView Permission = "audit.view" // the organisation's trail

	// Case work.
	PermCaseRead    Permission = "case.read"
	PermCaseWrite   Permission = "case.write"
	PermCaseApprove Permission = "case.approve" // approve closures, review screenings
	PermCaseErase   Permission = "case.erase"
	PermCaseExport  Permission = "case.export"

	// Network work.
	PermLinkageRun     Permission = "linkage.run" // propose and run privacy-preserving linkage
	PermLinkageApprove Permission = "linkage.approve"

	// Statistics leave only through suppression and noise.
	PermEstimate Permission = "estimate.view"

	// Programmes: legislation assessments, action plans, trainings, campaigns
	// and justice figures. None of it is case work, so caseworkers and the
	// platform administrator have none of it; analysts (who stand for donors)
	// only read.
	PermProgrammeView Permission = "programme.view" // read every programme page and export
	PermProgrammeEdit Permission = "programme.edit" // national work: assessments of law, action plans
	PermProgrammeOwn  Permission = "programme.own"  // an organisation's own trainings and campaigns

	// Notifications: one's own are PermAccountSelf; an organisation's webhook
	// endpoints are its administrators'; the e-mail and webhook outbox (what
	// failed, what is dead) is the platform administrator's.
	PermNotifyWebhooks Permission = "notify.webhooks"
	PermNotifyOutbox   Permission = "notify.outbox"
	// The privacy budget of differentially private releases, per dataset
	// and audience: a coordinator (or the platform) sets it.
	PermPrivacyBudget Permission = "statistics.budget"
	// Reports to donors: figures only, every one through disclosure control.
	PermReport        Permission = "report.view"    // the report of one's own organisation
	PermReportNetwork Permission = "report.network" // the report of the whole network
	// Statistics datasets (public or de-identified data, such as CTDC's).
	PermStatistics    Permission = "statistics.view" // count and release tables
	PermDatasetManage Permission = "dataset.manage"  // import and drop datasets
	// Case statistics: PermCaseStatistics counts the own organisation's
	// cases; PermStatisticsNetwork adds a country's and the whole network's.
	PermCaseStatistics    Permission = "statistics.cases"
	PermStatisticsNetwork Permission = "statistics.network"
)

// permissions is the table the whole program consults. A test checks it row
// by row; change both together.
var permissions = map[Role][]Permission{
	Caseworker: {
		PermAccountSelf, PermOrgView, PermDirectory,
		PermCaseRead, PermCaseWrite,
	},
	Supervisor: {
		PermAccountSelf, PermOrgView, PermDirectory, PermUserView,
		PermCaseRead, PermCaseWrite, PermCaseApprove, PermCaseExport,
		PermProgrammeView, PermProgrammeOwn,
		PermReport,
		PermCaseStatistics,
	},
	OrgAdmin: {
		PermAccountSelf, PermOrgView, PermOrgEdit, PermDirectory,
		PermUserView, PermUserManage, PermAuditView,
		// Erasure answers a person's request without reading the case; export
		// would hand over what read gives, so it stays with the supervisor.
		PermCaseErase, PermLinkageApprove,
		PermProgrammeView, PermProgrammeOwn,
		PermDirectoryEdit,
		PermNotifyWebhooks,
	},
	Coordinator: {
		PermAccountSelf, PermOrgView, PermDirectory, PermLinkageRun, PermEstimate,
		PermProgrammeView, PermProgrammeEdit, PermProgrammeOwn,
		PermDirectoryCurate,
		PermPrivacyBudget,
		PermReport, PermReportNetwork,
		PermStatistics, PermDatasetManage,
		PermCaseStatistics, PermStatisticsNetwork,
	},
	Analyst: {
		PermAccountSelf, PermOrgView, PermDirectory, PermEstimate,
		PermProgrammeView,
		PermReport, PermReportNetwork,
		PermStatistics, PermCaseStatistics, PermStatisticsNetwork,
	},
	Admin: {
		PermAccountSelf, PermOrgView, PermOrgEdit, PermOrgCreate, PermOrgListAll, PermDirectory,
		PermUserView, PermUserManage, PermAuditView,
		PermDirectoryCurate,
		PermNotifyOutbox,
		PermPrivacyBudget,
	},
}

// Allowed reports whether role may exercise p. Unknown roles may do nothing.
func Allowed(r Role, p Permission) bool {
	for _, q := range permissions[r] {
		if q == p {
			return true
		}
	}
	return false
}

// Permissions lists what a role may do (a copy).
func Permissions(r Role) []Permission {
	return append([]Permission(nil), permissions[r]...)
}

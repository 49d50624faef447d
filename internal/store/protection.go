package store

import (
	"fmt"
	"strings"

	"github.com/passerelle-org/passerelle/internal/casestats"
)

// Protection says how a column is kept at rest. Every column of every table
// is listed in ColumnProtections with its protection and why;
// TestEveryColumnIsClassified fails when a migration adds a column that is
// not, and docs/data-protection.md is generated from the list
// (DataProtectionTable; TestDataProtectionDoc keeps the two equal).
type Protection string

// The protections. A person's data is sealed with their subject key; the
// rest is either keyed or hashed so that a copy of the database gives
// nothing away, or in clear because it identifies no victim.
const (
	// SealedPerson: AES-256-GCM under the person's subject key (itself
	// wrapped by the organisation's data key, wrapped by the master key);
	// erasing the person destroys the key, so every copy becomes unreadable.
	SealedPerson Protection = "sealed (person's key)"
	// SealedOrg: AES-256-GCM under the organisation's data key.
	SealedOrg Protection = "sealed (organisation's key)"
	// SealedPlatform: AES-256-GCM under the platform's data key.
	SealedPlatform Protection = "sealed (platform key)"
	// BlindIndex: a keyed one-way encoding (HMAC under the organisation's
	// key, or Bloom filters under a secret the server never keeps): equal
	// values match, nothing can be read back.
	BlindIndex Protection = "blind index"
	// Hashed: a one-way hash of a secret (SHA-256 of a random token, argon2id
	// of a password).
	Hashed Protection = "hash"
	// WrappedKey: key material encrypted by the key above it.
	WrappedKey Protection = "wrapped key"
	// Staff: personal data of the platform's own users (staff), kept in clear
	// because signing in, administration and the audit trail need it.
	Staff Protection = "clear: staff account"
	// NonPersonal: identifiers, codes, enumerations, counts, times of records,
	// de-identified facts and the organisations' public directory details.
	NonPersonal Protection = "non-personal"
)

// ColumnProtection is one column's protection and the reason for it.
type ColumnProtection struct {
	Table, Column string
	Protection    Protection
	Why           string
}

// Reasons shared by many columns.
const (
	whyID      = "identifier (UUIDv7) or reference to one; reveals nothing"
	whyTime    = "when the record was made or changed"
	whyCodes   = "codes from a fixed list (HTCDS or the platform's vocabulary)"
	whyFlag    = "flag or count"
	whySubject = "about the person: erasure shreds it"
	whyDataset = "statistics dataset values: public or already de-identified data (such as CTDC's k-anonymised and synthetic files), never case data; reading them needs the statistics permission"
)

func protect(table string, p Protection, why string, columns ...string) []ColumnProtection {
	out := make([]ColumnProtection, len(columns))
	for i, c := range columns {
		out[i] = ColumnProtection{table, c, p, why}
	}
	return out
}

// ColumnProtections lists every column of the schema, table by table in the
// order of the migrations.
var ColumnProtections = concat(
	protect("organisations", NonPersonal, whyID, "id"),
	protect("organisations", NonPersonal, "the organisation's directory details, public by design",
		"name", "type", "country", "city", "phone", "email", "website", "address"),
	protect("organisations", NonPersonal, "settings", "require_totp", "retention_days"),
	protect("organisations", NonPersonal, whyTime, "created_at"),

	protect("users", NonPersonal, whyID, "id"),
	protect("users", Staff, "signing in and naming who did what need them", "email", "display_name"),
	protect("users", NonPersonal, "a language code", "lang"),
	protect("users", Hashed, "argon2id; the password is never stored", "password_hash"),
	protect("users", SealedPlatform, "the two-factor secret opens the account", "totp_secret"),
	protect("users", NonPersonal, whyFlag, "totp_enabled", "disabled", "platform_admin", "must_change_password"),
	protect("users", NonPersonal, whyTime, "created_at", "last_login_at"),

	protect("memberships", NonPersonal, whyID, "organisation_id", "user_id"),
	protect("memberships", NonPersonal, whyCodes, "role"),
	protect("memberships", NonPersonal, whyTime, "created_at"),

	protect("recovery_codes", NonPersonal, whyID, "user_id"),
	protect("recovery_codes", Hashed, "the code is never stored", "hash"),
	protect("recovery_codes", NonPersonal, whyTime, "used_at"),

	protect("api_tokens", NonPersonal, whyID, "id", "organisation_id", "user_id"),
	protect("api_tokens", Staff, "the label its owner gave the token", "name"),
	protect("api_tokens", Hashed, "SHA-256 of the token; the token is never stored", "hash"),
	protect("api_tokens", NonPersonal, whyTime, "created_at", "expires_at", "last_used_at", "revoked_at"),

	protect("sessions", Hashed, "SHA-256 of the session token; the cookie holds the token", "token"),
	protect("sessions", NonPersonal, "user, organisation and role ids, language, message ids; a two-factor secret being "+
		"enrolled is sealed (platform key) before it is put there", "data"),
	protect("sessions", NonPersonal, whyTime, "expiry"),
	protect("sessions", NonPersonal, whyID, "user_id"),

	protect("data_keys", NonPersonal, whyID, "organisation_id", "master_id"),
	protect("data_keys", NonPersonal, whyFlag, "version"),
	protect("data_keys", WrappedKey, "wrapped by the master key, which is never in the database", "wrapped"),
	protect("data_keys", NonPersonal, whyTime, "created_at"),

	protect("subject_keys", NonPersonal, whyID, "organisation_id", "subject_id"),
	protect("subject_keys", WrappedKey, "wrapped by the organisation's data key; deleted when the person is erased", "wrapped"),
	protect("subject_keys", NonPersonal, whyTime, "created_at", "shredded_at"),

	protect("audit_log", NonPersonal, whyID, "organisation_id", "actor_id", "record_id"),
	protect("audit_log", NonPersonal, whyFlag, "seq"),
	protect("audit_log", NonPersonal, whyTime, "at"),
	protect("audit_log", NonPersonal, "action and record type names; details name fields and counts, never values "+
		"(TestAuditCarriesNoPersonalData)", "action", "record_type", "detail"),
	protect("audit_log", Staff, "the address a member of staff acted from", "ip"),
	protect("audit_log", NonPersonal, "chain hashes of the entries", "prev_hash", "hash"),

	protect("audit_log", NonPersonal, "the entry's position in the Merkle log", "leaf"),

	protect("audit_tree", NonPersonal, "the one row of the Merkle log's state", "id"),
	protect("audit_tree", NonPersonal, whyFlag, "size"),
	protect("audit_tree", NonPersonal, "the log's root hash and right edge of hashes", "root", "edge"),

	protect("audit_tree_chains", NonPersonal, whyID, "organisation_id"),
	protect("audit_tree_chains", NonPersonal, whyFlag, "seq"),
	protect("audit_tree_chains", NonPersonal, "chain hash of the last integrated entry", "hash"),

	protect("audit_heads", NonPersonal, whyID, "organisation_id"),
	protect("audit_heads", NonPersonal, whyFlag, "seq"),
	protect("audit_heads", NonPersonal, "chain hash of the last entry", "hash"),

	protect("cases", NonPersonal, whyID, "id", "organisation_id", "assigned_to", "closure_requested_by"),
	protect("cases", NonPersonal, "generated from the country and the date, not from the person", "code"),
	protect("cases", NonPersonal, whyCodes, "status", "closure_status"),
	protect("cases", NonPersonal, "de-identified HTCDS facts kept for filters and statistics; they survive erasure",
		"gender", "citizenship", "age_when_trafficked", "presumed_minor", "age_group", "trafficking_status",
		"status_decided_by", "relationship", "labour_industry", "recruitment_methods", "methods_of_control",
		"exploitation", "sex_exploitation"),
	protect("cases", NonPersonal, "each event's kind, country and year only, for routes and statistics; its place "+
		"and full date are sealed in person", "events"),
	protect("cases", NonPersonal, "the state of the investigation and prosecution only, for criminal-justice "+
		"statistics; the person's role, protection measures, complaint, non-punishment and compensation are sealed "+
		"in person", "justice"),
	protect("cases", SealedPerson, "the person (names, birth date, contacts, identity number, narrative), the "+
		"recruitment place, events' places and dates, the private justice facts", "person"),
	protect("cases", SealedPerson, "the name shown in lists", "display_name"),
	protect("cases", BlindIndex, "finds similar cases by birth date without reading it", "birth_hash"),
	protect("cases", NonPersonal, whyFlag, "closure_requested"),
	protect("cases", SealedPerson, "free text", "closure_reason"),
	protect("cases", NonPersonal, whyTime, "created_at", "updated_at", "closed_at", "erased_at"),

	protect("case_tags", NonPersonal, whyID, "organisation_id", "case_id"),
	protect("case_tags", NonPersonal, "facets built from the de-identified facts above", "tag", "status"),

	protect("case_name_index", NonPersonal, whyID, "organisation_id", "case_id"),
	protect("case_name_index", BlindIndex, "name search without reading names", "hash"),
	protect("case_birth_name_index", NonPersonal, whyID, "organisation_id", "case_id"),
	protect("case_birth_name_index", BlindIndex, "the duplicate check reads one short range: the case's own keyed name and birth-date hashes, paired", "birth_hash", "name_hash"),

	protect("case_screenings", NonPersonal, whyID, "id", "organisation_id", "case_id", "screened_by"),
	protect("case_screenings", NonPersonal, whyFlag, "version"),
	protect("case_screenings", NonPersonal, "the de-identified summary: elements met, pattern, recommendation, the "+
		"catalogue's verdict; no reasons, ages or indicators", "result"),
	protect("case_screenings", NonPersonal, "the indicator catalogue's id and version", "catalogue_version"),
	protect("case_screenings", NonPersonal, whyTime, "at"),
	protect("case_screenings", SealedPerson, "acts, means, purposes, indicators, age: "+whySubject, "facts"),
	protect("case_screenings", SealedPerson, "the full result, whose reasons restate the facts", "assessment"),

	protect("case_consents", NonPersonal, whyID, "id", "organisation_id", "case_id", "recorded_by"),
	protect("case_consents", NonPersonal, whyCodes+"; consent rules and statistics need them",
		"purpose", "org_types", "given_by", "method", "language"),
	protect("case_consents", NonPersonal, whyTime, "given_at", "withdrawn_at"),

	protect("case_plan_items", NonPersonal, whyID, "id", "organisation_id", "case_id"),
	protect("case_plan_items", SealedPerson, "free text: "+whySubject, "objective", "outcome"),
	protect("case_plan_items", SealedPerson, "free text naming where the person is helped, which can locate them",
		"provider"),
	protect("case_plan_items", NonPersonal, whyCodes+", for the outcome statistics", "type", "domain", "status"),
	protect("case_plan_items", NonPersonal, "dates of a service whose provider is sealed; outcome statistics "+
		"measure durations", "planned_start", "planned_end", "actual_start", "actual_end"),
	protect("case_plan_items", NonPersonal, whyTime, "created_at"),

	protect("case_plan_followups", NonPersonal, whyID, "id", "organisation_id", "case_id", "item_id", "by_user"),
	protect("case_plan_followups", NonPersonal, whyTime, "at"),
	protect("case_plan_followups", SealedPerson, "free text: "+whySubject, "note"),

	protect("case_notes", NonPersonal, whyID, "id", "organisation_id", "case_id", "by_user"),
	protect("case_notes", SealedPerson, "free text: "+whySubject, "body"),
	protect("case_notes", NonPersonal, whyTime, "at"),

	protect("case_attachments", NonPersonal, whyID, "id", "organisation_id", "case_id", "by_user"),
	protect("case_attachments", SealedPerson, "file names and contents: "+whySubject, "name", "data"),
	protect("case_attachments", NonPersonal, "the sniffed type and the size", "content_type", "size"),
	protect("case_attachments", NonPersonal, whyTime, "at"),

	protect("linkage_runs", NonPersonal, whyID, "id", "organisation_id", "proposed_by"),
	protect("linkage_runs", NonPersonal, "the coordinator's name for a statistical exercise, shown to every party",
		"name"),
	protect("linkage_runs", NonPersonal, "the period counted", "period_from", "period_to"),
	protect("linkage_runs", NonPersonal, whyFlag, "share_membership", "min_size", "forced"),
	protect("linkage_runs", NonPersonal, whyCodes, "status"),
	protect("linkage_runs", NonPersonal, whyTime, "created_at", "matched_at"),
	protect("linkage_runs", NonPersonal, "overlap counts by stratum, matched groups of per-run pseudonyms, the threshold and a histogram of scores (counts of pairs)", "results"),

	protect("linkage_parties", NonPersonal, whyID, "run_id", "organisation_id", "decided_by"),
	protect("linkage_parties", NonPersonal, whyFlag, "position", "record_count"),
	protect("linkage_parties", NonPersonal, whyCodes, "state", "filter_status", "filter_exploitation"),
	protect("linkage_parties", NonPersonal, "fingerprint of the parties' shared secret, never the secret", "fingerprint"),
	protect("linkage_parties", NonPersonal, whyTime, "decided_at"),
	protect("linkage_parties", SealedOrg, "turns cases into per-run pseudonyms", "pseudonym_key"),
	protect("linkage_parties", BlindIndex, "keyed Bloom-filter encodings under a secret the server never keeps; "+
		"deleted after matching", "clk"),
	protect("linkage_parties", NonPersonal, "year, gender, age group and exploitation of each record, de-identified",
		"strata"),
	protect("linkage_parties", NonPersonal, "per-run pseudonyms and the organisations that share them", "shared"),

	protect("indicator_catalogues", NonPersonal, whyID, "organisation_id", "loaded_by"),
	protect("indicator_catalogues", NonPersonal, "a catalogue of indicators: reference data", "catalogue_id",
		"version", "body"),
	protect("indicator_catalogues", NonPersonal, whyTime, "loaded_at"),

	protect("signin_throttle", Hashed, "SHA-256 of the normalised e-mail and IP addresses (unkeyed: a list of "+
		"addresses can be tested against them)", "account", "address"),
	protect("signin_throttle", NonPersonal, whyFlag, "failures"),
	protect("signin_throttle", NonPersonal, whyTime, "last_failure", "locked_until"),

	protect("totp_steps", NonPersonal, whyID, "user_id"),
	protect("totp_steps", NonPersonal, "the last two-factor time step accepted", "step"),

	protect("import_jobs", NonPersonal, whyID, "id", "organisation_id", "requested_by"),
	protect("import_jobs", NonPersonal, whyCodes, "format", "status", "error_code"),
	protect("import_jobs", NonPersonal, whyFlag, "skip_bad", "rows_total", "rows_done", "created", "skipped"),
	protect("import_jobs", SealedOrg, "the import's report, which may quote the file", "report"),
	protect("import_jobs", NonPersonal, whyTime, "created_at", "updated_at", "finished_at"),

	protect("legislation_assessments", NonPersonal, whyID, "id", "organisation_id", "assessor_id"),
	protect("legislation_assessments", NonPersonal, "the country whose law is assessed and the date it was read",
		"country", "assessed_on"),
	protect("legislation_assessments", NonPersonal, "the assessor's name for a review of a country's law", "title"),
	protect("legislation_assessments", NonPersonal, whyTime, "created_at", "updated_at"),

	protect("legislation_items", NonPersonal, whyID, "assessment_id", "organisation_id", "updated_by"),
	protect("legislation_items", NonPersonal, whyCodes, "requirement_id", "status"),
	protect("legislation_items", NonPersonal, "a country's law and the evidence about it: public matters, not a "+
		"person's data (bounded in length)", "provision", "evidence"),
	protect("legislation_items", NonPersonal, whyTime, "updated_at"),
	actionPlanProtections,
	protect("directory_profiles", NonPersonal, whyID, "organisation_id"),
	protect("directory_profiles", NonPersonal, "the organisation's public directory entry: no person, no free text",
		"accepts_referrals", "capacity_places", "capacity_available", "hours"),
	protect("directory_profiles", NonPersonal, whyTime, "updated_at"),
	protect("directory_services", NonPersonal, whyID, "organisation_id"),
	protect("directory_services", NonPersonal, whyCodes, "service", "populations"),
	protect("directory_countries", NonPersonal, whyID, "organisation_id"),
	protect("directory_countries", NonPersonal, whyCodes, "country", "roles"),
	protect("directory_languages", NonPersonal, whyID, "organisation_id"),
	protect("directory_languages", NonPersonal, whyCodes, "language"),
	protect("trainings", NonPersonal, whyID, "id", "organisation_id"),
	protect("trainings", NonPersonal, whyCodes, "topic", "country"),
	protect("trainings", NonPersonal, "where and when a training session was held: the organisation's programme work",
		"place", "starts_on", "ends_on"),
	protect("trainings", SealedOrg, "the trainers' names", "trainers"),
	protect("trainings", NonPersonal, whyTime, "created_at", "updated_at"),

	protect("training_participants", NonPersonal, whyID, "id", "organisation_id", "training_id"),
	protect("training_participants", SealedOrg, "the participant's name and employer", "person"),
	protect("training_participants", NonPersonal, whyCodes+", for the training reports", "profession", "sex"),
	protect("training_participants", NonPersonal, whyFlag+": attendance and test scores, counted in reports",
		"attended", "pre_score", "post_score"),
	protect("training_participants", NonPersonal, whyTime, "created_at"),

	protect("campaigns", NonPersonal, whyID, "id", "organisation_id"),
	protect("campaigns", NonPersonal, "a public prevention campaign's title and the places it covers",
		"title", "places"),
	protect("campaigns", NonPersonal, whyCodes, "level", "target_groups", "channels", "languages", "countries",
		"currency", "reach_kind"),
	protect("campaigns", NonPersonal, "the campaign's dates", "starts_on", "ends_on"),
	protect("campaigns", NonPersonal, whyFlag+": budget, reach and the signals counted before and after",
		"budget", "reach", "hotline_before", "hotline_after", "referrals_before", "referrals_after"),
	protect("campaigns", NonPersonal, whyTime, "created_at", "updated_at"),

	protect("campaign_materials", NonPersonal, whyID, "id", "organisation_id", "campaign_id"),
	protect("campaign_materials", SealedOrg, "file names and contents, which may show people", "name", "data"),
	protect("campaign_materials", NonPersonal, "the sniffed type and the size", "content_type", "size"),
	protect("campaign_materials", NonPersonal, whyTime, "created_at"),

	protect("justice_figures", NonPersonal, whyID, "id", "organisation_id"),
	protect("justice_figures", NonPersonal, whyCodes, "country", "form", "stage"),
	protect("justice_figures", NonPersonal, whyFlag+": a published criminal-justice figure and its year", "year", "count"),
	protect("justice_figures", NonPersonal, "the publication the figure comes from", "source"),
	protect("justice_figures", NonPersonal, whyTime, "updated_at"),

	protect("users", NonPersonal, whyFlag+": the user's choice to receive notifications by e-mail", "email_notifications"),
	protect("notifications", NonPersonal, whyID, "id", "event_id", "organisation_id", "user_id"),
	protect("notifications", NonPersonal, whyCodes, "kind", "status"),
	protect("notifications", NonPersonal, "the ids of the objects an event is about and a path inside the "+
		"application: the words are rendered from the catalogue when shown", "objects", "link"),
	protect("notifications", NonPersonal, whyTime, "created_at", "read_at"),
	protect("email_outbox", NonPersonal, whyID, "id", "notification_id", "organisation_id", "user_id"),
	protect("email_outbox", NonPersonal, whyCodes, "state", "last_error"),
	protect("email_outbox", NonPersonal, whyFlag, "attempts"),
	protect("email_outbox", NonPersonal, whyTime, "next_at", "created_at", "done_at"),
	protect("webhook_endpoints", NonPersonal, whyID, "id", "organisation_id", "created_by"),
	protect("webhook_endpoints", NonPersonal, "the organisation's own receiving system and the kinds it hears of",
		"url", "kinds"),
	protect("webhook_endpoints", SealedOrg, "the signing secret would let anyone forge the organisation's webhooks",
		"secret"),
	protect("webhook_endpoints", NonPersonal, whyTime, "created_at"),
	protect("webhook_deliveries", NonPersonal, whyID, "id", "endpoint_id", "organisation_id", "event_id"),
	protect("webhook_deliveries", NonPersonal, whyCodes, "kind", "status", "state", "last_error"),
	protect("webhook_deliveries", NonPersonal, "object ids and a path inside the application", "objects", "link"),
	protect("webhook_deliveries", NonPersonal, whyFlag, "attempts"),
	protect("webhook_deliveries", NonPersonal, whyTime, "event_at", "next_at", "done_at"),
	protect("releases", NonPersonal, whyID, "id", "released_by"),
	protect("releases", NonPersonal, "the name of a statistics dataset and of who received a table (a user's or an organisation's id)",
		"dataset", "audience"),
	protect("releases", NonPersonal, "variable names and the disclosure policy", "vars", "policy"),
	protect("releases", NonPersonal, "counts as released under suppression or noise: withheld ones are never stored", "released"),
	protect("releases", NonPersonal, "SHA-256 of the release, to record each distinct one once", "digest"),
	protect("releases", NonPersonal, "privacy budget spent", "epsilon", "delta"),
	protect("releases", NonPersonal, whyTime, "created_at"),
	protect("privacy_budgets", NonPersonal, "the name of a statistics dataset and of who receives its tables",
		"dataset", "audience"),
	protect("privacy_budgets", NonPersonal, "privacy budget set and spent",
		"epsilon_total", "delta_total", "epsilon_spent", "delta_spent"),
	protect("privacy_budgets", NonPersonal, whyTime, "updated_at"),
	protect("datasets", NonPersonal, whyID, "id", "imported_by"),
	protect("datasets", NonPersonal, "the dataset's name, chosen by who imported it", "name"),
	protect("datasets", NonPersonal, whyFlag, "row_count", "terms_skipped"),
	protect("datasets", NonPersonal, whyTime, "created_at"),
	protect("dataset_columns", NonPersonal, whyID, "dataset_id"),
	protect("dataset_columns", NonPersonal, whyFlag, "position", "missing", "value_count"),
	protect("dataset_columns", NonPersonal, "a column heading of a public or de-identified statistics file", "name"),
	protect("dataset_columns", NonPersonal, "what the values are (text, number, country), read from them", "kind"),
	protect("dataset_columns", NonPersonal, whyDataset, "dictionary"),
	protect("dataset_chunks", NonPersonal, whyID, "dataset_id"),
	protect("dataset_chunks", NonPersonal, whyFlag, "position", "chunk"),
	protect("dataset_chunks", NonPersonal, whyDataset, "codes"),

	protect("referrals", NonPersonal, whyID, "id", "organisation_id", "case_id", "to_organisation_id",
		"linked_case_id", "created_by"),
	protect("referrals", NonPersonal, "the name of a trusted deployment, not of a person", "peer"),
	protect("referrals", NonPersonal, whyCodes+": services, urgency, the names of the fields shared, status",
		"services", "urgency", "shared", "status"),
	protect("referrals", SealedPerson, "purpose and message may name the person: under the sender case's key",
		"sender_text"),
	protect("referrals", SealedPerson, "the receiver's copy, under its linked case's key: shredded with the shared fields",
		"receiver_text"),
	protect("referrals", SealedPerson, "a decline's reason may name the person: under the sender case's key", "reason"),
	protect("referrals", NonPersonal, whyTime, "ack_due", "created_at", "updated_at"),
	protect("referral_outcomes", NonPersonal, whyID, "id", "referral_id", "organisation_id", "plan_item_id", "by_user"),
	protect("referral_outcomes", NonPersonal, whyCodes+": the text is in the sender's plan item, sealed",
		"service", "status"),
	protect("referral_outcomes", NonPersonal, whyTime, "at"),
	protect("referral_deadlines", NonPersonal, whyID, "organisation_id"),
	protect("referral_deadlines", NonPersonal, "settings", "urgency", "minutes"),
	protect("referral_pathways", NonPersonal, whyID, "id", "organisation_id"),
	protect("referral_pathways", NonPersonal, "a corridor's name and countries, written by coordinators: no person",
		"name", "countries"),
	protect("referral_pathways", NonPersonal, whyTime, "updated_at"),
	protect("referral_pathway_steps", NonPersonal, whyID, "pathway_id", "organisations"),
	protect("referral_pathway_steps", NonPersonal, whyCodes, "position", "service"),
	protect("case_facts", NonPersonal, whyID, "case_id", "organisation_id"),
	protect("case_facts", NonPersonal, "the organisation's country, public in the directory", "org_country"),
	protect("case_facts", NonPersonal, "whether the statistics rule (consent) lets the case be counted", "counted"),
	protect("case_facts", NonPersonal, "codes (stat_codes) of the coarse de-identified facts the case table keeps in "+
		"clear (year opened, sex, age band, countries, forms, status, proceedings); statistics leave only "+
		"through disclosure control", casestats.Names()...),

	protect("stat_codes", NonPersonal, "the dictionary from a fact's code to its value: codes from fixed lists, "+
		"country codes, years", "code", "value"),
)

func concat(lists ...[]ColumnProtection) []ColumnProtection {
	var out []ColumnProtection
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// sealed reports whether p stores ciphertext or key material only (the
// column must then be a BLOB).
func (p Protection) sealed() bool {
	switch p {
	case SealedPerson, SealedOrg, SealedPlatform, WrappedKey:
		return true
	}
	return false
}

// DataProtectionTable is the Markdown table of ColumnProtections that
// docs/data-protection.md holds.
func DataProtectionTable() string {
	var b strings.Builder
	b.WriteString("| table | column | protection | why |\n|---|---|---|---|\n")
	for _, c := range ColumnProtections {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Table, c.Column, c.Protection, c.Why)
	}
	return b.String()
}

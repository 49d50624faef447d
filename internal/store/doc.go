// Package store is the one place that speaks SQL: SQLite (default, pure Go,
// WAL, one writer connection and a pool of read-only connections) and
// PostgreSQL (pgx through database/sql), one code path for both with "$n"
// placeholders, migrations embedded per dialect and applied by Open (goose).
//
// Scoping is done here, from the actor carried in the context
// (auth.ActorFrom), so no handler can forget it: no actor is ErrForbidden;
// another organisation's record is ErrNotFound (its existence is never
// revealed); one's own organisation without the permission is ErrForbidden.
// Every write appends its audit entries (one hash chain per organisation,
// uuid.Nil being the platform chain) in the same transaction. Bad input is
// returned as valid.Errors before anything is written.
//
// Every column has a declared protection in ColumnProtections (protection.go;
// docs/data-protection.md is generated from it): a person's data and every
// free text is sealed with the person's subject key, and a new column that is
// not classified fails TestEveryColumnIsClassified. Values that earlier
// versions kept in clear are sealed by Open (seal_pending.go).
//
// ErrNotFound, ErrConflict and ErrForbidden are fault errors (kinds NotFound,
// Conflict, Forbidden); a field error about a record's state rather than the
// input (a linkage run's step, an oversized file) carries its kind too
// (valid.NewKind). The pages, the API and the commands answer each kind from
// their one status table. What follows is what callers rely on beyond the
// method comments.
//
// # Notes for callers
//
//   - GetUser allows oneself, platform administrators, and members of the
//     actor's organisation holding PermUserView (org_admin and supervisor,
//     like ListUsers); a colleague without it gets ErrForbidden.
//   - GetUser, ListUsers and APITokenByHash never return PasswordHash; only
//     UserForLogin does. ListAPITokens leaves Hash empty.
//   - CreateOrganisation, CreateUser, CreateAPIToken set ID (UUIDv7 when nil),
//     CreatedAt and normalised fields on the value passed in; e-mail addresses
//     are stored lower-case (account.NormaliseEmail).
//   - CreateUser by an organisation administrator needs at least one
//     membership, all in their own organisation (else valid error
//     "memberships"/"required", or ErrNotFound), and cannot create platform
//     administrators (ErrForbidden). Duplicate e-mail: ErrConflict.
//   - SetMembership: organisation administrators change roles of existing
//     members of their organisation; adding a user to an organisation is for
//     platform administrators (and the system). Demoting or removing the last
//     org_admin of an organisation is ErrConflict (not for the system).
//     Membership roles must be one of auth.OrgRoles (valid rule "role").
//   - Users who are platform administrators are managed (password, disable,
//     two-factor reset) by platform administrators only (ErrForbidden).
//   - Events about a user (user.password, user.disable/enable, user.unlock,
//     user.update, user.totp_*) go to the acting user's organisation chain (Actor.OrgID;
//     uuid.Nil for administrators and the system). Audit details carry field
//     names, roles and counts only (e.g. "sessions_ended=2 tokens_revoked=1").
//   - ChangeOwnPassword ends one's other sessions (and, when asked, revokes
//     one's API tokens); a reset by someone else (SetPassword) and disabling
//     end all the user's sessions. LiftLockout (user managers) forgets the
//     sign-in failures counted against a user's account.
//   - The sign-in throttle (auth.ThrottleStore) and the two-factor replay
//     guard (auth.TOTPStepStore) are implemented by *DB and need no actor.
//   - SetLanguage, SetTOTP, TOTPSecret and UseRecoveryCode are "self only": a
//     colleague gets ErrForbidden, anyone else ErrNotFound. DisableTOTP is self
//     or a user manager (lost device).
//   - RecordLogin truncates ip and reason to 100 bytes; reason must be a code
//     (e.g. "bad_password"), never what was typed.
//   - APIToken: CreateAPIToken makes a token for the actor acting for their
//     organisation (UserID/OrgID default to the actor's); the Hash must be the
//     64-hex SHA-256 from auth.HashAPIToken. A platform administrator's token
//     has OrgID uuid.Nil and APITokenByHash gives it Membership.Role auth.Admin.
//     APITokenByHash records last use (not audited) at most once a minute.
//   - Audit(ctx, e): ActorID, IP and At come from the context/clock; e.OrgID
//     nil means the actor's organisation. Action is required (valid errors).
//   - AuditFilter{ActorID, ActionPrefix, RecordType, RecordID, From, To,
//     Limit (default 100, max 1000), Offset}; ListAudit is newest first.
//   - VerifyAudit needs a platform administrator or the system actor;
//     the error wraps *audit.Break (errors.As). Besides edited, removed or
//     reordered entries it catches removed last entries and entries added
//     past the head (audit_heads keeps each chain's last seq and hash).
//   - SessionStore(owner) also implements scs.CtxStore; rows are keyed by the
//     SHA-256 of the token, so it is not iterable.
//     DeleteExpiredSessions(ctx) is exported for commands.
//   - Backup on PostgreSQL returns ErrBackupPostgres (use pg_dump).
//   - Extra: SchemaVersion(ctx), constants SQLite/Postgres, FileName.
//   - ReleaseTable(ctx, dataset, audience, table, policy) is the gate of every
//     table of counts that leaves: it checks no permission (the use case that
//     calls it has), protects the table against what audience (default: the
//     acting user, AudienceOf) received from dataset before, records the
//     released figures only and audits "statistics.release". Under
//     differential privacy a repeated question gets the recorded answer; a new
//     one spends the budget (SetPrivacyBudget, auth.PermPrivacyBudget; default
//     DefaultPrivacyBudget) or is refused with fault.Conflict
//     "disclosure.budget_spent". A dataset whose data change must be released
//     under a new name (an imported file's name, or a date for the register).
//   - account adds valid rule ids "country", "url", "phone", "range"
//     (account.Rules): the catalogues need "error.<rule>" for them.
//   - Statistics datasets (ImportDataset, Datasets, Dataset, DropDataset,
//     TabulateDataset) are the platform's, not an organisation's: public or
//     de-identified data, read with PermStatistics, imported and dropped with
//     PermDatasetManage; their audit entries go to the actor's chain. Their
//     counts leave only through TabulateDataset's disclosure-control release.
//   - Cross-organisation identifiers are ErrNotFound even when the actor's
//     role would not allow the action at all (scope is checked first).
//   - The directory of services (directory.go): every signed-in user reads
//     it (SearchDirectory, DirectoryListing, DirectoryProfile: public fields
//     only, never an address); UpdateDirectoryProfile is for the
//     organisation's own org_admin (PermDirectoryEdit; another organisation
//     is ErrNotFound) or a coordinator for any (PermDirectoryCurate);
//     SaveDirectoryEntry saves an organisation's details and its profile in
//     one transaction. ImportDirectory (curators) is all or nothing, its
//     field errors named "records[i].<field>". Within a transaction,
//     t.checkOffers(ctx, org, "services", services) is the referral rule
//     about its receiver (every service offered, referrals accepted now:
//     directory.Offers), a valid error "services[i]" naming the reason;
//     t.directoryProfile(ctx, org) reads the profile itself.
//   - Notifications (notify.go): ListNotifications, UnreadCount, MarkRead
//     and MarkAllRead are the actor's own, for the organisation they act
//     for; anyone else's id is ErrNotFound. The outbox (ClaimEmails,
//     ClaimWebhooks, DeliverySent, DeliveryFailed) is the system actor's,
//     run by internal/delivery.
//   - Referrals (referral.go, referral_flow.go, referral_notify.go): a
//     referral row belongs to its sender (organisation_id, case_id) and its
//     receiver (to_organisation_id, linked_case_id); either may read it
//     (PermCaseRead), a third organisation gets ErrNotFound. CreateReferral
//     checks, before it reads the case or makes a key, the receiver (not
//     oneself, valid rule "referral_to_self"), the consent for every shared
//     field (referral.Shareable: "share[i]") and the receiver's offers
//     (checkOffers: "services[i]"); it creates the receiver's linked case
//     holding only the shared fields under the receiver's keys. The
//     receiver never sees the sender's case id. StepReferral's refusals are
//     conflicts on "status" (referral.RuleTransition, RuleNotReceiver,
//     RuleNotSender). Declining, revoking and withdrawing the referral
//     consent (WithdrawConsent, same transaction) leave the receiver a
//     tombstone: the linked case's person columns and facts emptied, its
//     key shredded after commit. AddReferralOutcome writes an item of the
//     sender's plan. NotifyOverdueReferrals is the system's sweep.
//
// # For code added to this package
//
//   - db.write(ctx, func(t *tx) error) is the only way to write: it runs fn in
//     one transaction, then appends the entries queued with t.audit(e) (sorted
//     by chain, heads locked FOR UPDATE in PostgreSQL) and commits. fn may run
//     more than once (PostgreSQL deadlock victims are retried): reset any
//     captured result at its start. fn must not call db.w, db.r or any DB
//     method (with SQLite the writer is one connection: it would deadlock);
//     seal with Keys() before db.write, as SetTOTP does.
//   - actorOf(ctx), orgAccess(actor, org, perm) (ErrNotFound across
//     organisations, ErrForbidden without the permission), event(actor, org,
//     action, recordType, recordID, detail) build the checks and entries.
//     Cases use caseAccess (casework.MayAccess); a case's sealed data is read
//     only through ReadCaseFile, and every query on a case's records filters
//     by organisation_id as well as case_id.
//   - WithStatementLog(ctx) records the statements run under ctx (db.read,
//     db.readRow and everything in a write transaction), for tests that count
//     what a call costs; without one, logging is one atomic load.
//   - db.readRow / db.read run reads on the reader pool with prepared
//     statements cached (SQLite); t.lockOrg(ctx, org) holds an organisation
//     row (FOR NO KEY UPDATE) for invariants; db.forUpdate() adds FOR UPDATE
//     in PostgreSQL only; mapErr turns unique violations into ErrConflict;
//     now() is UTC at microsecond precision (what both databases keep).
//   - Placeholders are $1, $2, ... in both dialects; UUIDs are TEXT in SQLite
//     and uuid in PostgreSQL, times TIMESTAMP text (UTC) and timestamptz,
//     booleans INTEGER and boolean: pass Go values, never literals.
//   - Never call store methods that write while holding one of its
//     transactions: with SQLite there is one writer connection.
//   - db.notify(ctx, t, notify.Event) is the one way to tell people of a
//     change: call it inside the change's db.write with its t, so that the
//     notification, its e-mail and its webhook deliveries exist exactly when
//     the change does. An event holds kinds, codes, ids and a link only.
package store

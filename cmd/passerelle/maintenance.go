package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/secure"
)

func init() {
	register("migrate", "apply the database migrations and exit", runMigrate)
	register("backup", "write a consistent copy of the database, also while the server runs", runBackup)
	register("audit", "audit trail: verify (with the public key only), public-key", runAudit)
	register("keys", "encryption keys: rotate-data, rotate-master", runKeys)
	register("retention", "apply every organisation's retention rule and expire stalled linkage runs now (the server also does it every hour)", runRetention)
}

func runRetention(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "apply" {
		fmt.Fprintln(stderr, "usage: passerelle retention apply [flags]")
		return 2
	}
	var c config
	fs := c.dataFlags("retention apply", stderr)
	ctx, db, st := c.openData(fs, args[1:], stderr, "retention")
	if db == nil {
		return st
	}
	defer db.Close()
	closed, erased, err := db.ApplyRetention(ctx, time.Now())
	if err != nil {
		return report(stderr, "retention", err)
	}
	expired, err := db.ExpireLinkageRuns(ctx, time.Now())
	if err != nil {
		return report(stderr, "retention", err)
	}
	fmt.Fprintf(stdout, "retention applied: %d cases closed, %d cases erased, %d linkage runs expired\n", closed, erased, expired)
	return 0
}

func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var c config
	fs := c.dataFlags("migrate", stderr)
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	db, err := c.open(context.Background(), true)
	if err != nil {
		return report(stderr, "migrate", err)
	}
	defer db.Close()
	fmt.Fprintf(stdout, "%s database is up to date\n", db.Dialect())
	return 0
}

func runBackup(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var c config
	fs := c.dataFlags("backup", stderr)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	ctx, db, st := c.openData(fs, args, stderr, "backup")
	if db == nil {
		return st
	}
	defer db.Close()
	if *out == "" {
		fmt.Fprintln(stderr, "passerelle backup: --out is required")
		return 2
	}
	// A checkpoint of the log just before the copy goes beside it, so the
	// copy can be verified on its own with the public key.
	cp, cpErr := db.CheckpointAudit(ctx)
	if err := db.Backup(ctx, *out); err != nil {
		return report(stderr, "backup", err)
	}
	fmt.Fprintf(stdout, "backup written to %s (the master key is not in it: keep it safe separately)\n", *out)
	if cpErr == nil {
		cpErr = db.WriteAuditCheckpoint(cp, *out+audit.CopyCheckpointExt)
	}
	if cpErr != nil {
		fmt.Fprintf(stderr, "passerelle backup: no audit checkpoint beside the copy: %v\n", cpErr)
		return 1
	}
	fmt.Fprintf(stdout, "audit checkpoint of %d entries written to %s%s\n", cp.Size, *out, audit.CopyCheckpointExt)
	return 0
}

func runKeys(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "rotate-data" && args[0] != "rotate-master") {
		fmt.Fprintln(stderr, "usage: passerelle keys rotate-data --org ID | rotate-master --new-key-file FILE")
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("keys "+sub, stderr)
	org := fs.String("org", "", "organisation id whose data key to rotate (rotate-data)")
	newKey := fs.String("new-key-file", "", "file to write the new master key to; it must not exist (rotate-master)")
	ctx, db, st := c.openData(fs, args[1:], stderr, "keys")
	if db == nil {
		return st
	}
	defer db.Close()
	switch sub {
	case "rotate-data":
		id, err := uuid.Parse(*org)
		if err != nil {
			fmt.Fprintln(stderr, "passerelle keys: --org must be an organisation id")
			return 2
		}
		if _, err := db.GetOrganisation(ctx, id); err != nil {
			return report(stderr, "keys", err)
		}
		v, err := db.Keys().RotateDataKey(ctx, id)
		if err != nil {
			return report(stderr, "keys", err)
		}
		fmt.Fprintf(stdout, "data key of organisation %s rotated: new data is sealed with version %d; older versions still open existing data\n", id, v)
	case "rotate-master":
		if *newKey == "" {
			fmt.Fprintln(stderr, "passerelle keys: --new-key-file is required")
			return 2
		}
		k, err := secure.GenerateMasterKey()
		if err != nil {
			return report(stderr, "keys", err)
		}
		// Write the new key first: if rewrapping then fails, nothing is lost.
		if err := secure.WriteMasterKeyFile(*newKey, k); err != nil {
			return report(stderr, "keys", err)
		}
		if err := db.Keys().RotateMasterKey(ctx, k); err != nil {
			return report(stderr, "keys", err)
		}
		fmt.Fprintf(stdout, "every data key is now wrapped by the new master key in %s\npoint PASSERELLE_MASTER_KEY_FILE (or --master-key-file) at it and destroy the old key\n", *newKey)
	}
	return 0
}

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
	register("migrate", "cli.summary.migrate", runMigrate)
	register("backup", "cli.summary.backup", runBackup)
	register("audit", "cli.summary.audit", runAudit)
	register("keys", "cli.summary.keys", runKeys)
	register("retention", "cli.summary.retention", runRetention)
}

func runRetention(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "apply" {
		return usageOf(args, stdout, stderr, "cli.retention.usage")
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
	tell(stdout, "cli.retention.applied", map[string]any{"Closed": closed, "Erased": erased, "Expired": expired})
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
	tell(stdout, "cli.migrate.done", map[string]any{"Dialect": db.Dialect()})
	return 0
}

func runBackup(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var c config
	fs := c.dataFlags("backup", stderr)
	out := fs.String("out", "", help("backup_out", nil))
	ctx, db, st := c.openData(fs, args, stderr, "backup")
	if db == nil {
		return st
	}
	defer db.Close()
	if *out == "" {
		return refuse(stderr, "backup", "cli.error.required", map[string]any{"Flag": "--out"})
	}
	// A checkpoint of the log just before the copy goes beside it, so the
	// copy can be verified on its own with the public key.
	cp, cpErr := db.CheckpointAudit(ctx)
	if err := db.Backup(ctx, *out); err != nil {
		return report(stderr, "backup", err)
	}
	tell(stdout, "cli.backup.written", map[string]any{"File": *out})
	if cpErr == nil {
		cpErr = db.WriteAuditCheckpoint(cp, *out+audit.CopyCheckpointExt)
	}
	if cpErr != nil {
		fmt.Fprintf(stderr, "passerelle backup: %s\n", tr("cli.backup.no_checkpoint", map[string]any{"Cause": cpErr.Error()}))
		return 1
	}
	tell(stdout, "cli.backup.checkpoint", map[string]any{"Size": cp.Size, "File": *out + audit.CopyCheckpointExt})
	return 0
}

func runKeys(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "rotate-data" && args[0] != "rotate-master") {
		return usageOf(args, stdout, stderr, "cli.keys.usage")
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("keys "+sub, stderr)
	org := fs.String("org", "", help("keys_org", nil))
	newKey := fs.String("new-key-file", "", help("keys_new_key_file", nil))
	ctx, db, st := c.openData(fs, args[1:], stderr, "keys")
	if db == nil {
		return st
	}
	defer db.Close()
	switch sub {
	case "rotate-data":
		id, err := uuid.Parse(*org)
		if err != nil {
			return refuse(stderr, "keys", "cli.keys.bad_org", nil)
		}
		if _, err := db.GetOrganisation(ctx, id); err != nil {
			return report(stderr, "keys", err)
		}
		v, err := db.Keys().RotateDataKey(ctx, id)
		if err != nil {
			return report(stderr, "keys", err)
		}
		tell(stdout, "cli.keys.data_rotated", map[string]any{"ID": id, "Version": v})
	case "rotate-master":
		if *newKey == "" {
			return refuse(stderr, "keys", "cli.error.required", map[string]any{"Flag": "--new-key-file"})
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
		tell(stdout, "cli.keys.master_rotated", map[string]any{"File": *newKey})
		tell(stdout, "cli.keys.master_next", nil)
	}
	return 0
}

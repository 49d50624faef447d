package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/store"
)

func runAudit(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "public-key") {
		fmt.Fprintln(stderr, "usage: passerelle audit verify [--public-key FILE] [--copy FILE] [flags] | public-key [flags]")
		return 2
	}
	if args[0] == "public-key" {
		return auditPublicKey(args[1:], stdout, stderr)
	}
	var c config
	fs := c.dataFlags("audit verify", stderr)
	pub := fs.String("public-key", "", "the checkpoints' public key file; default DATA/"+audit.PublicKeyFile+" (keep a copy away from the server)")
	copyFile := fs.String("copy", "", "verify this SQLite backup copy (read-only) instead of the live database; its checkpoint FILE"+audit.CopyCheckpointExt+" is read too")
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if *pub == "" {
		*pub = filepath.Join(c.dataDir, audit.PublicKeyFile)
	}
	b, err := os.ReadFile(*pub)
	if err != nil {
		return report(stderr, "audit", fmt.Errorf("public key: %w (pass --public-key)", err))
	}
	keys, err := audit.ParsePublicKeys(b)
	if err != nil {
		return report(stderr, "audit", err)
	}
	dirs := []string{filepath.Join(c.dataDir, audit.CheckpointDir)}
	if c.auditDir != "" {
		dirs = append(dirs, c.auditDir)
	}
	src := store.AuditSource{Config: c.storeConfig(), File: *copyFile, Checkpoints: dirs, Keys: keys}
	r, err := store.VerifyAuditLog(context.Background(), src)
	if err != nil {
		return report(stderr, "audit", err)
	}
	if !r.Intact() {
		fmt.Fprintf(stdout, "audit trail BROKEN: %s\n", r.Findings[0])
		for i, f := range r.Findings[1:] {
			if i == 20 {
				fmt.Fprintf(stdout, "  and %d more\n", len(r.Findings)-21)
				break
			}
			fmt.Fprintf(stdout, "  also: %s\n", f)
		}
		return 1
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries verified against %d signed checkpoints", r.Leaves+r.Pending, r.Checkpoints)
	if r.Latest != nil {
		fmt.Fprintf(stdout, " (newest: %d entries, signed %s)", r.Latest.Size, r.Latest.At.Format(time.RFC3339))
	}
	fmt.Fprintln(stdout)
	if r.Pending > 0 {
		fmt.Fprintf(stdout, "%d entries written since are checked by their chains only until the next checkpoint\n", r.Pending)
	}
	if r.Newer > 0 {
		fmt.Fprintf(stdout, "%d checkpoints are newer than this copy and were not used\n", r.Newer)
	}
	return 0
}

// auditPublicKey prints the checkpoints' public key, derived from the master
// key (the server also writes it to DATA/audit.pub).
func auditPublicKey(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := c.dataFlags("audit public-key", stderr)
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	k, _, err := c.masterKey(false)
	if err != nil {
		return report(stderr, "audit", err)
	}
	s, err := store.AuditSigner(k)
	if err != nil {
		return report(stderr, "audit", err)
	}
	fmt.Fprintln(stdout, s.PublicKey())
	return 0
}

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
		return usageOf(args, stdout, stderr, "cli.audit.usage")
	}
	if args[0] == "public-key" {
		return auditPublicKey(args[1:], stdout, stderr)
	}
	var c config
	fs := c.dataFlags("audit verify", stderr)
	pub := fs.String("public-key", "", help("audit_public_key", map[string]any{"File": audit.PublicKeyFile}))
	copyFile := fs.String("copy", "", help("audit_copy", map[string]any{"Ext": audit.CopyCheckpointExt}))
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if *pub == "" {
		*pub = filepath.Join(c.dataDir, audit.PublicKeyFile)
	}
	b, err := os.ReadFile(*pub)
	if err != nil {
		return report(stderr, "audit", failure("cli.audit.no_public_key", map[string]any{"File": *pub}, err))
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
		tell(stdout, "cli.audit.broken", map[string]any{"Finding": r.Findings[0]})
		for i, f := range r.Findings[1:] {
			if i == 20 {
				tell(stdout, "cli.audit.more", map[string]any{"Count": len(r.Findings) - 21})
				break
			}
			tell(stdout, "cli.audit.also", map[string]any{"Finding": f})
		}
		return 1
	}
	counts := map[string]any{"Entries": r.Leaves + r.Pending, "Checkpoints": r.Checkpoints}
	if r.Latest != nil {
		counts["Size"], counts["At"] = r.Latest.Size, r.Latest.At.Format(time.RFC3339)
		tell(stdout, "cli.audit.intact_newest", counts)
	} else {
		tell(stdout, "cli.audit.intact", counts)
	}
	if r.Pending > 0 {
		tell(stdout, "cli.audit.pending", map[string]any{"Count": r.Pending})
	}
	if r.Newer > 0 {
		tell(stdout, "cli.audit.newer", map[string]any{"Count": r.Newer})
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

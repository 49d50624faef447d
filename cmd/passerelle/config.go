package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/store"
)

// config is what every data-touching command shares. Each value comes from
// its flag, else PASSERELLE_<NAME>, else the file named by
// PASSERELLE_<NAME>_FILE (for secrets), else the default.
type config struct {
	dataDir       string
	databaseURL   string
	masterKeyFile string
	logFormat     string
	logLevel      string
	auditDir      string // a second folder for the audit log's signed checkpoints
}

// envOr returns PASSERELLE_<name>, or the trimmed content of the file named by
// PASSERELLE_<name>_FILE, or def.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv("PASSERELLE_" + name); ok && v != "" {
		return v
	}
	if f, ok := os.LookupEnv("PASSERELLE_" + name + "_FILE"); ok && f != "" {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return def
}

// addFlags declares the shared flags on fs.
func (c *config) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.dataDir, "data", envOr("DATA", "data"), help("data", nil))
	fs.StringVar(&c.databaseURL, "database", envOr("DATABASE", ""), help("database", nil))
	fs.StringVar(&c.masterKeyFile, "master-key-file", os.Getenv("PASSERELLE_MASTER_KEY_FILE"), help("master_key_file", nil))
	fs.StringVar(&c.logFormat, "log-format", envOr("LOG_FORMAT", "json"), help("log_format", nil))
	fs.StringVar(&c.logLevel, "log-level", envOr("LOG_LEVEL", "info"), help("log_level", nil))
	fs.StringVar(&c.auditDir, "audit-checkpoint-dir", envOr("AUDIT_CHECKPOINT_DIR", ""), help("audit_checkpoint_dir", nil))
}

func (c *config) keyFile() string {
	if c.masterKeyFile != "" {
		return c.masterKeyFile
	}
	return filepath.Join(c.dataDir, "master.key")
}

// logger builds the process logger. Nothing logged anywhere carries personal
// data: handlers log routes and statuses, the store logs ids at most.
func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fault.Wrap(fault.Invalid, "cli.error.log_level", err)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch c.logFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fault.New(fault.Invalid, "cli.error.log_format", nil)
}

// parseFlags parses args and reports usage errors as exit status 2.
func parseFlags(fs *flag.FlagSet, args []string) (ok bool, status int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, 0
		}
		return false, 2
	}
	return true, 0
}

// parseInterleaved is parseFlags for commands whose positional arguments may
// stand before, between or after the flags (the flag package stops at the
// first non-flag). It returns the positional arguments in order.
func parseInterleaved(fs *flag.FlagSet, args []string) (pos []string, ok bool, status int) {
	for {
		if ok, st := parseFlags(fs, args); !ok {
			return nil, false, st
		}
		if fs.NArg() == 0 {
			return pos, true, 0
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// dataFlags is the flag set of a command that works on the data folder: the
// shared flags, to which the command adds its own.
func (c *config) dataFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := newFlags(name, stderr)
	c.addFlags(fs)
	return fs
}

// openData parses args and opens the existing database for the system actor.
// A nil DB means the command is over, with status.
func (c *config) openData(fs *flag.FlagSet, args []string, stderr io.Writer, cmd string) (context.Context, *store.DB, int) {
	if ok, st := parseFlags(fs, args); !ok {
		return nil, nil, st
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return nil, nil, report(stderr, cmd, err)
	}
	return ctx, db, 0
}

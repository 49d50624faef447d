package main

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/passerelle-org/passerelle/internal/directory/hsds"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func init() {
	register("directory", "cli.summary.directory", runDirectory)
}

// hsdsNames gives HSDS files the catalogue's names of the vocabulary.
func hsdsNames(lang, key string) string { return i18n.T(lang, key, nil) }

// runDirectory exports the directory of services as an HSDS 3.0 JSON file,
// or imports one all or nothing (store.ExportDirectory, ImportDirectory, as
// the system: both audited).
func runDirectory(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		return usageOf(args, stdout, stderr, "cli.directory.usage")
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("directory "+sub, stderr)
	var out *string
	if sub == "export" {
		out = fs.String("out", "", help("directory_out", nil))
	}
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if (sub == "export" && *out == "") || (sub == "import" && fs.NArg() != 1) {
		tell(stderr, "cli.directory.usage", nil)
		return 2
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, "directory", err)
	}
	defer db.Close()
	if sub == "export" {
		ls, err := db.ExportDirectory(ctx)
		if err != nil {
			return report(stderr, "directory", err)
		}
		b, err := hsds.Encode(ls, hsdsNames)
		if err != nil {
			return report(stderr, "directory", err)
		}
		// Public details only, but an existing file is never overwritten.
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return report(stderr, "directory", err)
		}
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(*out)
			return report(stderr, "directory", werr)
		}
		tell(stdout, "cli.directory.exported", map[string]any{"Count": len(ls), "File": *out})
		return 0
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return report(stderr, "directory", err)
	}
	ls, es := hsds.Decode(data)
	if len(es) > 0 {
		return refusedFile(stderr, path, es)
	}
	res, err := db.ImportDirectory(ctx, ls)
	var ves valid.Errors
	if errors.As(err, &ves) {
		es = ves
		return refusedFile(stderr, path, es)
	} else if err != nil {
		return report(stderr, "directory", err)
	}
	tell(stdout, "cli.directory.imported", map[string]any{"Created": res.Created, "Updated": res.Updated, "Unchanged": res.Unchanged})
	return 0
}

// refusedFile lists every problem of a refused file, each naming its record
// and field; nothing was imported.
func refusedFile(stderr io.Writer, path string, es valid.Errors) int {
	tell(stderr, "cli.directory.refused", map[string]any{"Count": len(es), "File": path})
	return report(stderr, "directory", es)
}

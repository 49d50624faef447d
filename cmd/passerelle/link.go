package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func init() {
	register("link", "cli.summary.link", runLink)
}

var linkSubcommands = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) int{
	"keygen":          linkKeygen,
	"encode":          linkEncode,
	"match":           linkMatch,
	"bench":           linkBench,
	"eval-febrl":      linkEvalFEBRL,
	"eval-multiparty": linkEvalMultiparty,
}

func runLink(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		linkSay(stderr, i18n.FromEnv(), "usage", nil)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	run, ok := linkSubcommands[args[0]]
	if !ok {
		return refuse(stderr, "link", "linkage.subcommand", map[string]any{"Name": args[0]})
	}
	return run(args[1:], stdin, stdout, stderr)
}

// linkFlags is a FlagSet with the --lang flag every subcommand takes.
type linkFlags struct {
	*flag.FlagSet
	lang       *string
	positional []string
}

func newLinkFlags(name string, stderr io.Writer) *linkFlags {
	fs := flag.NewFlagSet("passerelle link "+name, flag.ContinueOnError)
	fs.SetOutput(flagErrors{"link " + name, stderr})
	fs.Usage = func() {
		linkSay(stderr, i18n.FromEnv(), "usage_flags", map[string]any{"Name": name})
		printFlags(stderr, fs)
	}
	return &linkFlags{FlagSet: fs, lang: fs.String("lang", i18n.FromEnv(), linkHelp("lang", map[string]any{"Languages": strings.Join(i18n.Languages, ", ")}))}
}

// parse parses args, allowing flags after positional arguments
// ("match a.clk b.clk --out g.csv"), and returns the language, or an exit
// status != 0. The positional arguments are in f.positional.
func (f *linkFlags) parse(args []string, stderr io.Writer) (string, int) {
	pos, ok, st := parseInterleaved(f.FlagSet, args)
	if !ok {
		if st == 0 { // -h
			return "", -1
		}
		return "", st
	}
	f.positional = pos
	if !i18n.Supported(*f.lang) {
		linkSay(stderr, i18n.FromEnv(), "flag.lang", map[string]any{"Lang": *f.lang, "Languages": strings.Join(i18n.Languages, ", ")})
		return "", 2
	}
	return *f.lang, 0
}

func linkExit(code int) int {
	if code < 0 {
		return 0
	}
	return code
}

// linkFail prints err in lang and returns 2 for input errors, 1 otherwise.
func linkFail(stderr io.Writer, lang string, err error) int {
	text, ok := i18n.ErrorText(lang, err)
	if !ok {
		text = err.Error()
	}
	fmt.Fprintln(stderr, "passerelle link: "+text)
	if fault.KindOf(err) == fault.Invalid {
		return 2
	}
	return 1
}

// linkHelp is the help of a flag, in the environment's language (the flags
// are described before --lang is read).
func linkHelp(id string, params map[string]any) string {
	return i18n.T(i18n.FromEnv(), "linkage.help."+id, params)
}

// linkSay prints the linkage message id in lang.
func linkSay(w io.Writer, lang, id string, params map[string]any) {
	fmt.Fprintln(w, i18n.T(lang, "linkage."+id, params))
}

// linkIOErr is a file that cannot be read or written; the system's words
// for why are the Cause.
func linkIOErr(id, file string, err error) error {
	e := linkage.NewError(id, map[string]any{"File": file, "Cause": err.Error()})
	e.Err = err
	return e
}

type linkMultiFlag []string

func (m *linkMultiFlag) String() string     { return strings.Join(*m, " ") }
func (m *linkMultiFlag) Set(v string) error { *m = append(*m, v); return nil }

func linkKeygen(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newLinkFlags("keygen", stderr)
	out := fs.String("out", "", linkHelp("keygen_out", nil))
	n := fs.Int("bytes", 32, linkHelp("keygen_bytes", nil))
	lang, code := fs.parse(args, stderr)
	if code != 0 {
		return linkExit(code)
	}
	if *out == "" {
		return linkFail(stderr, lang, linkage.NewError("flag.required", map[string]any{"Flag": "--out"}))
	}
	secret, err := linkage.NewSecret(*n)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	defer clear(secret)
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return linkFail(stderr, lang, linkage.NewError("io.exists", map[string]any{"File": *out}))
	}
	if err != nil {
		return linkFail(stderr, lang, linkIOErr("io.write", *out, err))
	}
	// Written as text, the form the web form and the API read by the same
	// rule (linkage.ParseSecret), so that it can be pasted there too.
	if _, err := f.WriteString(linkage.FormatSecret(secret) + "\n"); err != nil {
		f.Close()
		return linkFail(stderr, lang, linkIOErr("io.write", *out, err))
	}
	if err := f.Close(); err != nil {
		return linkFail(stderr, lang, linkIOErr("io.write", *out, err))
	}
	linkSay(stdout, lang, "out.keygen", map[string]any{"Bytes": len(secret), "File": *out})
	return 0
}

func linkEncode(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newLinkFlags("encode", stderr)
	in := fs.String("in", "", linkHelp("in", nil))
	idCol := fs.String("id-column", "", linkHelp("id_column", nil))
	var fields linkMultiFlag
	fs.Var(&fields, "field", linkHelp("field", nil))
	secretFile := fs.String("secret-file", "", linkHelp("secret_file", nil))
	out := fs.String("out", "", linkHelp("encode_out", nil))
	bits := fs.Int("bits", linkage.DefaultBits, linkHelp("bits", nil))
	balance := fs.Bool("balance", false, linkHelp("balance", nil))
	salt := fs.String("salt", "", linkHelp("salt", nil))
	blip := fs.Float64("blip", 0, linkHelp("blip", nil))
	party := fs.String("party", "", linkHelp("party", nil))
	progress := fs.Bool("progress", false, linkHelp("progress", nil))
	lang, code := fs.parse(args, stderr)
	if code != 0 {
		return linkExit(code)
	}
	if len(fs.positional) > 0 {
		return linkFail(stderr, lang, linkage.NewError("args.extra", map[string]any{"Args": strings.Join(fs.positional, " ")}))
	}
	for _, req := range []struct{ name, v string }{{"--in", *in}, {"--id-column", *idCol}, {"--secret-file", *secretFile}, {"--out", *out}} {
		if req.v == "" {
			return linkFail(stderr, lang, linkage.NewError("flag.required", map[string]any{"Flag": req.name}))
		}
	}
	s := linkage.Settings{Bits: *bits, Balance: *balance, BLIP: *blip}
	if *salt != "" {
		col, opt, has := strings.Cut(*salt, ":")
		if col == "" || (has && opt != "year") {
			return linkFail(stderr, lang, linkage.NewError("salt.column", map[string]any{"Salt": *salt}))
		}
		s.Salt, s.SaltYr = col, has
	}
	for _, spec := range fields {
		f, err := linkage.ParseField(spec)
		if err != nil {
			return linkFail(stderr, lang, err)
		}
		s.Fields = append(s.Fields, f)
	}
	if err := s.Validate(); err != nil {
		return linkFail(stderr, lang, err)
	}
	secret, err := linkage.ReadSecret(*secretFile)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	enc, err := linkage.NewEncoder(s, secret)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	f, err := os.Open(*in)
	if err != nil {
		return linkFail(stderr, lang, linkIOErr("io.read", *in, err))
	}
	defer f.Close()
	var r io.Reader = f
	if st, err := f.Stat(); err == nil && (*progress || linkIsTerminal(stderr)) {
		bar := progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(stderr),
			progressbar.OptionShowBytes(true), progressbar.OptionSetDescription("encode"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
		r = io.TeeReader(f, bar)
		defer bar.Finish()
	}
	encs, err := linkage.EncodeCSV(r, *in, *idCol, enc, *party)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	if err := linkWriteCLK(*out, encs); err != nil {
		return linkFail(stderr, lang, linkIOErr("io.write", *out, err))
	}
	for i, n := range enc.Unparsed {
		if n > 0 {
			linkSay(stderr, lang, "out.unparsed", map[string]any{"Index": i + 1, "Column": s.Fields[i].Column, "Count": n, "Kind": string(s.Fields[i].Kind)})
		}
	}
	note := linkage.Message{Code: "linkage.note.settingsfp", Params: map[string]any{
		"Settings": fmt.Sprintf("%x", encs.Settings[:4]), "Key": fmt.Sprintf("%x", encs.Key[:4])}}
	linkSay(stdout, lang, "out.encoded", map[string]any{"Count": len(encs.IDs), "File": *out, "Bits": encs.Bits, "Note": note})
	return 0
}

func linkWriteCLK(path string, e *linkage.Encodings) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := linkage.WriteCLK(f, e); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func linkIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

package main

import (
	"io"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// the module's build information is used.
var version = ""

func init() {
	register("version", "cli.summary.version", func(args []string, _ io.Reader, stdout, _ io.Writer) int {
		tell(stdout, "cli.version", map[string]any{"Version": versionString()})
		return 0
	})
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

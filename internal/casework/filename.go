package casework

import (
	"path"
	"strings"
	"unicode"
)

// FileName reduces an uploaded file's name to a safe base name: no folders
// ("../../etc/passwd" becomes "passwd", "C:\Users\x\scan.pdf" "scan.pdf"), no
// control or invisible formatting characters (a right-to-left override can
// make "exe.pdf" read as "fdp.exe"), no leading dots. An empty result is
// "file". Its length is left to the caller's validation, which refuses an
// overlong name rather than cutting it.
func FileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimRight(name, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" || name == "." {
		return "file"
	}
	return name
}

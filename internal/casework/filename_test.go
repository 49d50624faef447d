package casework

import "testing"

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":                     "passwd",
		`C:\Users\aissata\Documents\scan.pdf`:  "scan.pdf",
		"rapport médical.pdf":                  "rapport médical.pdf",
		"/":                                    "file",
		"..":                                   "file",
		"":                                     "file",
		".bashrc":                              "bashrc",
		"photo\x00.jpg":                        "photo.jpg",
		"facture\u202egpj.exe":                 "facturegpj.exe",
		"dossier/":                             "dossier",
		"  témoignage Agadez.txt  ":            "témoignage Agadez.txt",
		"a/b/c/../d.png":                       "d.png",
		"\u200bnom-invisible.pdf":              "nom-invisible.pdf",
		string(make([]byte, 0)) + "....pdf":    "pdf",
		"carte-identite-recto-verso\t2024.png": "carte-identite-recto-verso2024.png",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

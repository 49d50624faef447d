package linkage

import (
	"strings"
	"testing"
)

func TestEveryMessageHasEnglishAndFrench(t *testing.T) {
	for id, m := range messages {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %s lacks a translation", id)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("message %s: English and French take different arguments", id)
		}
		if m[0] == m[1] {
			t.Errorf("message %s: French text is the English text", id)
		}
	}
}

func TestLocalize(t *testing.T) {
	err := errf("secret.short", "k", 32, 4)
	if !strings.Contains(Localize(err, FR), "au moins 32 octets") || !strings.Contains(err.Error(), "at least 32 bytes") {
		t.Fatalf("en %q / fr %q", err.Error(), Localize(err, FR))
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "fr_FR.UTF-8")
	if LangFromEnv() != FR {
		t.Error("LANG=fr_FR does not select French")
	}
	t.Setenv("LANG", "en_GB.UTF-8")
	if LangFromEnv() != EN {
		t.Error("LANG=en_GB does not select English")
	}
}

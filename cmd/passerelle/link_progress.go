package main

import (
	"fmt"
	"io"
	"time"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/schollz/progressbar/v3"
)

// linkProgress returns the progress function of a match run and the
// function that ends its display. On a terminal each stage (comparing,
// blocking, grouping) gets a bar; elsewhere nothing is shown unless plain
// is set (--progress), and then one line per stage and per tenth of it, so
// that a log stays short. nil when nothing is shown.
func linkProgress(w io.Writer, lang string, plain bool) (func(stage string, done, total int), func()) {
	tty := linkIsTerminal(w)
	if !tty && !plain {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	stage, shown := "", -1
	end := func() {
		if bar != nil {
			bar.Finish()
			bar = nil
		}
	}
	return func(s string, done, total int) {
		label := i18n.T(lang, "linkage.progress."+s, nil)
		if s != stage {
			end()
			stage, shown = s, -1
			if tty {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription(label), progressbar.OptionShowCount(),
					progressbar.OptionSetElapsedTime(true), progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }))
			}
		}
		if tty {
			bar.Set(done)
			return
		}
		if tenth := done * 10 / max(total, 1); tenth != shown {
			shown = tenth
			linkSay(w, lang, "progress.line", map[string]any{"Stage": label, "Done": done, "Total": total})
		}
	}, end
}

package donor

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// pdfText reads the text a PDF shows, in drawing order, one piece per text
// operator: it inflates every Flate stream and reads the literal strings of
// the Tj operators, decoded from cp1252 (the core fonts' encoding). It reads
// what fpdf writes (simple fonts, literal strings), which is all these
// tests need, with nothing installed.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	streams := regexp.MustCompile(`(?s)<<([^>]*?/FlateDecode[^>]*?)>>\s*stream\r?\n(.*?)\r?\nendstream`)
	var out []string
	for _, m := range streams.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[2]))
		if err != nil {
			continue // a font or an image, not a page
		}
		content, err := io.ReadAll(r)
		if err != nil {
			continue
		}
		out = append(out, showStrings(t, content)...)
	}
	return out
}

// showStrings reads the literal strings shown by Tj in one content stream.
func showStrings(t *testing.T, content []byte) []string {
	var out []string
	dec := charmap.Windows1252.NewDecoder()
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		var s []byte
		depth := 1
		j := i + 1
		for ; j < len(content) && depth > 0; j++ {
			c := content[j]
			switch {
			case c == '\\' && j+1 < len(content):
				j++
				switch e := content[j]; e {
				case 'n':
					s = append(s, '\n')
				case 'r':
					s = append(s, '\r')
				case 't':
					s = append(s, '\t')
				case '(', ')', '\\':
					s = append(s, e)
				default:
					if e >= '0' && e <= '7' {
						v := 0
						k := 0
						for ; k < 3 && j+k < len(content) && content[j+k] >= '0' && content[j+k] <= '7'; k++ {
							v = v*8 + int(content[j+k]-'0')
						}
						s = append(s, byte(v))
						j += k - 1
					}
				}
			case c == '(':
				depth++
				s = append(s, c)
			case c == ')':
				depth--
				if depth > 0 {
					s = append(s, c)
				}
			default:
				s = append(s, c)
			}
		}
		rest := bytes.TrimLeft(content[j:], " ")
		if bytes.HasPrefix(rest, []byte("Tj")) {
			u, err := dec.Bytes(s)
			if err != nil {
				t.Fatalf("not cp1252: %q", s)
			}
			out = append(out, string(u))
		}
		i = j - 1
	}
	return out
}

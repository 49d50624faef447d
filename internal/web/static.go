package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

//go:embed static/*.js static/*.css
var staticFiles embed.FS

// asset is one embedded static file with its content hash, which is part of
// its URL so it can be cached for a year and still change on upgrade.
type asset struct {
	body  []byte
	hash  string // first 12 hex digits of the SHA-256
	ctype string
}

func loadAssets() (map[string]asset, error) {
	out := map[string]asset{}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		out[path.Base(p)] = asset{body: b, hash: hex.EncodeToString(sum[:])[:12], ctype: ctype}
		return nil
	})
	return out, err
}

// assetPath is the URL of a static file, e.g. /static/3f2a9c0d1e4b/app.css.
func (s *Server) assetPath(name string) string {
	a, ok := s.assets[name]
	if !ok {
		return "/static/missing/" + name
	}
	return "/static/" + a.hash + "/" + name
}

// static serves an embedded file when the hash in the path is current.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.PathValue("file")]
	if !ok || r.PathValue("hash") != a.hash {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

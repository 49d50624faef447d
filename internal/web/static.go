package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static/*.js static/*.css
var staticFiles embed.FS

// asset is one embedded static file with its content hash, which is part of
// its URL so it can be cached for a year and still change on upgrade.
type asset struct {
	body  []byte
	gz    []byte // body gzipped once at start, nil when not worth it
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
		a := asset{body: b, hash: hex.EncodeToString(sum[:])[:12], ctype: ctype}
		if compressible(ctype) {
			if a.gz, err = gzipBytes(b); err != nil {
				return err
			}
			if len(a.gz) >= len(b) {
				a.gz = nil
			}
		}
		out[path.Base(p)] = a
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
		// Plain: there is no session here for the error page, and a
		// browser fetching a script or a style shows no page anyway.
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	body, etag := a.body, `"`+a.hash+`"`
	if a.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, etag = a.gz, `"`+a.hash+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// staticPattern is the route of the static files.
const staticPattern = "/static/{hash}/{file}"

// isStatic reports a request the static route serves, which runs without
// the session (middleware). Anything else under /static/ is a page's 404.
func (s *Server) isStatic(r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/static/") {
		return false // pages are not routed twice
	}
	_, pattern := s.mux.Handler(r)
	return pattern == "GET "+staticPattern
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

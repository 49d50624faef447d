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
		s.notFound(w, r)
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

// isStatic reports a request for a static file: no session, no Vary: Cookie.
func isStatic(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasPrefix(r.URL.Path, "/static/")
}

// withoutVaryCookie keeps the session layer's Vary: Cookie off static files,
// which are the same for everyone: with it a shared cache would keep one copy
// per visitor, and some browsers revalidate them on every page.
func withoutVaryCookie(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isStatic(r) {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&dropVaryCookie{ResponseWriter: w}, r)
	})
}

type dropVaryCookie struct {
	http.ResponseWriter
	done bool
}

func (w *dropVaryCookie) strip() {
	if w.done {
		return
	}
	w.done = true
	h := w.Header()
	var keep []string
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "Cookie") {
				keep = append(keep, f)
			}
		}
	}
	h.Del("Vary")
	if len(keep) > 0 {
		h.Set("Vary", strings.Join(keep, ", "))
	}
}

func (w *dropVaryCookie) WriteHeader(status int) {
	w.strip()
	w.ResponseWriter.WriteHeader(status)
}

func (w *dropVaryCookie) Write(b []byte) (int, error) {
	w.strip()
	return w.ResponseWriter.Write(b)
}

func (w *dropVaryCookie) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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

package api

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
)

const multipartBoundary = "passerelle-test-boundary-7K3FQ9"

var multipartType = "multipart/form-data; boundary=" + multipartBoundary

// multipartBody is a form with one file part.
func multipartBody(field, filename, content string, extra ...string) string {
	var b strings.Builder
	b.WriteString("--" + multipartBoundary + "\r\n")
	b.WriteString(`Content-Disposition: form-data; name="` + field + `"; filename="` + filename + "\"\r\n")
	b.WriteString("Content-Type: application/octet-stream\r\n\r\n")
	b.WriteString(content + "\r\n")
	for i := 0; i+1 < len(extra); i += 2 {
		b.WriteString("--" + multipartBoundary + "\r\n")
		b.WriteString(`Content-Disposition: form-data; name="` + extra[i] + "\"\r\n\r\n")
		b.WriteString(extra[i+1] + "\r\n")
	}
	b.WriteString("--" + multipartBoundary + "--\r\n")
	return b.String()
}

// pngBase64 is a 2x2 PNG image in base64.
var pngBase64 = func() string {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}()

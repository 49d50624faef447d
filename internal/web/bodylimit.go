package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory/hsds"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
)

// formRoom is what a multipart form needs beside its file: the other fields
// and the part headers.
const formRoom = 64 << 10

// uploadLimits are the routes that take files, with the body each accepts.
// Every other route takes maxBody: pages post small forms only. The limit is
// applied after routing, so it belongs to the route, not to the server.
var uploadLimits = map[string]int64{
	"POST /cases/{id}/attachments":   casework.MaxAttachmentBytes + formRoom,
	"POST /cases/import":             htcds.MaxFileBytes + formRoom,
	"POST /network/runs/{id}/upload": linkrun.MaxCLKBytes + formRoom,
	"POST /directory/import":         hsds.MaxFileBytes + formRoom,

	"POST /programmes/campaigns/{id}/materials": campaign.MaxMaterial + formRoom,
}

// maxAnyBody is the largest body any route accepts, the server-wide cap
// applied before routing.
func maxAnyBody() int64 {
	n := int64(maxBody)
	for _, l := range uploadLimits {
		n = max(n, l)
	}
	return n
}

// bodyLimit is the body route ("METHOD /pattern") accepts.
func bodyLimit(route string) int64 {
	if n, ok := uploadLimits[route]; ok {
		return n
	}
	return maxBody
}

// limitBody bounds r's body to what route accepts.
func limitBody(w http.ResponseWriter, r *http.Request, route string) {
	if r.Body == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(route))
}

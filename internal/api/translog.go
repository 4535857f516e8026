// SPDX-License-Identifier: Apache-2.0

package api

import (
	"net/http"
	"strings"
)

// The transparency log's public resources: the signed checkpoint, the
// C2SP tlog-tiles (hash tiles and entry bundles), the checkpoint's
// verifier key, and each award's receipt (C2SP tlog-proof).

func (a *API) logCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := a.svc.LogCheckpoint(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(cp)
}

func (a *API) logKey(w http.ResponseWriter, r *http.Request) {
	k, err := a.svc.LogKey(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeRaw(w, "text/plain; charset=utf-8", []byte(k+"\n"))
}

func (a *API) logTile(w http.ResponseWriter, r *http.Request) {
	p := "tile/" + r.PathValue("path")
	b, err := a.svc.LogTile(r.Context(), p)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Full tiles never change; partial ones are replaced by larger ones.
	if strings.Contains(p, ".p/") {
		w.Header().Set("Cache-Control", "public, max-age=60")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(b)
}

// awardReceipt serves the receipt of an award's credential (?kind= one of
// ob3-di, ob3-jwt, ob2-hosted, ob2-signed; default the first issued), 404
// until the sequencer has logged it.
func (a *API) awardReceipt(w http.ResponseWriter, r *http.Request) {
	b, err := a.svc.AwardReceipt(r.Context(), r.PathValue("id"), r.URL.Query().Get("kind"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(b)
}

// logAnchors lists the log's anchors on a public chain (newest first, at
// most 100), each with the checkpoint body it anchors; empty when
// anchoring is off.
func (a *API) logAnchors(w http.ResponseWriter, r *http.Request) {
	as, err := a.svc.LogAnchors(r.Context(), 100)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"anchors": as})
}

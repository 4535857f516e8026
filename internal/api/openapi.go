// SPDX-License-Identifier: Apache-2.0

package api

import (
	_ "embed"
	"net/http"
)

// openapiJSON describes /api/v1 and the token endpoint. It grows with every
// endpoint; the tests check real responses against it.
//
//go:embed openapi.json
var openapiJSON []byte

func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openapiJSON)
}

// SPDX-License-Identifier: Apache-2.0

package oauth

import "net/http"

// revoke is the token revocation endpoint (RFC 7009): the client revokes
// one of its access or refresh tokens. token_type_hint is not needed (the
// token says what it is) and is ignored. The answer is 200 with an empty
// body whether or not the token existed (§2.2).
func (h *Handler) revoke(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := parseForm(r); err != nil {
		h.writeError(w, r, err)
		return
	}
	token := r.PostForm.Get("token")
	if token == "" {
		h.writeError(w, r, invalidRequest("token is required."))
		return
	}
	id, secret, err := clientCredentials(r)
	if err == nil {
		err = h.svc.RevokeOAuthToken(r.Context(), id, secret, token)
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

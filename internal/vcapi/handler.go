// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/verify"
)

// ScopeIssue is the OAuth 2.0 scope a bearer token needs to issue.
const ScopeIssue = "akashi:issue" // Akashi's issue scope (service.ScopeIssue); vcapi cannot import service

// DefaultMaxBody is the request body limit when [Handler].MaxBody is 0.
const DefaultMaxBody = 1 << 20

// Signer signs for one organisation with its did:key (Ed25519).
type Signer interface {
	// IssuerID returns the organisation's DID, the only issuer it signs for.
	IssuerID() string
	// SignDataIntegrity returns a copy of cred with a DataIntegrityProof
	// (eddsa-rdfc-2022, proofPurpose assertionMethod) by IssuerID's key.
	// An error wrapping proof.ErrCanonicalize means the credential itself
	// cannot be signed and is reported as bad input; a *badge.Error is
	// reported with its code; any other error is internal.
	SignDataIntegrity(ctx context.Context, cred map[string]any) (map[string]any, error)
}

// Handler serves the VC-API endpoints. The zero value verifies offline
// and refuses to issue.
type Handler struct {
	// Authorize checks the request's bearer token for scope and returns the
	// Signer of the token's organisation. Its error is a *badge.Error:
	// badge.CodeUnauthorized (no or bad token, 401) or badge.CodeForbidden
	// (scope missing, 403). Nil refuses every authorised request with 401.
	Authorize func(r *http.Request, scope string) (Signer, error)
	// Verifier checks Open Badges 3.0 credentials and VC-JWTs; build it
	// offline (no Fetcher) unless status lists and did:web are to be
	// fetched. Nil means an offline verify.New(verify.Options{}).
	Verifier *verify.Verifier
	// MaxBody limits request bodies; 0 means [DefaultMaxBody].
	MaxBody int64
	// VerifyScope, when set, makes the verify endpoints require a bearer
	// token with that scope too; empty means they are public.
	VerifyScope string
	// Now is the clock for the checks made here (validity of credentials
	// that are not Open Badges, proof expiry); use the Verifier's clock.
	// Nil means time.Now.
	Now func() time.Time
	// Log receives internal errors; nil means slog.Default().
	Log *slog.Logger
}

// Register adds the VC-API routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /credentials/issue", h.issue)
	mux.HandleFunc("POST /credentials/verify", h.verifyCredential)
	mux.HandleFunc("POST /presentations/verify", h.verifyPresentation)
}

var (
	defaultVerifierOnce sync.Once
	defaultVerifier     *verify.Verifier
)

func (h *Handler) verifier() *verify.Verifier {
	if h.Verifier != nil {
		return h.Verifier
	}
	defaultVerifierOnce.Do(func() { defaultVerifier = verify.New(verify.Options{}) })
	return defaultVerifier
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) maxBody() int64 {
	if h.MaxBody > 0 {
		return h.MaxBody
	}
	return DefaultMaxBody
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

// SPDX-License-Identifier: Apache-2.0

// Package service holds Akashi's use cases — one method each, written once
// for every surface (console, wallet, API, command line). A method reads the
// actor from its context, authorizes, validates, and makes its change in one
// transaction, together with the audit entry and any job it causes.
package service

import (
	"context"
	"crypto/rand"
	"net/http"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/store"
)

// Service is the set of use cases over one store.
type Service struct {
	Store     store.Store
	MasterKey *keys.MasterKey
	// BaseURL is the instance's public URL (no trailing slash).
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EnqueueMail schedules delivery of outbox mail inside tx (the job
	// queue), one job per message. Nil leaves mail in the outbox, readable
	// in the console.
	EnqueueMail func(ctx context.Context, tx store.Tx, outboxIDs ...int64) error
	// EnqueueBulkAward schedules the background job that issues a
	// confirmed CSV award, inside tx. Nil means the caller runs
	// [Service.RunBulkAward] itself (tests, the command line).
	EnqueueBulkAward func(ctx context.Context, tx store.Tx, bulkID int64) error
	// Verifier is the public verifier (pages and API); nil verifies
	// offline, fetching nothing.
	Verifier *Verifier
	// PDFFont is the TrueType font of PDF certificates; "" searches the
	// system (see pdfbadge.FindFont).
	PDFFont string
	// LogWitnesses are the transparency log's witnesses; with any, only
	// checkpoints that LogWitnessThreshold of them cosigned are published.
	LogWitnesses []LogWitness
	// LogWitnessThreshold is how many witnesses must cosign (0: all).
	LogWitnessThreshold int
	// Anchorer anchors the log's checkpoints on a public chain; nil turns
	// anchoring off.
	Anchorer *anchor.Anchorer
	// LogOff makes awards append no transparency-log leaves. It exists to
	// measure the log's cost (cmd/akashi-load -log=false); a server never
	// sets it.
	LogOff bool
	// WitnessHTTP is the client that reaches witnesses; nil means a plain
	// client with a timeout.
	WitnessHTTP *http.Client
	pdfFont     fontCache

	offlineOnce sync.Once
	offline     *Verifier

	signers signers

	logSigner    logSigner
	witnessSizes witnessSizes
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Actor is who is calling: an account (staff or recipient), or the system
// itself (set-up, demo seeding, jobs) when AccountID is 0 and System is true.
type Actor struct {
	AccountID int64
	System    bool
	// ClientOrgID is set for an API client's bearer token: it may act in
	// that organisation only, as an issuer (scope akashi:issue) or a viewer.
	ClientOrgID int64
	ClientRole  badge.Role
}

// ClientActor returns the actor of an API call made with t.
func ClientActor(t *badge.AccessToken) Actor {
	role := badge.RoleViewer
	if t.HasScope(ScopeIssue) {
		role = badge.RoleIssuer
	}
	return Actor{ClientOrgID: t.OrgID, ClientRole: role}
}

type actorKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; the zero Actor means anonymous.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// authorize checks that the actor has at least role in the organisation and
// returns its membership (nil for the system actor). It returns an
// unauthorized error for anonymous callers and forbidden for others.
func (s *Service) authorize(ctx context.Context, r store.Repos, orgID int64, role badge.Role) (*badge.Membership, error) {
	a := ActorFrom(ctx)
	if a.System {
		return nil, nil
	}
	if a.ClientOrgID != 0 {
		if a.ClientOrgID != orgID {
			return nil, badge.NotFound("error.not_found", "No such organisation.")
		}
		if !a.ClientRole.AtLeast(role) {
			return nil, badge.Forbidden("error.forbidden", "The token's scope does not allow this.")
		}
		return nil, nil
	}
	if a.AccountID == 0 {
		return nil, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	m, err := r.FindMembership(ctx, orgID, a.AccountID)
	if err != nil {
		// Not a member reads the same as no such organisation: one
		// organisation cannot learn another exists.
		return nil, badge.NotFound("error.not_found", "No such organisation.")
	}
	if !m.Role.AtLeast(role) {
		return nil, badge.Forbidden("error.forbidden", "Your role in this organisation does not allow this.")
	}
	return m, nil
}

// audit records a staff action in tx.
func (s *Service) audit(ctx context.Context, tx store.Tx, orgID int64, action, targetType, targetID, detail string) error {
	return tx.CreateAuditEntry(ctx, &badge.AuditEntry{
		OrgID: orgID, ActorID: ActorFrom(ctx).AccountID, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail,
	})
}

// randomToken returns n random bytes as URL-safe text from [A-Za-z0-9_-]
// (Moodle's OB 2.1 client does not URL-encode secrets, so nothing else).
func randomToken(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)] // 256 is a multiple of 64: no bias
	}
	return string(b)
}

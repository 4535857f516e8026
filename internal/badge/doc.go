// SPDX-License-Identifier: Apache-2.0

// Package badge holds Akashi's domain types: accounts, organisations and
// their members, roles, invitations, sessions, signing keys, API clients,
// the audit log and the mail outbox, each with a Validate method, and the
// application [Error] type with its codes.
//
// The package imports only the standard library. Validation here checks
// shape (required fields, lengths, syntax); rules that need the database
// (uniqueness) or the actor (authorization) live in the store and the
// services.
package badge

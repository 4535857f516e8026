// SPDX-License-Identifier: Apache-2.0

// Package storetest is the conformance suite every [store.Store] must
// pass. Each implementation's tests call [Run] (and [RunWithClock] and
// [RunMigrations]) with a function that opens a fresh, empty store:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { … })
//	}
package storetest

import (
	"testing"

	"github.com/akashi-badges/akashi/internal/store"
)

// test is one conformance check on a fresh store.
type test struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// Run runs the suite. open must return a new, empty store that uses the
// real clock (store.Options{}) and is closed when t ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	groups := [][]test{
		accountTests, organizationTests, membershipTests, invitationTests,
		sessionTests, accountTokenTests, loginAttemptTests, signingKeyTests,
		apiClientTests, accessTokenTests, auditTests, outboxTests,
		badgeClassTests, awardTests, statusListTests, bulkAwardTests,
		txTests, cascadeTests, validateTests, walletTests,
		oauthTests, translogTests,
	}
	for _, g := range groups {
		for _, tc := range g {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tc.fn(t, open(t))
			})
		}
	}
}

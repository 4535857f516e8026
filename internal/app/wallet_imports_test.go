// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// The server re-checks imported badges not checked for a day as soon as
// it starts (and every hour after): their report and state are renewed.
func TestRecheckImportsRuns(t *testing.T) {
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Logger = nil
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	acc := &badge.Account{Email: "hanako@example.ac.jp", Name: "花子", Locale: badge.LocaleJA}
	if err := m.Store.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	// Kept as valid two days ago; a re-check finds no signature.
	cred := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}`)
	sum := sha256.Sum256(cred)
	old := time.Now().Add(-48 * time.Hour)
	w := &badge.WalletImport{AccountID: acc.ID, Digest: sum[:], Credential: cred, Kind: "json", Format: "ob3-di",
		Report: []byte(`{"input":"old.json","valid":true,"format":"ob3-di","checks":[]}`), State: badge.ImportValid,
		CheckedAt: old, Private: true}
	if err := m.Store.CreateWalletImport(ctx, w); err != nil {
		t.Fatal(err)
	}
	stop, err := m.Start(ctx, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := m.Store.FindWalletImport(ctx, acc.ID, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.CheckedAt.After(old.Add(time.Hour)) {
			if got.State != badge.ImportInvalid || string(got.Report) == string(w.Report) {
				t.Errorf("re-checked import: state %q, report %s", got.State, got.Report)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import was not re-checked (checked at %v)", got.CheckedAt)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/app"
	"github.com/akashi-badges/akashi/internal/logaudit/logtest"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/witness"
)

// The log audit command against logs served in memory: a log that grows
// honestly passes and moves the state on; a rewritten or shrunk log, or
// one under another key, fails and leaves the state as it was.
func TestLogAudit(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "log.state")
	honest := logtest.Build(t, 1, 300, "")
	keyFile := filepath.Join(dir, "log.key")
	os.WriteFile(keyFile, []byte(honest.VKey+"\n"), 0o644)

	// First audit: the key is trusted on first use and the state written.
	code, out, errs := run(t, "log", "audit", "--state", state, honest.URL(t))
	if code != exitOK || !strings.Contains(out, "log     "+logtest.Origin) || !strings.Contains(out, "size    300") ||
		!strings.Contains(out, "trust on first use") || !strings.Contains(out, "ob3-jwt 60") || !strings.HasSuffix(out, "OK: every leaf and tile served makes the signed tree\n") {
		t.Fatalf("log audit = %d\n%s%s", code, out, errs)
	}
	if b, _ := os.ReadFile(state); !bytes.Equal(b, honest.Checkpoint()) {
		t.Fatalf("state = %q, want the checkpoint", b)
	}

	// The log grows: the audit from the state passes and remembers the new size.
	for i := 300; i < 700; i++ {
		honest.Append(t, logtest.Leaf(i, ""))
	}
	honest.Sign(t)
	code, out, errs = run(t, "log", "audit", "--state", state, "--log-key", keyFile, honest.URL(t)+"/log")
	if code != exitOK || !strings.Contains(out, "since   the remembered checkpoint of size 300") || strings.Contains(out, "trust on first use") {
		t.Fatalf("log audit after growth = %d\n%s%s", code, out, errs)
	}
	if b, _ := os.ReadFile(state); !bytes.Equal(b, honest.Checkpoint()) {
		t.Fatalf("state not moved on to the new checkpoint")
	}
	good, _ := os.ReadFile(state)

	for _, tt := range []struct {
		name string
		log  *logtest.Log
		args []string
		want string
	}{
		{"rewritten", logtest.Build(t, 1, 800, "forged"), nil, "FAIL inconsistent"},
		{"shrank", logtest.Build(t, 1, 500, ""), nil, "FAIL shrank"},
		{"new key", logtest.Build(t, 2, 800, ""), nil, "FAIL signature"},
		{"pinned key", logtest.Build(t, 2, 800, ""), []string{"--log-key", honest.VKey}, "FAIL signature"},
	} {
		args := append(append([]string{"log", "audit", "--state", state}, tt.args...), tt.log.URL(t))
		code, out, errs := run(t, args...)
		if code != exitFailed || !strings.Contains(out, tt.want) || !strings.Contains(out, "NOT OK") {
			t.Errorf("%s: log audit = %d, want 1 and %q\n%s%s", tt.name, code, tt.want, out, errs)
		}
		if b, _ := os.ReadFile(state); !bytes.Equal(b, good) {
			t.Errorf("%s: the state changed after a failed audit", tt.name)
		}
	}

	// Flags from the environment.
	t.Setenv("AKASHI_STATE", state)
	t.Setenv("AKASHI_LOG_KEY", honest.VKey)
	if code, out, errs := run(t, "log", "audit", honest.URL(t)); code != exitOK || !strings.Contains(out, "since") {
		t.Errorf("log audit with AKASHI_STATE = %d\n%s%s", code, out, errs)
	}
}

func TestLogAuditUsage(t *testing.T) {
	l := logtest.Build(t, 1, 3, "")
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"no subcommand", []string{"log"}},
		{"unknown subcommand", []string{"log", "frobnicate"}},
		{"no URL", []string{"log", "audit"}},
		{"two URLs", []string{"log", "audit", l.URL(t), l.URL(t)}},
		{"not a URL", []string{"log", "audit", "log.example"}},
		{"bad key", []string{"log", "audit", "--log-key", "a+b+c", l.URL(t)}},
		{"key file missing", []string{"log", "audit", "--log-key", filepath.Join(t.TempDir(), "none"), l.URL(t)}},
		{"threshold above keys", []string{"log", "audit", "--witness-key", l.VKey, "--witness-threshold", "2", l.URL(t)}},
		{"no log there", []string{"log", "audit", l.URL(t) + "/nothing"}},
		{"no server", []string{"log", "audit", closed.URL}},
	} {
		if code, out, errs := run(t, tt.args...); code != exitUsage || !strings.HasPrefix(errs, "akashi: ") {
			t.Errorf("%s: %v = %d\n%s%s", tt.name, tt.args, code, out, errs)
		}
	}
	// A witness key that did not sign: a finding.
	skey, wkey, err := witness.GenerateKey("witness.example")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "log", "audit", "--witness-key", wkey, l.URL(t)); code != exitFailed || !strings.Contains(out, "FAIL witness") {
		t.Errorf("log audit with an absent witness = %d\n%s", code, out)
	}
	// A plain Ed25519 note key is not a witness key.
	if code, _, errs := run(t, "log", "audit", "--witness-key", logtest.New(t, 9).VKey, l.URL(t)); code != exitUsage {
		t.Errorf("log audit with a log key as witness key = %d %s", code, errs)
	}
	// The witness cosigns the checkpoint: clean.
	cs, _ := witness.NewCosigner(skey)
	n, err := note.Open(l.Checkpoint(), note.VerifierList(mustVerifier(t, l.VKey)))
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(n, cs)
	if err != nil {
		t.Fatal(err)
	}
	// note.Sign keeps the log's signature (n.Sigs) and adds the witness's.
	l.SetCheckpoint(cosigned)
	if code, out, errs := run(t, "log", "audit", "--witness-key", wkey, l.URL(t)); code != exitOK {
		t.Errorf("log audit with a cosigning witness = %d\n%s%s", code, out, errs)
	}
}

func mustVerifier(t *testing.T, vkey string) note.Verifier {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The audit passes on the log a real server keeps, before and after an award.
func TestLogAuditRealServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := app.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Logger = nil
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	demo, err := m.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stop, err := m.Start(ctx, 20*time.Second)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		cancel()
		m.Close()
	})
	state := filepath.Join(t.TempDir(), "log.state")
	if code, out, errs := run(t, "log", "audit", "--state", state, m.URL); code != exitOK {
		t.Fatalf("log audit of the empty log = %d\n%s%s", code, out, errs)
	}

	o, err := m.Store.FindOrganizationBySlug(ctx, demo.OrgSlug)
	if err != nil {
		t.Fatal(err)
	}
	bs, _, err := m.Store.FindBadgeClasses(ctx, store.BadgeClassFilter{OrgID: &o.ID})
	if err != nil || len(bs) == 0 {
		t.Fatalf("demo badges: %v", err)
	}
	admin, err := m.Store.FindAccountByEmail(ctx, demo.Email)
	if err != nil {
		t.Fatal(err)
	}
	actor := service.WithActor(ctx, service.Actor{AccountID: admin.ID})
	for _, email := range []string{"hanako@demo.akashi.example", "taro@demo.akashi.example"} {
		if _, err := m.Service().Award(actor, o.ID, service.AwardInput{BadgeClassID: bs[0].ID, Email: email, Name: "明石　花子"}); err != nil {
			t.Fatal(err)
		}
	}
	// The sequencer integrates the awards' leaves within a second or so.
	deadline := time.Now().Add(15 * time.Second)
	for logSize(t, m.URL) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the awards' leaves were not integrated")
		}
		time.Sleep(100 * time.Millisecond)
	}
	code, out, errs := run(t, "log", "audit", "--state", state, m.URL+"/log/")
	if code != exitOK || !strings.Contains(out, "since   the remembered checkpoint of size 0") || !strings.Contains(out, tlog.KindOB3DI+" 2") {
		t.Fatalf("log audit after two awards = %d\n%s%s", code, out, errs)
	}

	// akashi verify, offline, with the award's receipt and the pinned key.
	dir := t.TempDir()
	save := func(name, url string) string {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s = %d %s", url, resp.StatusCode, b)
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	as, _, _ := m.Store.FindAwards(ctx, store.AwardFilter{OrgID: &o.ID})
	page := m.URL + "/awards/" + as[0].PublicID
	key := save("log.key", m.URL+"/log/key")
	receipt := save("receipt.tlog", page+"/receipt?kind="+tlog.KindOB3DI)
	cred := save("credential.json", page+"/credential.json")
	if code, out, errs := run(t, "verify", "--offline", "--receipt", receipt, "--log-key", key, cred); code != exitOK || !strings.Contains(out, "ok   log") {
		t.Fatalf("verify with the receipt = %d\n%s%s", code, out, errs)
	}
	// One byte of the stored credential changed: what the server serves now
	// is not what was logged.
	db := m.Store.DB()
	if _, err := db.ExecContext(ctx, `UPDATE awards SET credential_di = replace(credential_di, '明石', '明右') WHERE id = ?`, as[0].ID); err != nil {
		t.Fatal(err)
	}
	changed := save("changed.json", page+"/credential.json")
	if code, out, _ := run(t, "verify", "--offline", "--receipt", receipt, "--log-key", key, changed); code != exitFailed || !strings.Contains(out, "FAIL log") {
		t.Errorf("verify of a changed credential with its receipt = %d\n%s", code, out)
	}

	// A leaf dropped from the log: the audit fails.
	if _, err := db.ExecContext(ctx, `DELETE FROM log_leaves WHERE leaf_index = 1`); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "log", "audit", "--state", state, m.URL); code != exitFailed {
		t.Errorf("log audit with a dropped leaf = %d\n%s", code, out)
	}
	// The log rewritten (new leaves, a new tree, signed with the same key):
	// the remembered checkpoint catches it.
	for _, q := range []string{`DELETE FROM log_hashes`, `DELETE FROM log_checkpoints`, `DELETE FROM log_leaves`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var forged []*store.LogLeaf
	for i := range 12 {
		l := tlog.Leaf{Kind: tlog.KindStatusList, CredentialID: fmt.Sprint("urn:forged:", i), IssuerID: "did:example:x"}
		forged = append(forged, &store.LogLeaf{Kind: l.Kind, Data: l.Marshal()})
	}
	if err := m.Store.AppendLogLeaves(ctx, forged); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Service().IntegrateLog(ctx); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "log", "audit", "--state", state, m.URL); code != exitFailed || !strings.Contains(out, "inconsistent") {
		t.Errorf("log audit of a rewritten log = %d\n%s", code, out)
	}
}

func logSize(t *testing.T, base string) int64 {
	t.Helper()
	resp, err := http.Get(base + "/log/checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	text, _, _ := strings.Cut(string(b), "\n\n")
	c, err := tlog.ParseCheckpoint(text + "\n")
	if err != nil {
		t.Fatalf("checkpoint %q: %v", b, err)
	}
	return c.Size
}

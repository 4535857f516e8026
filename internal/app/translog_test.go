// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/akashi-badges/akashi/internal/anchor"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/logaudit"
	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/witness"
)

// TestWitnessedLog runs a server whose log has an in-process witness: a
// checkpoint is published only once the witness cosigned it; an award's
// PDF certificate carries a receipt that the public verifier checks
// (recorded, witnessed by 1 of 1, consistent with the log online); and a
// log rewritten by its operator fails the consistency check.
func TestWitnessedLog(t *testing.T) {
	if _, err := pdfbadge.FindFont(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Japanese font for PDF certificates (fonts-ipaexfont-gothic)")
		}
		t.Skip("no Japanese font for PDF certificates: install fonts-ipaexfont-gothic")
	}
	var wh atomic.Pointer[witness.Server]
	wsrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := wh.Load(); s != nil {
			s.ServeHTTP(w, r)
			return
		}
		http.Error(w, "witness not ready", http.StatusServiceUnavailable)
	}))
	defer wsrv.Close()
	skey, vkey, err := witness.GenerateKey("witness.example.ac.jp")
	if err != nil {
		t.Fatal(err)
	}
	cosigner, _ := witness.NewCosigner(skey)

	m := startWith(t, true, func(m *Main) {
		m.Config.Witnesses = []string{vkey + " " + wsrv.URL}
		m.VerifyFetch = fetch.Options{AllowHTTP: true, AllowPrivate: true}
	})
	ctx := context.Background()
	svc := m.Service()
	logKey, err := svc.LogKey(ctx)
	if err != nil {
		t.Fatal(err)
	}

	a := awardDemo(t, m, "hanako@example.ac.jp", "佐藤 花子")

	// The witness is not ready: the log signs checkpoints, but publishes none.
	if _, err := svc.IntegrateLog(ctx); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, m.URL+"/log/checkpoint"); code != 404 {
		t.Errorf("checkpoint before any witness cosigned = %d %q", code, body)
	}
	if code, _ := get(t, m.URL+"/awards/"+a.PublicID+"/receipt"); code != 404 {
		t.Errorf("receipt before any witness cosigned = %d", code)
	}

	ws, err := witness.NewServer(witness.Config{Cosigner: cosigner, StateDir: t.TempDir(), LogKeys: []string{logKey}})
	if err != nil {
		t.Fatal(err)
	}
	wh.Store(ws)
	// The sequencer asks the witness about once a second.
	var cp string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if code, body := get(t, m.URL+"/log/checkpoint"); code == 200 {
			cp = body
			break
		}
	}
	if _, cs, err := witness.VerifyCosigned([]byte(cp), logKey, []string{vkey}, 1); err != nil || len(cs) != 1 {
		t.Fatalf("published checkpoint %q: %v", cp, err)
	}

	pdf, err := svc.AwardPDF(ctx, a.PublicID, "ja")
	if err != nil {
		t.Fatal(err)
	}
	atts, _, err := pdfbadge.Open(pdf)
	if err != nil || pdfbadge.Receipt(atts) == nil {
		t.Fatalf("the certificate carries no receipt (%v)", err)
	}
	v, err := svc.Verify(ctx, service.VerifyInput{Name: "certificate.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ id, want string }{{"pdf", "pass"}, {"log", "pass"}, {"log-witness", "pass"}, {"log-consistency", "pass"}} {
		if got := status(v.Report, c.id); got != c.want {
			t.Errorf("%s = %s, want %s: %s", c.id, got, c.want, message(v.Report, c.id))
		}
	}
	if !v.Report.Valid || !strings.Contains(message(v.Report, "log-witness"), "1 of 1") {
		t.Errorf("report: %+v", v.Report)
	}

	// The public verifier, given the URL of one of this instance's
	// credentials, finds its receipt itself.
	for _, file := range []string{"credential.json", "credential.jwt", "badge.svg"} {
		v, err := svc.Verify(ctx, service.VerifyInput{URL: m.URL + "/awards/" + a.PublicID + "/" + file})
		if err != nil {
			t.Fatal(err)
		}
		if status(v.Report, "log") != "pass" || status(v.Report, "log-witness") != "pass" || status(v.Report, "log-consistency") != "pass" {
			t.Errorf("%s by URL: log %s, witness %s, consistency %s", file, status(v.Report, "log"), status(v.Report, "log-witness"), status(v.Report, "log-consistency"))
		}
	}

	// The operator rewrites history: every stored hash of the tree is
	// replaced by that of another leaf, and a new checkpoint of a larger
	// tree is signed with the same key and published. The certificate's
	// receipt still verifies on its own, but the log no longer extends it.
	rewriteLog(t, m, svc)
	svc.Verifier = m.newVerifier(svc) // without the cached result
	v, err = svc.Verify(ctx, service.VerifyInput{Name: "certificate.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	if got := status(v.Report, "log-consistency"); got != "fail" || v.Report.Valid {
		t.Errorf("after a rewrite: log-consistency = %s (%s), valid %v", got, message(v.Report, "log-consistency"), v.Report.Valid)
	}
}

// rewriteLog replaces the log's history with another of a larger size,
// signed with the log's key and marked cosigned (a dishonest operator
// serving what it likes).
func rewriteLog(t *testing.T, m *Main, svc *service.Service) {
	t.Helper()
	ctx := context.Background()
	db := m.Store.DB()
	for _, q := range []string{`DELETE FROM log_hashes`, `DELETE FROM log_checkpoints`,
		`UPDATE log_leaves SET leaf_index = NULL`, `UPDATE log_leaves SET data = CAST(data || X'0A' AS BLOB)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	// Two more leaves make the new tree larger than the receipt's.
	if err := m.Store.AppendLogLeaves(ctx, []*store.LogLeaf{{Kind: tlog.KindStatusList, Data: []byte("x\n")}, {Kind: tlog.KindStatusList, Data: []byte("y\n")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.IntegrateLog(ctx); err != nil {
		t.Fatal(err)
	}
	latest, err := m.Store.LatestLogCheckpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Publish it as if witnessed (the witness itself would refuse it).
	if err := m.Store.SetLogCheckpointCosigned(ctx, latest.Size, latest.Note); err != nil {
		t.Fatal(err)
	}
}

func status(r *report.Report, id string) string {
	for _, c := range r.Checks {
		if c.ID == id {
			return string(c.Status)
		}
	}
	return ""
}

func message(r *report.Report, id string) string {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Message
		}
	}
	return ""
}

// TestAnchoredLog anchors the log on go-ethereum's simulated chain: the
// server sends an anchor of its published checkpoint, records its block
// once mined and lists it at /log/anchors; the auditor checks it on the
// chain and against the log, and catches a log rewritten after it.
func TestAnchoredLog(t *testing.T) {
	key, err := anchor.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	sim := simulated.NewBackend(types.GenesisAlloc{ethcrypto.PubkeyToAddress(key.PublicKey): {Balance: eth}})
	defer sim.Close()

	m := startWith(t, true, func(m *Main) {
		m.Config.AnchorInterval = 100 * time.Millisecond
		m.AnchorBackend, m.AnchorKey = sim.Client(), key
		m.anchorCheck = 50 * time.Millisecond
		m.VerifyFetch = fetch.Options{AllowHTTP: true, AllowPrivate: true}
	})
	ctx := context.Background()
	svc := m.Service()
	aw := awardDemo(t, m, "taro@example.ac.jp", "山田 太郎")
	// Mine blocks until an anchor of a tree holding the award is confirmed.
	var list struct {
		Anchors []struct {
			anchor.Record
			Checkpoint string `json:"checkpoint"`
		} `json:"anchors"`
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		sim.Commit()
		code, body := get(t, m.URL+"/log/anchors")
		if code != 200 || json.Unmarshal([]byte(body), &list) != nil {
			t.Fatalf("/log/anchors = %d %s", code, body)
		}
		if len(list.Anchors) > 0 && list.Anchors[0].TreeSize > 0 && list.Anchors[0].Confirmed() {
			break
		}
	}
	if len(list.Anchors) == 0 || !list.Anchors[0].Confirmed() {
		t.Fatalf("no confirmed anchor: %+v", list)
	}
	top := list.Anchors[0]
	res, err := anchor.Verify(ctx, sim.Client(), top.Record, []byte(top.Checkpoint))
	if err != nil || res.BlockTime.IsZero() {
		t.Fatalf("anchor.Verify = %+v, %v", res, err)
	}
	other := strings.Replace(top.Checkpoint, "\n", "\n\n", 1)
	if _, err := anchor.Verify(ctx, sim.Client(), top.Record, []byte(other)); !errors.Is(err, anchor.ErrInvalid) {
		t.Errorf("anchor.Verify of another checkpoint = %v", err)
	}

	audit, err := logaudit.Audit(ctx, nil, m.URL, logaudit.Options{Anchors: sim.Client()})
	if err != nil || !audit.Clean() || len(audit.Anchors) == 0 {
		t.Fatalf("audit = %+v, %v", audit, err)
	}
	// The public verifier, reading the same chain, dates the award's
	// credential by the anchor.
	credURL := m.URL + "/awards/" + aw.PublicID + "/credential.json"
	v, err := svc.Verify(ctx, service.VerifyInput{URL: credURL})
	if err != nil {
		t.Fatal(err)
	}
	if status(v.Report, "log") != "pass" || status(v.Report, "log-anchor") != "pass" {
		t.Errorf("verify by URL: log %s, log-anchor %s (%s)", status(v.Report, "log"), status(v.Report, "log-anchor"), message(v.Report, "log-anchor"))
	}
	// The operator rewrites history: the anchors now contradict the log.
	m.Config.AnchorInterval = time.Hour // no new anchor of the new history
	rewriteLog(t, m, svc)
	audit, err = logaudit.Audit(ctx, nil, m.URL, logaudit.Options{Anchors: sim.Client()})
	if err != nil || !hasFinding(audit, logaudit.CodeAnchorMismatch) {
		t.Errorf("audit of a rewritten log = %+v, %v", audit, err)
	}
}

func hasFinding(r *logaudit.Result, code string) bool {
	if r == nil {
		return false
	}
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// awardDemo awards the demo organisation's badge, as its admin.
func awardDemo(t *testing.T, m *Main, email, name string) *badge.Award {
	t.Helper()
	ctx := context.Background()
	o, _ := m.Store.FindOrganizationBySlug(ctx, demoSlug)
	admin, _ := m.Store.FindAccountByEmail(ctx, demoEmail)
	bs, _, _ := m.Store.FindBadgeClasses(ctx, store.BadgeClassFilter{OrgID: &o.ID})
	res, err := m.Service().Award(service.WithActor(ctx, service.Actor{AccountID: admin.ID}), o.ID,
		service.AwardInput{BadgeClassID: bs[0].ID, Email: email, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return res.Award
}

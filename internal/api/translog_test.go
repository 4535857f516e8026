// SPDX-License-Identifier: Apache-2.0

package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// TestLogReceipt issues an award, integrates the log, fetches the award's
// receipts and the log's public resources, and verifies each credential
// offline with its receipt; a flipped byte of the credential or of the
// receipt is caught.
func TestLogReceipt(t *testing.T) {
	f, tok := newIssuingFixture(t)
	code, body := f.call(t, tok, "POST", "/api/v1/badges", map[string]any{
		"name_ja": "ログ", "name_en": "Log", "description_ja": "記録された。", "criteria_narrative": "合格すること。",
		"image": base64.StdEncoding.EncodeToString(pngImage(t)),
	})
	if code != 201 {
		t.Fatalf("create badge = %d %s", code, body)
	}
	var b badgeJSON
	json.Unmarshal(body, &b)
	code, body = f.call(t, tok, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "hanako@example.ac.jp", "name": "花子"})
	if code != 201 {
		t.Fatalf("award = %d %s", code, body)
	}
	var aw awardJSON
	json.Unmarshal(body, &aw)
	get := func(u string) (int, []byte) {
		req, _ := http.NewRequest("GET", u, nil)
		resp, body := f.do(t, req)
		return resp.StatusCode, body
	}
	if code, body := get(aw.URL + "/receipt"); code != 404 {
		t.Fatalf("receipt before integration = %d %s", code, body)
	}
	ctx := context.Background()
	n, err := f.svc.IntegrateLog(ctx)
	if err != nil || n < 2 {
		t.Fatalf("IntegrateLog = %d, %v", n, err)
	}
	_, key := get(f.srv.URL + "/log/key")
	vkey := strings.TrimSpace(string(key))
	code, cpNote := get(f.srv.URL + "/log/checkpoint")
	cp, err := tlog.OpenCheckpoint(cpNote, vkey)
	if code != 200 || err != nil || cp.Size != int64(n) {
		t.Fatalf("checkpoint = %d %q: %+v %v", code, cpNote, cp, err)
	}
	if code, tile := get(f.srv.URL + "/log/tile/0/000.p/" + itoa(int64(n))); code != 200 || len(tile) != 32*n {
		t.Errorf("hash tile = %d, %d bytes", code, len(tile))
	}
	if code, ent := get(f.srv.URL + "/log/tile/entries/000.p/" + itoa(int64(n))); code != 200 || !strings.Contains(string(ent), "akashi.log/leaf/v1") || strings.Contains(string(ent), "hanako") {
		t.Errorf("entry bundle = %d %q", code, ent)
	}
	if code, _ := get(f.srv.URL + "/log/tile/0/000"); code != 404 {
		t.Errorf("full tile beyond the tree = %d", code)
	}
	v := verifier()
	for _, c := range []struct{ file, kind string }{{"credential.json", "ob3-di"}, {"credential.jwt", "ob3-jwt"}, {"badge.png", ""}} {
		_, cred := get(aw.URL + "/" + c.file)
		code, receipt := get(aw.URL + "/receipt?kind=" + c.kind)
		if code != 200 || !strings.HasPrefix(string(receipt), "c2sp.org/tlog-proof@v1\n") {
			t.Fatalf("receipt %s = %d %s", c.kind, code, receipt)
		}
		rep := v.VerifyWithReceipt(ctx, c.file, cred, receipt, vkey)
		if !rep.Valid || checkStatus(rep, "log") != "pass" {
			t.Errorf("%s with its receipt: %+v", c.file, rep)
		}
		if rep := v.VerifyWithReceipt(ctx, c.file, cred, nil, vkey); checkStatus(rep, "log") != "skip" {
			t.Errorf("%s without a receipt: log = %s", c.file, checkStatus(rep, "log"))
		}
		if c.file == "badge.png" {
			continue
		}
		// One byte of the credential changed: caught by the log check
		// even though the receipt is genuine.
		bad := []byte(strings.Replace(string(cred), "花子", "花男", 1))
		if c.kind == "ob3-jwt" {
			bad = flipJWS(cred)
		}
		rep = v.VerifyWithReceipt(ctx, c.file, bad, receipt, vkey)
		if rep.Valid || checkStatus(rep, "log") != "fail" || !strings.Contains(logMessage(rep), "not the credential that was logged") {
			t.Errorf("%s changed: log = %s %q", c.file, checkStatus(rep, "log"), logMessage(rep))
		}
		// One byte of the receipt's proof changed.
		lines := strings.Split(string(receipt), "\n")
		lines[3] = flipB64(lines[3])
		rep = v.VerifyWithReceipt(ctx, c.file, cred, []byte(strings.Join(lines, "\n")), vkey)
		if rep.Valid || checkStatus(rep, "log") != "fail" {
			t.Errorf("%s with a changed receipt: log = %s %q", c.file, checkStatus(rep, "log"), logMessage(rep))
		}
	}
	// The operator rewrites the stored leaf of the JWT (another digest):
	// the receipt served now no longer matches the credential.
	_, cred := get(aw.URL + "/credential.jwt")
	db := f.svc.Store.DB()
	var id int64
	var data []byte
	if err := db.QueryRow(`SELECT id, data FROM log_leaves WHERE kind = 'ob3-jwt'`).Scan(&id, &data); err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "sha256 ", "sha256 0", 1)[:len(data)-2] + "\n")
	if _, err := db.Exec(`UPDATE log_leaves SET data = ? WHERE id = ?`, data, id); err != nil {
		t.Fatal(err)
	}
	_, receipt := get(aw.URL + "/receipt?kind=ob3-jwt")
	if rep := v.VerifyWithReceipt(ctx, "jwt", cred, receipt, vkey); rep.Valid || checkStatus(rep, "log") != "fail" {
		t.Errorf("rewritten leaf: log = %s %q", checkStatus(rep, "log"), logMessage(rep))
	}
	if code, _ := get(aw.URL + "/receipt?kind=nope"); code != 404 {
		t.Errorf("receipt of an unknown kind = %d", code)
	}
}

func logMessage(rep *report.Report) string {
	for _, c := range rep.Checks {
		if c.ID == "log" {
			return c.Message
		}
	}
	return ""
}

// flipJWS changes one character of a JWT's payload.
func flipJWS(tok []byte) []byte {
	b := []byte(string(tok))
	i := strings.IndexByte(string(b), '.') + 10
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return b
}

// flipB64 changes the first character of a base64 line.
func flipB64(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

// SPDX-License-Identifier: Apache-2.0

package interop

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	d := Dir()
	if d == "" {
		t.Fatal("Dir found no module root")
	}
	if filepath.Base(d) != "interop" {
		t.Fatalf("Dir = %q, want a directory named interop", d)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(d), "go.mod")); err != nil {
		t.Fatalf("no go.mod next to %s: %v", d, err)
	}
	if _, err := os.Stat(filepath.Join(d, "dbvc.mjs")); err != nil {
		t.Fatalf("dbvc.mjs not in %s: %v", d, err)
	}
}

type verifyResult struct {
	Verified bool   `json:"verified"`
	Error    string `json:"error"`
}

const unsignedBadge = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:0b7f3e1c-4b5d-4a7e-9f10-6c2d8e9a1b23",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Go drives node",
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.com/achievements/go-node",
      "type": ["Achievement"],
      "name": "Harness",
      "description": "The harness works from Go.",
      "criteria": {"narrative": "Run it."}
    }
  }
}`

// TestHarness proves the harness works from Go: keygen, sign, verify, and a
// tampered copy that must fail.
func TestHarness(t *testing.T) {
	Require(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "key.json")
	unsigned := filepath.Join(dir, "unsigned.json")
	signed := filepath.Join(dir, "signed.json")
	tampered := filepath.Join(dir, "tampered.json")

	if _, code, err := Run("keygen", key); err != nil || code != ExitOK {
		t.Fatalf("keygen: code %d, err %v", code, err)
	}
	var k struct {
		Type, ID, Controller, PublicKeyMultibase string
	}
	readJSON(t, key, &k)
	if k.Type != "Ed25519" || k.Controller != "did:key:"+k.PublicKeyMultibase || k.ID != k.Controller+"#"+k.PublicKeyMultibase {
		t.Fatalf("unexpected key file %+v", k)
	}

	writeFile(t, unsigned, []byte(unsignedBadge))
	out, code, err := Run("sign", key, unsigned)
	if err != nil || code != ExitOK {
		t.Fatalf("sign: code %d, err %v", code, err)
	}
	var cred map[string]any
	if err := json.Unmarshal(out, &cred); err != nil {
		t.Fatalf("sign output: %v\n%s", err, out)
	}
	proof, _ := cred["proof"].(map[string]any)
	if proof["cryptosuite"] != "eddsa-rdfc-2022" || proof["verificationMethod"] != k.ID || cred["issuer"] != k.Controller {
		t.Fatalf("unexpected signed credential:\n%s", out)
	}
	writeFile(t, signed, out)

	out, code, err = Run("verify", signed)
	if err != nil || code != ExitOK {
		t.Fatalf("verify: code %d, err %v\n%s", code, err, out)
	}
	var res verifyResult
	if err := json.Unmarshal(out, &res); err != nil || !res.Verified {
		t.Fatalf("verify: %v\n%s", err, out)
	}

	writeFile(t, tampered, []byte(strings.Replace(string(mustRead(t, signed)), `"Harness"`, `"Harnesx"`, 1)))
	out, code, err = Run("verify", tampered)
	if err != nil || code != ExitVerify {
		t.Fatalf("verify tampered: code %d (want %d), err %v\n%s", code, ExitVerify, err, out)
	}
	res = verifyResult{}
	if err := json.Unmarshal(out, &res); err != nil || res.Verified || res.Error == "" {
		t.Fatalf("verify tampered: %v\n%s", err, out)
	}

	// VC-JWT round trip.
	jwt := filepath.Join(dir, "cred.jwt")
	out, code, err = Run("jwt-sign", key, unsigned)
	if err != nil || code != ExitOK {
		t.Fatalf("jwt-sign: code %d, err %v", code, err)
	}
	writeFile(t, jwt, out)
	out, code, err = Run("jwt-verify", jwt)
	if err != nil || code != ExitOK {
		t.Fatalf("jwt-verify: code %d, err %v\n%s", code, err, out)
	}
}

// TestSelftest runs the harness's own test suite (npm test), which checks
// it against the W3C and OB 3.0 vectors, so go test ./... covers it too.
func TestSelftest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the node self-test (about 20s); skipped with -short")
	}
	Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "--test", "selftest.mjs")
	cmd.Dir = Dir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node --test selftest.mjs: %v\n%s", err, out)
	}
}

func TestRunUsageError(t *testing.T) {
	Require(t)
	_, code, err := Run("no-such-command")
	if code != ExitUsageErr || err == nil {
		t.Fatalf("code %d, err %v; want exit %d and an error", code, err, ExitUsageErr)
	}
	if !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("error %q does not carry the harness's stderr", err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(mustRead(t, path), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

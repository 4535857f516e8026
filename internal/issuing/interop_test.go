// SPDX-License-Identifier: Apache-2.0

package issuing

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/interop"
	"github.com/akashi-badges/akashi/internal/status"
)

// harnessVerify runs the Digital Bazaar harness on doc and reports whether
// it verified, with the harness's error message.
func harnessVerify(t *testing.T, command, name string, doc []byte, flags ...string) (bool, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, code, err := interop.Run(append(append([]string{command}, flags...), path)...)
	if err != nil {
		t.Fatalf("harness %s %s: %v", command, name, err)
	}
	var res struct {
		Verified bool   `json:"verified"`
		Error    string `json:"error"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("harness %s %s output: %v\n%s", command, name, err, out)
	}
	if res.Verified != (code == interop.ExitOK) {
		t.Fatalf("harness %s %s: verified %v but exit %d", command, name, res.Verified, code)
	}
	return res.Verified, res.Error
}

// TestInteropDigitalBazaar: what Issue and StatusListCredential sign
// verifies in Digital Bazaar's implementation, which shares no code with
// ours, with the issuer bound to the key (credential issuance purpose).
// The harness cannot check credential status (it has no status-list mode),
// so the credential that carries credentialStatus is verified with
// --ignore-status: its proof is checked, its status is not.
func TestInteropDigitalBazaar(t *testing.T) {
	interop.Require(t)
	iss, a := testIssuer(t), testAchievement()

	withStatus := testAward()
	s, err := Issue(nil, iss, a, withStatus, Formats{DataIntegrity: true, JWT: true})
	if err != nil {
		t.Fatal(err)
	}
	if ok, msg := harnessVerify(t, "verify", "di-status.json", s.DataIntegrity, "--ignore-status"); !ok {
		t.Errorf("DI credential with status: not verified: %s", msg)
	}
	if ok, msg := harnessVerify(t, "jwt-verify", "cred.jwt", []byte(s.JWT)); !ok {
		t.Errorf("VC-JWT: not verified: %s", msg)
	}

	noStatus := testAward()
	noStatus.Status = nil
	plain, err := Issue(nil, iss, a, noStatus, Formats{DataIntegrity: true})
	if err != nil {
		t.Fatal(err)
	}
	if ok, msg := harnessVerify(t, "verify", "di.json", plain.DataIntegrity); !ok {
		t.Errorf("DI credential: not verified: %s", msg)
	}
	tampered := strings.Replace(string(plain.DataIntegrity), "山田　太郎", "山田　次郎", 1)
	if tampered == string(plain.DataIntegrity) {
		t.Fatal("tampering changed nothing")
	}
	if ok, _ := harnessVerify(t, "verify", "tampered.json", []byte(tampered)); ok {
		t.Error("tampered DI credential verified in the harness")
	}

	bits := status.New(status.MinBits)
	bits.Set(42, true)
	list, err := StatusListCredential(nil, iss, statusURL, PurposeRevocation, bits, issuedAt)
	if err != nil {
		t.Fatal(err)
	}
	if ok, msg := harnessVerify(t, "verify", "status-list.json", list); !ok {
		t.Errorf("status list credential: not verified: %s", msg)
	}
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/interop"
	"github.com/akashi-badges/akashi/internal/report"
)

// What `akashi sign` emits, Digital Bazaar's stack verifies — and a copy with
// one character changed, it refuses.
func TestInteropOursVerifiedByTheirs(t *testing.T) {
	interop.Require(t)
	dir, _ := workdir(t)
	di := filepath.Join(dir, "signed.di")
	if out, code, err := interop.Run("verify", di); err != nil || code != 0 {
		t.Fatalf("dbvc verify (Data Integrity) = %d, %v: %s", code, err, out)
	}
	jwt := filepath.Join(dir, "signed.jwt")
	if out, code, err := interop.Run("jwt-verify", jwt); err != nil || code != 0 {
		t.Fatalf("dbvc jwt-verify = %d, %v: %s", code, err, out)
	}
	raw, _ := os.ReadFile(di)
	tampered := filepath.Join(dir, "tampered.json")
	os.WriteFile(tampered, bytes.Replace(raw, []byte("Python programming"), []byte("Python programminG"), 1), 0o644)
	if out, code, _ := interop.Run("verify", tampered); code != 1 {
		t.Errorf("dbvc verify (tampered) = %d, want 1: %s", code, out)
	}
	tok, _ := os.ReadFile(jwt)
	parts := strings.Split(strings.TrimSpace(string(tok)), ".")
	sig := []byte(parts[2])
	sig[5] ^= 1 // still base64url: flips between two letters
	os.WriteFile(tampered, []byte(parts[0]+"."+parts[1]+"."+string(sig)), 0o644)
	if out, code, _ := interop.Run("jwt-verify", tampered); code != 1 {
		t.Errorf("dbvc jwt-verify (tampered) = %d, want 1: %s", code, out)
	}
}

// What Digital Bazaar's stack signs, `akashi verify` accepts — and a copy
// with one character changed, it refuses.
func TestInteropTheirsVerifiedByOurs(t *testing.T) {
	interop.Require(t)
	dir, key := workdir(t)
	// Their signer takes the issuer as given: write it in as our key's DID.
	kf, _ := os.ReadFile(key)
	var k struct{ Controller string }
	json.Unmarshal(kf, &k)
	raw, _ := os.ReadFile(unsigned)
	src := filepath.Join(dir, "unsigned-with-issuer.json")
	os.WriteFile(src, bytes.Replace(raw, []byte(`"issuer": {`), []byte(`"issuer": {"id": "`+k.Controller+`",`), 1), 0o644)
	for _, tc := range []struct{ cmd, file, format string }{
		{"sign", "theirs.json", "ob3-di"},
		{"jwt-sign", "theirs.jwt", "ob3-jwt"},
	} {
		out, code, err := interop.Run(tc.cmd, key, src)
		if err != nil || code != 0 {
			t.Fatalf("dbvc %s = %d, %v: %s", tc.cmd, code, err, out)
		}
		p := filepath.Join(dir, tc.file)
		os.WriteFile(p, out, 0o644)
		code, reps := verifyJSON(t, p)
		if code != 0 || !reps[0].Valid || reps[0].Format != tc.format || reps[0].Status("issuer") != report.Pass {
			t.Errorf("akashi verify %s = %d: %+v", tc.file, code, reps)
		}
		var bad []byte
		if tc.format == "ob3-di" {
			bad = bytes.Replace(out, []byte("Final project"), []byte("Final projecT"), 1)
		} else {
			parts := strings.Split(strings.TrimSpace(string(out)), ".")
			payload := []byte(parts[1])
			payload[20] ^= 1
			bad = []byte(parts[0] + "." + string(payload) + "." + parts[2])
		}
		os.WriteFile(p, bad, 0o644)
		if code, reps := verifyJSON(t, p); code != 1 || reps[0].Valid {
			t.Errorf("akashi verify tampered %s = %d: %+v", tc.file, code, reps)
		}
	}
}

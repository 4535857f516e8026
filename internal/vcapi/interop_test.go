// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/akashi-badges/akashi/internal/interop"
)

// Cross-implementation checks with Digital Bazaar's JavaScript stack
// (interop/dbvc.mjs): what the issue endpoint signs verifies there, and
// what it signs — credentials and presentations — verifies here.

func writeJSONFile(t *testing.T, dir, name string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type dbResult struct {
	Verified bool   `json:"verified"`
	Error    string `json:"error"`
}

func dbVerify(t *testing.T, file string) dbResult {
	t.Helper()
	out, code, err := interop.Run("verify", file)
	if err != nil {
		t.Fatalf("dbvc verify: %v", err)
	}
	var r dbResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("dbvc verify output: %v\n%s", err, out)
	}
	if r.Verified != (code == interop.ExitOK) {
		t.Fatalf("dbvc verify: exit %d but verified %v", code, r.Verified)
	}
	return r
}

func TestInteropIssuedVerifiesWithDigitalBazaar(t *testing.T) {
	interop.Require(t)
	f := newFixture(t)
	dir := t.TempDir()
	creds := map[string]map[string]any{
		"vc2":   w3cCredential(),
		"vc11":  vc11Credential(),
		"badge": openBadge(t),
	}
	for name, c := range creds {
		t.Run(name, func(t *testing.T) {
			vc := f.issue(c)
			file := writeJSONFile(t, dir, name+".json", vc)
			if r := dbVerify(t, file); !r.Verified {
				t.Fatalf("Digital Bazaar rejects the issued %s: %s", name, r.Error)
			}
			tampered := clone(t, vc)
			tampered["credentialSubject"].(map[string]any)["id"] = "did:example:someone-else"
			if r := dbVerify(t, writeJSONFile(t, dir, name+"-tampered.json", tampered)); r.Verified {
				t.Fatalf("Digital Bazaar accepts a tampered %s", name)
			}
		})
	}
}

func TestInteropDigitalBazaarSignedVerifiesHere(t *testing.T) {
	interop.Require(t)
	f := newFixture(t)
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "key.json")
	if _, code, err := interop.Run("keygen", keyPath); err != nil || code != interop.ExitOK {
		t.Fatalf("keygen: %d %v", code, err)
	}
	for _, tc := range []struct {
		name, cmd string
		cred      map[string]any
	}{
		{"vc2 eddsa-rdfc-2022", "sign", w3cCredential()},
		{"vc11 eddsa-rdfc-2022", "sign", func() map[string]any {
			c := vc11Credential()
			c["issuanceDate"] = "2020-03-16T22:37:26.544Z"
			return c
		}()},
		{"vc2 Ed25519Signature2020", "sign2020", w3cCredential()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code, err := interop.Run(tc.cmd, keyPath, writeJSONFile(t, dir, "unsigned.json", tc.cred))
			if err != nil || code != interop.ExitOK {
				t.Fatalf("dbvc %s: %d %v", tc.cmd, code, err)
			}
			signed := parseObject(t, out)
			if status, res := f.verify(signed, nil); status != 200 {
				t.Fatalf("Digital Bazaar's credential: %d %v", status, res)
			}
			signed["credentialSubject"].(map[string]any)["id"] = "did:example:changed"
			status, res := f.verify(signed, nil)
			wantFailure(t, "changed", status, res, "proof")
		})
	}
}

// dbSignPresentation signs a presentation with Digital Bazaar's
// vc.signPresentation (DataIntegrityProof, eddsa-rdfc-2022, purpose
// authentication with challenge and domain). node runs in the interop
// directory so that its modules and dbvc.mjs (the offline document
// loader, the key file reader) resolve.
const dbSignPresentation = `
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {parseKey, makeDocumentLoader} from './dbvc.mjs';
const key = await parseKey(JSON.parse(readFileSync(process.env.VP_KEY, 'utf8')));
const presentation = JSON.parse(readFileSync(process.env.VP_FILE, 'utf8'));
const suite = new DataIntegrityProof({signer: key.multikey.signer(), cryptosuite});
const signed = await vc.signPresentation({
  presentation, suite, documentLoader: makeDocumentLoader(),
  challenge: process.env.VP_CHALLENGE, domain: process.env.VP_DOMAIN
});
process.stdout.write(JSON.stringify(signed));
`

func TestInteropPresentationSignedByDigitalBazaar(t *testing.T) {
	interop.Require(t)
	v := newVPFixture(t)
	dir := t.TempDir()
	keyJSON, err := v.holder.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "holder.json")
	if err := os.WriteFile(keyPath, keyJSON, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), interop.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "--input-type=module", "-e", dbSignPresentation)
	cmd.Dir = interop.Dir()
	cmd.Env = append(os.Environ(), "VP_KEY="+keyPath,
		"VP_FILE="+writeJSONFile(t, dir, "vp.json", presentation(v.holder.DID, v.vc)),
		"VP_CHALLENGE="+testChallenge, "VP_DOMAIN="+testDomain)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	vp := parseObject(t, out)
	if p, _ := vp["proof"].(map[string]any); p["proofPurpose"] != "authentication" || p["challenge"] != testChallenge {
		t.Fatalf("unexpected proof from Digital Bazaar: %v", vp["proof"])
	}

	opts := map[string]any{"challenge": testChallenge, "domain": testDomain}
	status, res := v.verifyVP("verifiablePresentation", vp, opts)
	if status != 200 || res["verified"] != true {
		t.Fatalf("Digital Bazaar's presentation: %d %v", status, res)
	}
	status, res = v.verifyVP("verifiablePresentation", vp, map[string]any{"challenge": "another-challenge", "domain": testDomain})
	wantFailure(t, "wrong challenge", status, res, "challenge")
	vp["holder"] = "did:example:impostor"
	status, res = v.verifyVP("verifiablePresentation", vp, opts)
	wantFailure(t, "changed holder", status, res, "proof")
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/report"
)

// run executes one command in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const unsigned = "../../testdata/credentials/achievement-unsigned.json"

// workdir makes a key and a signed credential in both formats.
func workdir(t *testing.T) (dir, keyPath string) {
	t.Helper()
	dir = t.TempDir()
	keyPath = filepath.Join(dir, "key.json")
	code, out, errs := run(t, "keys", "generate", "--out", keyPath)
	if code != 0 || !strings.HasPrefix(out, "did:key:z6Mk") {
		t.Fatalf("keys generate = %d, %q, %q", code, out, errs)
	}
	for _, f := range []string{"di", "jwt"} {
		outPath := filepath.Join(dir, "signed."+f)
		if code, _, errs := run(t, "sign", "--key", keyPath, "--format", f, "--out", outPath, unsigned); code != 0 {
			t.Fatalf("sign --format %s = %d: %s", f, code, errs)
		}
	}
	return dir, keyPath
}

func verifyJSON(t *testing.T, args ...string) (int, []report.Report) {
	t.Helper()
	code, out, errs := run(t, append([]string{"verify", "--json", "--offline"}, args...)...)
	var reps []report.Report
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var r report.Report
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("verify --json output is not JSON: %v\n%s\n%s", err, out, errs)
		}
		reps = append(reps, r)
	}
	return code, reps
}

func TestSignVerifyBothFormats(t *testing.T) {
	dir, _ := workdir(t)
	code, reps := verifyJSON(t, filepath.Join(dir, "signed.di"), filepath.Join(dir, "signed.jwt"))
	if code != 0 || len(reps) != 2 {
		t.Fatalf("verify = %d, %d reports: %+v", code, len(reps), reps)
	}
	for i, want := range []string{"ob3-di", "ob3-jwt"} {
		r := reps[i]
		if !r.Valid || r.Format != want {
			t.Errorf("report %d: valid=%v format=%s, want valid %s: %+v", i, r.Valid, r.Format, want, r.Checks)
		}
		for _, id := range []string{"format", "context", "schema", "proof", "issuer", "validity"} {
			if st := r.Status(id); st != report.Pass {
				t.Errorf("%s: check %s = %q, want pass", want, id, st)
			}
		}
		if st := r.Status("status"); st != report.Skip {
			t.Errorf("%s: status = %q, want skip (no credentialStatus)", want, st)
		}
	}
}

func TestVerifyTampered(t *testing.T) {
	dir, _ := workdir(t)
	di, _ := os.ReadFile(filepath.Join(dir, "signed.di"))
	tampered := bytes.Replace(di, []byte("Final project"), []byte("Final projekt"), 1)
	p := filepath.Join(dir, "tampered.json")
	os.WriteFile(p, tampered, 0o644)
	code, reps := verifyJSON(t, p)
	if code != 1 || reps[0].Valid || reps[0].Status("proof") != report.Fail {
		t.Errorf("tampered DI: code %d, report %+v", code, reps[0])
	}

	jwt, _ := os.ReadFile(filepath.Join(dir, "signed.jwt"))
	parts := strings.Split(strings.TrimSpace(string(jwt)), ".")
	// Flip one character of the payload (keeping it valid base64url).
	b := []byte(parts[1])
	if b[10] == 'A' {
		b[10] = 'B'
	} else {
		b[10] = 'A'
	}
	p = filepath.Join(dir, "tampered.jwt")
	os.WriteFile(p, []byte(parts[0]+"."+string(b)+"."+parts[2]), 0o644)
	code, reps = verifyJSON(t, p)
	if code != 1 || reps[0].Valid {
		t.Errorf("tampered JWT: code %d, report %+v", code, reps[0])
	}
}

func TestVerifyExpiredAndUnknownContext(t *testing.T) {
	dir, key := workdir(t)
	raw, _ := os.ReadFile(unsigned)
	expired := strings.Replace(string(raw), "2031-03-31T23:59:59Z", "2026-04-02T00:00:00Z", 1)
	unknown := strings.Replace(string(raw), `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`,
		`"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://example.org/my-context.json"`, 1)
	for name, tc := range map[string]struct {
		src       string
		signFails bool
		check     string
	}{
		"expired":         {expired, false, "validity"},
		"unknown context": {unknown, true, "context"},
	} {
		in := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		os.WriteFile(in, []byte(tc.src), 0o644)
		out := in + ".signed"
		code, _, errs := run(t, "sign", "--key", key, "--out", out, in)
		if tc.signFails {
			if code == 0 {
				t.Errorf("%s: sign succeeded", name)
			}
			if !strings.Contains(errs, "context") {
				t.Errorf("%s: sign error does not name the context: %q", name, errs)
			}
			// Verify a copy of a valid credential with the context added after signing.
			good, _ := os.ReadFile(filepath.Join(dir, "signed.di"))
			bad := strings.Replace(string(good), `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`,
				`"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://example.org/my-context.json"`, 1)
			os.WriteFile(out, []byte(bad), 0o644)
		} else if code != 0 {
			t.Fatalf("%s: sign = %d: %s", name, code, errs)
		}
		code, reps := verifyJSON(t, out)
		if code != 1 || reps[0].Valid || reps[0].Status(tc.check) != report.Fail {
			t.Errorf("%s: code %d, %s = %q: %+v", name, code, tc.check, reps[0].Status(tc.check), reps[0].Checks)
		}
	}
}

func TestVerifyWrongKey(t *testing.T) {
	dir, _ := workdir(t)
	other := filepath.Join(dir, "other.json")
	run(t, "keys", "generate", "--out", other)
	// The proof claims the other key, but the signature was made with the first.
	good, _ := os.ReadFile(filepath.Join(dir, "signed.di"))
	var doc map[string]any
	json.Unmarshal(good, &doc)
	k2, _ := os.ReadFile(other)
	var kf struct{ ID string }
	json.Unmarshal(k2, &kf)
	doc["proof"].([]any)[0].(map[string]any)["verificationMethod"] = kf.ID
	b, _ := json.Marshal(doc)
	p := filepath.Join(dir, "wrongkey.json")
	os.WriteFile(p, b, 0o644)
	code, reps := verifyJSON(t, p)
	if code != 1 || reps[0].Status("proof") != report.Fail {
		t.Errorf("wrong key: code %d, %+v", code, reps[0].Checks)
	}
}

func TestBakeUnbakeVerify(t *testing.T) {
	dir, _ := workdir(t)
	for _, img := range []string{"../../internal/bake/testdata/badge.png", "../../internal/bake/testdata/badge.svg"} {
		if _, err := os.Stat(img); err != nil {
			t.Fatalf("fixture %s missing: %v", img, err)
		}
		for _, f := range []string{"di", "jwt"} {
			out := filepath.Join(dir, "baked-"+f+filepath.Ext(img))
			if code, _, errs := run(t, "bake", "--image", img, "--credential", filepath.Join(dir, "signed."+f), "--out", out); code != 0 {
				t.Fatalf("bake %s %s = %d: %s", img, f, code, errs)
			}
			code, got, _ := run(t, "unbake", out)
			want, _ := os.ReadFile(filepath.Join(dir, "signed."+f))
			if code != 0 || strings.TrimSpace(got) != strings.TrimSpace(string(want)) {
				t.Errorf("unbake %s = %d, payload differs", out, code)
			}
			code, reps := verifyJSON(t, out)
			if code != 0 || !reps[0].Valid || !strings.Contains(reps[0].Checks[0].Message, "image") {
				t.Errorf("verify %s = %d: %+v", out, code, reps)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"verify"},
		{"verify", "/nonexistent/file.json"},
		{"sign", "x.json"},
		{"keys"},
		{"bake", "--image", "x.png"},
	} {
		code, _, errs := run(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) > 2 || !strings.HasPrefix(lines[0], "akashi: ") {
			t.Errorf("%v: error is not one line plus a hint: %q", args, errs)
		}
	}
}

func TestSignIssuerMismatch(t *testing.T) {
	dir, key := workdir(t)
	raw, _ := os.ReadFile(unsigned)
	in := filepath.Join(dir, "other-issuer.json")
	os.WriteFile(in, []byte(strings.Replace(string(raw), `"issuer": {`, `"issuer": {"id": "did:web:example.org",`, 1)), 0o644)
	code, _, errs := run(t, "sign", "--key", key, in)
	if code == 0 || !strings.Contains(errs, "issuer") || !strings.Contains(errs, "hint:") {
		t.Errorf("sign with another issuer = %d, %q", code, errs)
	}
}

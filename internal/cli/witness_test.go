// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/tlog"
	"github.com/akashi-badges/akashi/internal/witness"
)

// syncBuffer is a buffer a running command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWitnessKeygenServe(t *testing.T) {
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "witness.key")
	code, out, errs := run(t, "witness", "keygen", "--name", "witness.example.org/w1", "--out", keyPath)
	vkey := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(vkey, "witness.example.org/w1+") {
		t.Fatalf("witness keygen = %d, %q, %q", code, out, errs)
	}
	if _, err := witness.NewCosignatureVerifier(vkey); err != nil {
		t.Errorf("keygen printed %q: %v", vkey, err)
	}
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want mode 0600", st, err)
	}
	if code, _, errs := run(t, "witness", "keygen", "--name", "witness.example.org/w1", "--out", keyPath); code != exitUsage || !strings.Contains(errs, "hint:") {
		t.Errorf("keygen over an existing file = %d, %q; want a refusal with a hint", code, errs)
	}

	// A log, as the server runs it: internal/tlog over stored hashes.
	seed := sha256.Sum256([]byte("cli test log"))
	signer, logKey, err := tlog.NewSigner("example.org/log", ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	var hashes []tlog.Hash
	reader := hashReader(func() []tlog.Hash { return hashes })
	for i := range 6 {
		hs, err := tlog.Append(int64(i), []tlog.Hash{tlog.RecordHash([]byte{byte(i)})}, reader)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	root, err := tlog.TreeHash(6, reader)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := tlog.Sign(tlog.Checkpoint{Origin: "example.org/log", Size: 6, Root: root}, signer)
	if err != nil {
		t.Fatal(err)
	}
	logsFile := filepath.Join(dir, "logs.txt")
	os.WriteFile(logsFile, []byte("# the logs this witness follows\n"+logKey+"\n"), 0o600)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"witness", "serve", "--key", keyPath, "--state", filepath.Join(dir, "state"),
			"--listen", "127.0.0.1:0", "--logs", logsFile}, strings.NewReader(""), &stdout, &stderr)
	}()
	url := waitFor(t, &stdout, regexp.MustCompile(`listening on (http://\S+)`), done, &stderr)

	prove := func(old int64) ([]tlog.Hash, error) { return tlog.ProveConsistency(6, old, reader) }
	ws := []witness.Witness{{Name: "w1", URL: url, VerifierKey: vkey}}
	cosigned, got, err := witness.Cosign(ctx, http.DefaultClient, ws, 1, nil, prove, cp)
	if err != nil || got != 1 {
		t.Fatalf("Cosign = %d, %v\n%s", got, err, stderr.String())
	}
	if _, cosigs, err := witness.VerifyCosigned(cosigned, logKey, []string{vkey}, 1); err != nil || len(cosigs) != 1 {
		t.Fatalf("VerifyCosigned = %+v, %v\n%s", cosigs, err, cosigned)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("witness serve exited %d after shutdown: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("witness serve did not stop")
	}
}

func TestWitnessUsage(t *testing.T) {
	for _, args := range [][]string{
		{"witness"},
		{"witness", "keygen", "--out", filepath.Join(t.TempDir(), "k")},
		{"witness", "serve", "--key", "k", "--state", "s"},
	} {
		if code, _, errs := run(t, args...); code != exitUsage || !strings.Contains(errs, "hint:") {
			t.Errorf("%q = %d, %q; want a usage error with a hint", args, code, errs)
		}
	}
	_, vkey, _ := witness.GenerateKey("witness.example.org/w1")
	keyPath := filepath.Join(t.TempDir(), "witness.key")
	if code, _, _ := run(t, "witness", "keygen", "--name", "witness.example.org/w1", "--out", keyPath); code != 0 {
		t.Fatal("keygen failed")
	}
	// A witness key is not a log key.
	code, _, errs := run(t, "witness", "serve", "--key", keyPath, "--state", t.TempDir(), "--log", vkey)
	if code != exitUsage || !strings.Contains(errs, "log key") {
		t.Errorf("serve with a witness key as log key = %d, %q", code, errs)
	}
}

// waitFor polls a running command's output for re until the command
// exits or time runs out, and returns the first submatch.
func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp, done <-chan int, stderr *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("command exited %d: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no %q in output %q", re, out.String())
	return ""
}

// hashReader reads a growing slice of stored hashes.
type hashReader func() []tlog.Hash

func (r hashReader) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	hs := r()
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = hs[x]
	}
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0

// Package interop drives the node interop harness (interop/dbvc.mjs at the
// module root), which signs and verifies credentials with Digital Bazaar's
// JavaScript stack, an implementation independent of Akashi's engine.
//
// It is meant for tests only. Tests that need the harness call Require,
// which skips when node or interop/node_modules is missing, except under
// CI=true, where a missing harness is a failure ("CI must not skip").
package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Timeout bounds a single Run.
const Timeout = 2 * time.Minute

// Exit codes of dbvc.mjs.
const (
	ExitOK       = 0 // success
	ExitVerify   = 1 // verification failed
	ExitUsageErr = 2 // usage or input error
)

var (
	dirOnce sync.Once
	dir     string
	dirErr  error
)

// Dir returns the interop directory: "interop" next to go.mod, found by
// walking up from the current directory (the package directory under go
// test). It returns "" when no module root is found.
func Dir() string {
	dirOnce.Do(func() { dir, dirErr = findDir() })
	return dir
}

func findDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return filepath.Join(d, "interop"), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
		d = parent
	}
}

// Available reports whether node and interop/node_modules are present; when
// not, reason says why.
func Available() (ok bool, reason string) {
	d := Dir()
	if d == "" {
		return false, fmt.Sprintf("interop directory not found: %v", dirErr)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return false, "node is not installed (needed for the Digital Bazaar interop harness)"
	}
	if _, err := os.Stat(filepath.Join(d, "dbvc.mjs")); err != nil {
		return false, fmt.Sprintf("%s is missing", filepath.Join(d, "dbvc.mjs"))
	}
	for _, pkg := range []string{"@digitalbazaar/vc", "@digitalbazaar/eddsa-rdfc-2022-cryptosuite", "jose"} {
		if _, err := os.Stat(filepath.Join(d, "node_modules", filepath.FromSlash(pkg), "package.json")); err != nil {
			return false, fmt.Sprintf("%s is not installed; run `npm ci` in %s", pkg, d)
		}
	}
	return true, ""
}

// Require skips tb when the harness is unavailable, or fails it when the
// environment variable CI is "true".
func Require(tb testing.TB) {
	tb.Helper()
	ok, reason := Available()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("interop harness unavailable: %s (CI must not skip)", reason)
	}
	tb.Skipf("interop harness unavailable: %s", reason)
}

// Run runs `node dbvc.mjs args...` in Dir with a timeout and returns its
// standard output and exit code. Relative file arguments are resolved
// against Dir, so pass absolute paths (t.TempDir() gives one).
//
// err is nil when the harness ran and answered with exit code 0 (success)
// or 1 (verification failed); otherwise (cannot start, timeout, usage or
// input error) it describes the problem, including the harness's stderr.
func Run(args ...string) (stdout []byte, exitCode int, err error) {
	d := Dir()
	if d == "" {
		return nil, -1, fmt.Errorf("interop: directory not found: %v", dirErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{"dbvc.mjs"}, args...)...)
	cmd.Dir = d
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	runErr := cmd.Run()
	stdout = out.Bytes()
	name := "dbvc"
	if len(args) > 0 {
		name += " " + args[0]
	}
	stderr := strings.TrimSpace(errOut.String())
	if ctx.Err() != nil {
		return stdout, -1, fmt.Errorf("interop: %s: timed out after %v: %s", name, Timeout, stderr)
	}
	var exitErr *exec.ExitError
	switch {
	case runErr == nil:
		return stdout, ExitOK, nil
	case errors.As(runErr, &exitErr):
		code := exitErr.ExitCode()
		if code == ExitVerify {
			return stdout, code, nil
		}
		return stdout, code, fmt.Errorf("interop: %s: exit %d: %s", name, code, stderr)
	default:
		return stdout, -1, fmt.Errorf("interop: %s: %w", name, runErr)
	}
}

// SPDX-License-Identifier: Apache-2.0

// Package pgtest runs a throw-away PostgreSQL cluster for tests.
//
// The first call to [Start] in a test binary initialises a cluster in a
// temporary directory (initdb; on Linux in /dev/shm when it has room) and
// starts a postgres server on a free port of 127.0.0.1, with its unix
// socket in that directory and fsync off, in about a second. Every call
// then creates a fresh database (CREATE DATABASE t_N), dropped when the
// test ends, and returns its URL. Call [Main] from TestMain so that the
// server is stopped and its directory removed when the tests end:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// PostgreSQL refuses to run as root; when the tests run as root the
// cluster runs as the "postgres" OS user. The binaries are looked up on
// PATH, then in Debian's /usr/lib/postgresql/VERSION/bin. When they are
// missing the test is skipped, except with CI=true in the environment,
// where it fails: CI must run the PostgreSQL tests.
package pgtest

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

var (
	once    sync.Once
	running *server
	skipMsg string // why the tests cannot run here
	failErr error  // why starting failed
	dbSeq   atomic.Int64
)

// Start returns the URL of a new, empty database on the test binary's
// PostgreSQL server, starting the server on first use. It skips t when
// PostgreSQL is not installed (fails it when CI=true) and fails t when the
// server cannot start.
func Start(t testing.TB) (url string) {
	t.Helper()
	once.Do(func() { running, skipMsg, failErr = start() })
	if !usable(t, skipMsg, failErr, os.Getenv("CI") == "true") {
		return ""
	}
	name := fmt.Sprintf("t_%d", dbSeq.Add(1))
	if _, err := running.admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	// Dropped at the end of the test (after the cleanups the test registers
	// later, such as closing its store), so the cluster stays small.
	t.Cleanup(func() {
		if _, err := running.admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return running.url(name)
}

// usable skips t (fails it on CI) when PostgreSQL is not installed, fails
// it when the server did not start, and reports whether the server can be
// used.
func usable(t testing.TB, skip string, err error, ci bool) bool {
	t.Helper()
	switch {
	case skip != "" && ci:
		t.Fatalf("pgtest: %s; CI must not skip the PostgreSQL tests", skip)
	case skip != "":
		t.Skipf("pgtest: %s", skip)
	case err != nil:
		t.Fatalf("pgtest: %v", err)
	default:
		return true
	}
	return false
}

// Main runs the tests, stops the server if one was started, and exits.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the server and removes its directory. Start cannot be used
// afterwards. Main calls it.
func Stop() {
	once.Do(func() { skipMsg = "stopped" })
	if running != nil {
		running.stop()
	}
}

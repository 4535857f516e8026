// SPDX-License-Identifier: Apache-2.0

package pgtest_test

import (
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Each Start gives a separate, empty, working database.
func TestStartGivesFreshDatabases(t *testing.T) {
	url1, url2 := pgtest.Start(t), pgtest.Start(t)
	if url1 == url2 {
		t.Fatalf("Start twice = %q both times, want two databases", url1)
	}
	db1 := open(t, url1)
	if _, err := db1.Exec(`CREATE TABLE x (id INT)`); err != nil {
		t.Fatalf("CREATE TABLE in first database: %v", err)
	}
	var n int
	err := open(t, url2).QueryRow(`SELECT COUNT(*) FROM pg_tables WHERE tablename = 'x'`).Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("table x in second database: count %d, err %v; want 0, nil", n, err)
	}
}

// The server is PostgreSQL 15 or newer and runs without fsync.
func TestServerSettings(t *testing.T) {
	db := open(t, pgtest.Start(t))
	var num int
	var fsync string
	if err := db.QueryRow(`SELECT current_setting('server_version_num')::int, current_setting('fsync')`).Scan(&num, &fsync); err != nil {
		t.Fatal(err)
	}
	if num < 150000 || fsync != "off" {
		t.Errorf("server_version_num %d, fsync %s; want >= 150000, off", num, fsync)
	}
}

func open(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

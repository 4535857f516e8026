// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Both dialects have the same migrations: same numbers, same names.
func TestMigrationsMatch(t *testing.T) {
	lite, err := migrations(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrations(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("%d SQLite and %d PostgreSQL migrations, want the same, non-zero", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].version != i+1 || lite[i].version != pg[i].version || lite[i].name != pg[i].name {
			t.Errorf("migration %d: SQLite %d_%s, PostgreSQL %d_%s; want the same number and name",
				i, lite[i].version, lite[i].name, pg[i].version, pg[i].name)
		}
	}
	if v, err := LatestVersion(Postgres); v != len(pg) || err != nil {
		t.Errorf("LatestVersion = %d, %v; want %d", v, err, len(pg))
	}
}

func TestReadMigrationNames(t *testing.T) {
	for _, bad := range []string{"migrations/sqlite/1_x.sql", "migrations/sqlite/0001x.sql", "migrations/sqlite/abcd_x.sql"} {
		if _, err := readMigration(bad); err == nil {
			t.Errorf("readMigration(%q) accepted a bad name", bad)
		}
	}
}

func TestRebind(t *testing.T) {
	q := `SELECT a FROM t WHERE b = ? AND c = '?' AND d IN (?, ?)`
	if got := dialects[SQLite].rebind(q); got != q {
		t.Errorf("SQLite rebind = %q, want it unchanged", got)
	}
	want := `SELECT a FROM t WHERE b = $1 AND c = '?' AND d IN ($2, $3)`
	if got := dialects[Postgres].rebind(q); got != want {
		t.Errorf("PostgreSQL rebind = %q, want %q", got, want)
	}
}

func TestTimeArgs(t *testing.T) {
	in := time.Date(2030, 1, 2, 12, 0, 0, 123456789, time.FixedZone("JST", 9*3600))
	if got, want := dialects[SQLite].ts(in), in.UnixMicro(); got != want {
		t.Errorf("SQLite ts = %v, want %v", got, want)
	}
	got, ok := dialects[Postgres].ts(in).(time.Time)
	if want := time.Date(2030, 1, 2, 3, 0, 0, 123456000, time.UTC); !ok || !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("PostgreSQL ts = %v, want %v", got, want)
	}
	if dialects[SQLite].nullTS(nil) != nil {
		t.Error("nullTS(nil) is not NULL")
	}
	var back time.Time
	if err := (timeDest{&back}).Scan(in.UnixMicro()); err != nil || !back.Equal(in.Truncate(time.Microsecond)) {
		t.Errorf("timeDest.Scan(micros) = %v, %v; want %v", back, err, in)
	}
}

func TestPageSQL(t *testing.T) {
	base := []any{"x"}
	tests := []struct {
		p     store.Page
		limit string
		args  []any
	}{
		{store.Page{}, "", []any{"x"}},
		{store.Page{Limit: 10}, " LIMIT ? OFFSET ?", []any{"x", int64(10), int64(0)}},
		{store.Page{Offset: 5}, " LIMIT ? OFFSET ?", []any{"x", int64(1<<63 - 1), int64(5)}},
		{store.Page{Limit: -1, Offset: -1}, "", []any{"x"}},
	}
	for _, tc := range tests {
		limit, args := pageSQL(tc.p, base)
		if limit != tc.limit || !reflect.DeepEqual(args, tc.args) {
			t.Errorf("pageSQL(%+v) = %q, %v; want %q, %v", tc.p, limit, args, tc.limit, tc.args)
		}
	}
	if len(base) != 1 {
		t.Errorf("pageSQL changed its argument slice: %v", base)
	}
}

func TestScopes(t *testing.T) {
	var got []string
	if err := (scopesDest{&got}).Scan("a  b c"); err != nil || !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("scopesDest.Scan = %v, %v", got, err)
	}
	if err := (scopesDest{&got}).Scan(""); err != nil || len(got) != 0 {
		t.Errorf("scopesDest.Scan(\"\") = %v, %v; want none", got, err)
	}
	if s := joinScopes([]string{"a", "b"}); s != "a b" {
		t.Errorf("joinScopes = %q", s)
	}
}

// The issuing migration spells out badge.StatusListSize (migrations never
// import today's types); the partial index must match openList exactly.
func TestStatusListSizeInMigrations(t *testing.T) {
	for _, d := range []string{SQLite, Postgres} {
		m, err := readMigration("migrations/" + d + "/0004_issuing.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"WHERE " + openList + ";",
			fmt.Sprintf("CHECK (next_index BETWEEN 0 AND %d)", badge.StatusListSize),
			fmt.Sprintf("CHECK (status_index BETWEEN 0 AND %d)", badge.StatusListSize-1),
		} {
			if !strings.Contains(m.sql, want) {
				t.Errorf("%s 0004_issuing.sql lacks %q", d, want)
			}
		}
	}
}

func TestJSONText(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{[]string(nil), "null"},
		{[]string{}, "[]"},
		{[]string{"a & b", "<タグ>"}, `["a & b","<タグ>"]`},
	} {
		if got := jsonText(tc.in); got != tc.want {
			t.Errorf("jsonText(%#v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestContains(t *testing.T) {
	var w where
	w.contains(`50%_a\b`, "x", "y")
	want := `(lower(x) LIKE lower(?) ESCAPE '\' OR lower(y) LIKE lower(?) ESCAPE '\')`
	if w.sql() != " WHERE "+want || !reflect.DeepEqual(w.args, []any{`%50\%\_a\\b%`, `%50\%\_a\\b%`}) {
		t.Errorf("contains = %q %q, want %q", w.sql(), w.args, want)
	}
}

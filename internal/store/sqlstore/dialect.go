// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"strconv"
	"strings"
	"time"
)

// dialect is everything the SQL of this package does differently per
// database. Keep it this small.
type dialect struct {
	name string
	// dollar rewrites "?" placeholders as $1, $2, … (PostgreSQL).
	dollar bool
	// unixMicro stores times as INTEGER microseconds since the epoch (SQLite,
	// which has no time type; integers compare and sort correctly);
	// otherwise times are passed as time.Time for timestamptz.
	unixMicro bool
	// versionTable creates the schema_migrations table.
	versionTable string
	// lock and unlock, if set, serialise migrations across processes.
	lock, unlock string
}

var dialects = map[string]*dialect{
	SQLite: {
		name:      SQLite,
		unixMicro: true,
		versionTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
	},
	Postgres: {
		name:   Postgres,
		dollar: true,
		versionTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
		// Several `akashi serve` nodes may start at once on one database.
		lock:   `SELECT pg_advisory_lock(7242051700)`,
		unlock: `SELECT pg_advisory_unlock(7242051700)`,
	},
}

// rebind rewrites the "?" placeholders of q for the dialect. Question marks
// inside single-quoted literals are left alone.
func (d *dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		switch ch := q[i]; {
		case ch == '\'':
			quoted = !quoted
			b.WriteByte(ch)
		case ch == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// ts returns the argument that stores t.
func (d *dialect) ts(t time.Time) any {
	t = norm(t)
	if d.unixMicro {
		return t.UnixMicro()
	}
	return t
}

// nullTS returns the argument that stores t, NULL for nil.
func (d *dialect) nullTS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return d.ts(*t)
}

// norm returns t as it comes back from the database: UTC, whole
// microseconds (PostgreSQL's precision), no monotonic reading.
func norm(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// normPtr is norm for optional times.
func normPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := norm(*t)
	return &n
}

// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface {
	Scan(dest ...any) error
}

// timeDest scans a time stored by either dialect: INTEGER microseconds
// (SQLite) or a timestamptz (PostgreSQL).
type timeDest struct{ p *time.Time }

// Scan implements [sql.Scanner].
func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*d.p = time.UnixMicro(v).UTC()
	case time.Time:
		*d.p = norm(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a time", src)
	}
	return nil
}

// nullTimeDest is timeDest for a nullable column; NULL scans as nil.
type nullTimeDest struct{ p **time.Time }

// Scan implements [sql.Scanner].
func (d nullTimeDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	var t time.Time
	if err := (timeDest{&t}).Scan(src); err != nil {
		return err
	}
	*d.p = &t
	return nil
}

// idDest scans a nullable reference; NULL scans as 0.
type idDest struct{ p *int64 }

// Scan implements [sql.Scanner].
func (d idDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = 0
	case int64:
		*d.p = v
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into an id", src)
	}
	return nil
}

// nullID stores the reference id, NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// scopesDest scans space-separated OAuth scopes.
type scopesDest struct{ p *[]string }

// Scan implements [sql.Scanner].
func (d scopesDest) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into scopes", src)
	}
	*d.p = strings.Fields(s)
	return nil
}

// joinScopes stores scopes the OAuth way, space-separated.
func joinScopes(s []string) string { return strings.Join(s, " ") }

// jsonText is the JSON of v as stored in a TEXT column: nil slices as
// null and empty ones as [], so they read back the same, and &, < and >
// unescaped, so that a LIKE search finds them.
func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain slices and structs: cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonDest scans what [jsonText] stored into p, a pointer.
type jsonDest struct{ p any }

// Scan implements [sql.Scanner].
func (d jsonDest) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into JSON", src)
	}
	if err := json.Unmarshal(b, d.p); err != nil {
		return fmt.Errorf("sqlstore: stored JSON: %w", err)
	}
	return nil
}

// nullText stores a document (JSON, a JWS) in a TEXT column, NULL when
// empty; it scans back into a []byte as nil.
func nullText(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// nilIfEmpty returns b, or nil when empty: the value read back after
// storing it with [nullText] or [nullBytes].
func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// nullBytes stores b in a BLOB column, NULL when empty.
func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"math"
	"strings"

	"github.com/akashi-badges/akashi/internal/store"
)

// where collects the conditions of a filter, joined with AND.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// nullable adds "col = id", or "col IS NULL" for id 0.
func (w *where) nullable(col string, id int64) {
	if id == 0 {
		w.add(col + " IS NULL")
		return
	}
	w.add(col+" = ?", id)
}

// isNull adds "col IS NULL" if null, else "col IS NOT NULL".
func (w *where) isNull(col string, null bool) {
	if null {
		w.add(col + " IS NULL")
		return
	}
	w.add(col + " IS NOT NULL")
}

// contains adds a case-insensitive substring match of q against any of
// cols. lower() on both sides rather than ILIKE, so that the SQL is the same
// on both databases (SQLite's lower() folds ASCII only, PostgreSQL's all
// of Unicode); % and _ in q match themselves.
func (w *where) contains(q string, cols ...string) {
	pattern := "%" + likeEscaper.Replace(q) + "%"
	terms := make([]string, len(cols))
	for i, col := range cols {
		terms[i] = "lower(" + col + `) LIKE lower(?) ESCAPE '\'`
		w.args = append(w.args, pattern)
	}
	w.conds = append(w.conds, "("+strings.Join(terms, " OR ")+")")
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// listQuery is the fixed part of a Find query.
type listQuery struct {
	cols  string // column list
	from  string // table or join
	order string // ORDER BY terms
}

// findPage runs a Find: the page of rows p asks for and the total count.
func findPage[T any](ctx context.Context, c *conn, lq listQuery, w *where, p store.Page, scan func(scanner) (T, error)) ([]T, int, error) {
	var total int
	if err := c.row(ctx, "SELECT COUNT(*) FROM "+lq.from+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, args := pageSQL(p, w.args)
	q := "SELECT " + lq.cols + " FROM " + lq.from + w.sql() + " ORDER BY " + lq.order + limit
	items, err := list(ctx, c, q, args, scan)
	return items, total, err
}

// pageSQL returns the LIMIT clause for p and args extended with its values.
func pageSQL(p store.Page, args []any) (string, []any) {
	if p.Limit <= 0 && p.Offset <= 0 {
		return "", args
	}
	limit := int64(p.Limit)
	if limit <= 0 {
		limit = math.MaxInt64 // both dialects need a LIMIT before OFFSET
	}
	out := append(append([]any(nil), args...), limit, int64(max(p.Offset, 0)))
	return " LIMIT ? OFFSET ?", out
}

// list runs q and scans every row.
func list[T any](ctx context.Context, c *conn, q string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, c.err(err)
		}
		out = append(out, v)
	}
	return out, c.err(rows.Err())
}

// assignments collects the "col = ?" terms of an UPDATE that sets only
// the fields a caller changes.
type assignments struct {
	terms []string
	args  []any
}

func (a *assignments) add(col string, arg any) {
	a.terms = append(a.terms, col+" = ?")
	a.args = append(a.args, arg)
}

func (a *assignments) sql() string { return strings.Join(a.terms, ", ") }

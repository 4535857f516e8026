// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn carries out the store methods on either the pool or a transaction.
// All the aggregate methods are defined on it, once.
type conn struct {
	q      querier
	pool   *sql.DB // set outside a transaction
	tx     *sql.Tx // set inside one
	d      *dialect
	mapErr func(error) error
	now    func() time.Time
}

// clock returns the current time as stored: UTC, microseconds.
func (c *conn) clock() time.Time { return norm(c.now()) }

// err maps a database/sql or driver error to the store sentinels.
func (c *conn) err(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return store.ErrNotFound
	}
	return c.mapErr(err)
}

func (c *conn) exec(ctx context.Context, query string, args ...any) (int, error) {
	res, err := c.q.ExecContext(ctx, c.d.rebind(query), args...)
	if err != nil {
		return 0, c.err(err)
	}
	n, err := res.RowsAffected()
	return int(n), c.err(err)
}

// execOne runs a statement that must change one row; none is ErrNotFound.
func (c *conn) execOne(ctx context.Context, query string, args ...any) error {
	n, err := c.exec(ctx, query, args...)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return err
}

func (c *conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := c.q.QueryContext(ctx, c.d.rebind(query), args...)
	return rows, c.err(err)
}

// row runs a query expected to return one row; its Scan maps errors.
func (c *conn) row(ctx context.Context, query string, args ...any) scanner {
	return mappedRow{r: c.q.QueryRowContext(ctx, c.d.rebind(query), args...), c: c}
}

type mappedRow struct {
	r *sql.Row
	c *conn
}

// Scan is [sql.Row.Scan] with the error mapped.
func (m mappedRow) Scan(dest ...any) error { return m.c.err(m.r.Scan(dest...)) }

// atomic runs fn in the current transaction, or in a new one.
func (c *conn) atomic(ctx context.Context, fn func(c *conn) error) error {
	if c.tx != nil {
		return fn(c)
	}
	return c.readWrite(ctx, fn)
}

// readWrite runs fn in a new transaction, committed only if fn returns nil.
func (c *conn) readWrite(ctx context.Context, fn func(c *conn) error) error {
	tx, err := c.pool.BeginTx(ctx, nil)
	if err != nil {
		return c.err(err)
	}
	done := false
	defer func() {
		if !done {
			_ = tx.Rollback() // the error that got us here matters more
		}
	}()
	in := *c
	in.q, in.tx, in.pool = &stmtCache{tx: tx}, tx, nil
	if err := fn(&in); err != nil {
		return err
	}
	done = true
	return c.err(tx.Commit())
}

// stmtCache runs a transaction's queries through statements prepared once
// per transaction. A bulk award runs the same few statements hundreds of
// times in one transaction, and parsing the SQL each time (which
// database/sql does for every unprepared query) cost more than running it.
// Statements prepared on a transaction close with it.
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func (s *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.m[query]; ok {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.m == nil {
		s.m = make(map[string]*sql.Stmt)
	}
	s.m[query] = st
	return st, nil
}

func (s *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (s *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext prepares like the others; a preparation error surfaces
// from Scan, through a query that fails the same way.
func (s *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return s.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// poolStmts runs queries outside a transaction through statements prepared
// once on the pool (database/sql prepares them again on each connection as
// needed), for the same reason as stmtCache: parsing the SQL cost more than
// running it. Only the first maxPoolStmts distinct queries are kept, so
// that queries built with a varying shape cannot grow it without bound.
type poolStmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const maxPoolStmts = 512

func (p *poolStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.m[query]; ok {
		return st
	}
	if len(p.m) >= maxPoolStmts {
		return nil
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query itself reports the error
	}
	if p.m == nil {
		p.m = make(map[string]*sql.Stmt)
	}
	p.m[query] = st
	return st
}

func (p *poolStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.db.ExecContext(ctx, query, args...)
}

func (p *poolStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, query, args...)
}

func (p *poolStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"strconv"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Person is how an account is shown to fellow staff: in the audit log,
// say, where ids would mean nothing.
type Person struct {
	ID    int64
	Name  string // may be empty
	Email string
}

// AuditRecord is an audit entry with the accounts it names, for display.
type AuditRecord struct {
	*badge.AuditEntry
	// Actor is who acted; nil for the system, or an account since deleted.
	Actor *Person
	// Target is the account acted on, when TargetType is "account" and the
	// account still exists.
	Target *Person
}

// auditRecords looks up the accounts es name, each once.
func (s *Service) auditRecords(ctx context.Context, es []*badge.AuditEntry) ([]*AuditRecord, error) {
	people := map[int64]*Person{}
	person := func(id int64) (*Person, error) {
		if id <= 0 {
			return nil, nil
		}
		if p, ok := people[id]; ok {
			return p, nil
		}
		a, err := s.Store.FindAccountByID(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		var p *Person
		if err == nil {
			p = &Person{ID: a.ID, Name: a.Name, Email: a.Email}
		}
		people[id] = p
		return p, nil
	}
	recs := make([]*AuditRecord, len(es))
	for i, e := range es {
		r := &AuditRecord{AuditEntry: e}
		var err error
		if r.Actor, err = person(e.ActorID); err != nil {
			return nil, err
		}
		if e.TargetType == "account" {
			if id, perr := strconv.ParseInt(e.TargetID, 10, 64); perr == nil {
				if r.Target, err = person(id); err != nil {
					return nil, err
				}
			}
		}
		recs[i] = r
	}
	return recs, nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// Demo is what `serve --demo` seeded.
type Demo struct {
	OrgSlug         string
	Email, Password string
}

// The demo's sign-in. It is printed on every start, so it must be fixed; it
// only ever exists on an instance started with --demo.
const (
	demoEmail    = "admin@demo.akashi.example"
	demoPassword = "akashi-demo-2026"
	demoSlug     = "demo-university"
)

// SeedDemo creates the demo organisation and its admin, once: on later
// starts it finds them and changes nothing. The admin is an instance
// administrator, so that the mail of sign-ups (confirmation links) can be
// read in the console of a demo without a mail server; a demo seeded by an
// older version is brought up to that.
func (m *Main) SeedDemo(ctx context.Context) (*Demo, error) {
	d := &Demo{OrgSlug: demoSlug, Email: demoEmail, Password: demoPassword}
	if _, err := m.Store.FindOrganizationBySlug(ctx, demoSlug); err == nil {
		a, err := m.Store.FindAccountByEmail(ctx, demoEmail)
		if err == nil && !a.InstanceAdmin {
			yes := true
			_, err = m.Store.UpdateAccount(ctx, a.ID, store.AccountUpdate{InstanceAdmin: &yes})
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("app: the demo admin: %w", err)
		}
		return d, nil
	}
	_, err := m.Service().Bootstrap(ctx, service.BootstrapInput{
		OrgName: "明石デモ大学 / Akashi Demo University", OrgSlug: demoSlug,
		AdminEmail: demoEmail, AdminName: "デモ管理者 / Demo Admin", AdminPassword: demoPassword,
		Locale: badge.LocaleJA, ClientName: "demo",
	})
	if err != nil {
		return nil, fmt.Errorf("app: seeding the demo: %w", err)
	}
	m.Logger.Info("demo seeded", "org", demoSlug, "admin", demoEmail)
	return d, nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	_ "embed"
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

//go:embed demo-badge.svg
var demoBadgeSVG []byte

// demoBadge is the badge a new user finds in the demo, ready to award.
func demoBadge() service.BadgeInput {
	return service.BadgeInput{
		NameJA: "オープンバッジ入門", NameEN: "Introduction to Open Badges",
		DescriptionJA:     "オープンバッジの仕組み（発行・受け取り・検証）を理解したことを証明します。",
		DescriptionEN:     "Shows an understanding of how open badges are issued, received and verified.",
		CriteriaNarrative: "デモ大学のオープンバッジ入門講座を修了すること。/ Complete the demo university's introduction to open badges.",
		Tags:              []string{"デモ", "demo"}, Image: demoBadgeSVG,
	}
}

// SeedDemo creates the demo organisation, its admin and a badge, once: on later
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
	boot, err := m.Service().Bootstrap(ctx, service.BootstrapInput{
		OrgName: "明石デモ大学 / Akashi Demo University", OrgSlug: demoSlug,
		AdminEmail: demoEmail, AdminName: "デモ管理者 / Demo Admin", AdminPassword: demoPassword,
		Locale: badge.LocaleJA, ClientName: "demo",
	})
	if err != nil {
		return nil, fmt.Errorf("app: seeding the demo: %w", err)
	}
	admin := service.WithActor(ctx, service.Actor{AccountID: boot.AdminID})
	if _, err := m.Service().CreateBadgeClass(admin, boot.OrgID, demoBadge()); err != nil {
		return nil, fmt.Errorf("app: seeding the demo badge: %w", err)
	}
	m.Logger.Info("demo seeded", "org", demoSlug, "admin", demoEmail)
	return d, nil
}

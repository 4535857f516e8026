// SPDX-License-Identifier: Apache-2.0

package badge

import "testing"

func TestRoleAtLeast(t *testing.T) {
	order := []Role{RoleViewer, RoleIssuer, RoleAdmin, RoleOwner}
	for i, r := range order {
		if !r.Valid() {
			t.Errorf("%s.Valid() = false", r)
		}
		for j, other := range order {
			if got, want := r.AtLeast(other), i >= j; got != want {
				t.Errorf("%s.AtLeast(%s) = %v, want %v", r, other, got, want)
			}
		}
		if r.AtLeast("") || Role("root").AtLeast(r) {
			t.Errorf("an invalid role compares with %s", r)
		}
	}
	if Role("Owner").Valid() || Role("").Valid() {
		t.Error("Valid accepts a role that is not one of the four")
	}
}

// SPDX-License-Identifier: Apache-2.0

package badge

// Role is what a member may do in an organisation. Each role includes the
// rights of the ones below it: owner > admin > issuer > viewer.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"  // everything, including deleting the organisation and managing owners
	RoleAdmin  Role = "admin"  // members, settings, keys, API clients
	RoleIssuer Role = "issuer" // badges and awards
	RoleViewer Role = "viewer" // read only
)

func (r Role) rank() int {
	switch r {
	case RoleOwner:
		return 4
	case RoleAdmin:
		return 3
	case RoleIssuer:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r grants every right of other. An invalid role
// grants nothing, and nothing is at least an invalid role.
func (r Role) AtLeast(other Role) bool {
	return r.Valid() && other.Valid() && r.rank() >= other.rank()
}

func role(field string, r Role) error {
	if !r.Valid() {
		return Invalid(field, KeyRole, field+" must be owner, admin, issuer or viewer.")
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package mail

import "time"

// The data types below are what each [Kind] expects from [Render]. Render
// takes any value with the same fields (a map works too), and fails when one
// is missing. Times are shown in their own location, so pass them in the
// recipient's zone (Asia/Tokyo for most users).

// VerifyEmailData is the data for [KindVerifyEmail].
type VerifyEmailData struct {
	SiteName string    // name of this Akashi installation, e.g. "千葉大学 オープンバッジ"
	Name     string    // account holder; may be empty
	URL      string    // the verification link
	Expires  time.Time // when the link stops working
}

// ResetPasswordData is the data for [KindResetPassword].
type ResetPasswordData struct {
	SiteName string
	Name     string // account holder; may be empty
	URL      string // the reset link
	Expires  time.Time
}

// InvitationData is the data for [KindInvitation].
type InvitationData struct {
	SiteName    string
	OrgName     string // the organisation the invitee is asked to join
	InviterName string // the staff member who sent the invitation
	Role        string // "owner", "admin", "issuer" or "viewer"
	URL         string // the accept link
	Expires     time.Time
}

// AwardData is the data for [KindAward], the mail that tells a recipient a
// badge was issued and how to claim it.
type AwardData struct {
	SiteName      string
	RecipientName string // may be empty
	BadgeName     string // e.g. "データサイエンス基礎"
	IssuerName    string // e.g. "千葉大学"
	ClaimURL      string
	Expires       time.Time // claim deadline; the zero time means none
}

// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Input is what [NewCredential] needs to build an OpenBadgeCredential.
type Input struct {
	ID          string // credential id (an https URL or urn:uuid:...); required
	Name        string // credential name; defaults to Achievement.Name
	Description string

	Issuer      Profile     // ID required; Type defaults to ["Profile"]
	Achievement Achievement // ID, Name, Description and Criteria required; Type defaults to ["Achievement"]

	// The recipient: RecipientID (a DID or URL), RecipientEmail, or both.
	// The e-mail is trimmed, lower-cased and stored only as a salted
	// SHA-256 IdentityObject; an empty RecipientSalt gets a random one.
	RecipientID    string
	RecipientEmail string
	RecipientSalt  string

	ValidFrom   time.Time // required
	ValidUntil  time.Time // optional; must be after ValidFrom
	AwardedDate time.Time // optional

	Evidence         []Evidence        // Type defaults to ["Evidence"]
	CredentialStatus *CredentialStatus // optional, e.g. {ID: list URL, Type: TypeRevocationList}
	RefreshService   *RefreshService   // optional
	// WithSchema adds credentialSchema naming 1EdTech's AchievementCredential
	// schema ([SchemaAchievementCredential], type [TypeJSONSchemaValidator]).
	WithSchema bool
}

// NewCredential builds a complete unsigned OpenBadgeCredential from in.
// Defaults: @context [ContextVC2, ContextOB303], plus [ContextExtensions]
// when a 1EdTech extension type is used; type ["VerifiableCredential",
// "OpenBadgeCredential"]; timestamps in UTC, whole seconds. Missing or
// inconsistent input gives [ErrInput]. The result validates against
// 1EdTech's schema ([ValidateSchema]) as long as the caller-supplied parts
// (issuer, achievement, evidence) do.
func NewCredential(in Input) (*AchievementCredential, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	c := &AchievementCredential{
		ID:          in.ID,
		Type:        []string{TypeVerifiableCredential, TypeOpenBadgeCredential},
		Issuer:      in.Issuer,
		Name:        in.Name,
		Description: in.Description,
		ValidFrom:   formatTime(in.ValidFrom),
		CredentialSubject: AchievementSubject{
			ID:          in.RecipientID,
			Type:        []string{"AchievementSubject"},
			Achievement: in.Achievement,
		},
		Evidence:       slices.Clone(in.Evidence),
		RefreshService: in.RefreshService,
	}
	// Defaults are filled in copies, never in the caller's slices.
	c.CredentialSubject.Achievement.Alignment = slices.Clone(in.Achievement.Alignment)
	if c.Name == "" {
		c.Name = in.Achievement.Name
	}
	defaultType(&c.Issuer.Type, "Profile")
	defaultType(&c.CredentialSubject.Achievement.Type, "Achievement")
	for i := range c.CredentialSubject.Achievement.Alignment {
		defaultType(&c.CredentialSubject.Achievement.Alignment[i].Type, "Alignment")
	}
	for i := range c.Evidence {
		defaultType(&c.Evidence[i].Type, "Evidence")
	}
	if !in.ValidUntil.IsZero() {
		c.ValidUntil = formatTime(in.ValidUntil)
	}
	if !in.AwardedDate.IsZero() {
		c.AwardedDate = formatTime(in.AwardedDate)
	}
	if in.RecipientEmail != "" {
		c.CredentialSubject.Identifier = []IdentityObject{emailIdentity(in.RecipientEmail, in.RecipientSalt)}
	}
	if in.CredentialStatus != nil {
		c.CredentialStatus = in.CredentialStatus
	}
	if in.WithSchema {
		c.CredentialSchema = []CredentialSchema{{ID: SchemaAchievementCredential, Type: TypeJSONSchemaValidator}}
	}
	c.Context = contextsFor(in)
	return c, nil
}

func (in Input) check() error {
	missing := func(what string) error { return fmt.Errorf("%w: %s is required", ErrInput, what) }
	switch {
	case in.ID == "":
		return missing("credential id")
	case in.Issuer.ID == "":
		return missing("issuer id")
	case in.Achievement.ID == "":
		return missing("achievement id")
	case in.Achievement.Name == "":
		return missing("achievement name")
	case in.Achievement.Description == "":
		return missing("achievement description")
	case in.Achievement.Criteria.ID == "" && in.Achievement.Criteria.Narrative == "":
		return missing("achievement criteria (id or narrative)")
	case in.RecipientID == "" && strings.TrimSpace(in.RecipientEmail) == "":
		return missing("recipient id or e-mail")
	case in.ValidFrom.IsZero():
		return missing("validFrom")
	case !in.ValidUntil.IsZero() && !in.ValidUntil.After(in.ValidFrom):
		return fmt.Errorf("%w: validUntil %s is not after validFrom %s", ErrInput, formatTime(in.ValidUntil), formatTime(in.ValidFrom))
	}
	return nil
}

func contextsFor(in Input) []any {
	ctx := []any{ContextVC2, ContextOB303}
	ext := in.WithSchema ||
		in.CredentialStatus != nil && isExtensionType(in.CredentialStatus.Type) ||
		in.RefreshService != nil && isExtensionType(in.RefreshService.Type)
	if ext {
		ctx = append(ctx, ContextExtensions)
	}
	return ctx
}

func emailIdentity(email, salt string) IdentityObject {
	if salt == "" {
		salt = rand.Text()
	}
	return IdentityObject{
		Type:         "IdentityObject",
		Hashed:       true,
		IdentityHash: HashIdentity(strings.ToLower(strings.TrimSpace(email)), salt),
		IdentityType: "emailAddress",
		Salt:         salt,
	}
}

func defaultType(t *[]string, name string) {
	if len(*t) == 0 {
		*t = []string{name}
	}
}

// formatTime writes an XSD dateTimeStamp in UTC with whole seconds, the
// precision of a JWT NumericDate.
func formatTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

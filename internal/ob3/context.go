// SPDX-License-Identifier: Apache-2.0

package ob3

// JSON-LD context URLs.
const (
	ContextVC2        = "https://www.w3.org/ns/credentials/v2"
	ContextVC1        = "https://www.w3.org/2018/credentials/v1"
	ContextOB303      = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextExtensions = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
)

// Type names of the OB 3.0 data model and of the 1EdTech extensions. The
// last three are defined only in [ContextExtensions].
const (
	TypeVerifiableCredential  = "VerifiableCredential"
	TypeOpenBadgeCredential   = "OpenBadgeCredential"
	TypeAchievementCredential = "AchievementCredential"
	TypeEndorsementCredential = "EndorsementCredential"
	TypeRevocationList        = "1EdTechRevocationList"
	TypeCredentialRefresh     = "1EdTechCredentialRefresh"
	TypeJSONSchemaValidator   = "1EdTechJsonSchemaValidator2019"
)

// SchemaAchievementCredential is the URL credentials use in
// credentialSchema to name 1EdTech's AchievementCredential JSON Schema.
const SchemaAchievementCredential = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

// isExtensionType reports whether t needs [ContextExtensions].
func isExtensionType(t string) bool {
	return t == TypeRevocationList || t == TypeCredentialRefresh || t == TypeJSONSchemaValidator
}

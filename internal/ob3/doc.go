// SPDX-License-Identifier: Apache-2.0

// Package ob3 implements the Open Badges 3.0 credential model (1EdTech,
// Open Badges Specification v3.0, https://www.imsglobal.org/spec/ob/v3p0/):
// the document types, a constructor for unsigned credentials, validation
// against 1EdTech's published JSON Schemas, detection of the VC data model
// version, and the OB 3.0 "VC-JWT" proof format.
//
// # Documents
//
// An OpenBadgeCredential is a W3C Verifiable Credential (VC DM 2.0) whose
// @context starts with [ContextVC2] and [ContextOB303] and whose type
// contains "VerifiableCredential" and "OpenBadgeCredential" (or
// "AchievementCredential"). [ContextExtensions] is appended only when a
// 1EdTech type it defines is used ([TypeRevocationList],
// [TypeCredentialRefresh], [TypeJSONSchemaValidator]). Older OB 3.0
// credentials use VC DM 1.1 (context https://www.w3.org/2018/credentials/v1,
// issuanceDate/expirationDate); [DetectVersion] tells them apart.
//
// # JSON Schema
//
// [ValidateSchema] checks a document against the 1EdTech schemas embedded
// in schema/ (draft 2019-09, see schema/PROVENANCE.md), compiled once and
// never loaded from the network. What those schemas demand beyond the prose
// of the specification:
//
//   - every "type" except those of Image, IdentityObject, IdentifierEntry,
//     GeoCoordinates and the status/schema/refresh/terms/proof objects is an
//     array, even for one value ("type": "Profile" is refused);
//   - "proof" must be an array when present; a single proof object is
//     refused;
//   - "credentialStatus" must be ONE object with "id" and "type"; the array
//     form VC DM 2.0 allows is refused, and so is a BitstringStatusListEntry
//     without "id";
//   - Image and IdentityObject allow no members beyond theirs, so an image
//     cannot carry a "name";
//   - "proof" is not required: an unsigned credential validates;
//   - the second @context entry must match
//     https://purl.imsglobal.org/spec/ob/v3p0/context(-3.x.y).json;
//   - the "ext:" patterns that extend the achievementType, identityType,
//     resultType and alignment targetType vocabularies are not anchored, so
//     any string containing "ext:" followed by a letter passes.
//
// Draft 2019-09 treats "format" as an annotation; this package asserts it,
// so validFrom, validUntil and the other date-time members must be RFC 3339
// date-times.
//
// # VC-JWT
//
// [EncodeJWT] signs a credential as the OB 3.0 Final JWT proof: the JOSE
// header is {"alg","kid","typ":"JWT"} (or "jwk" instead of "kid") and the
// payload is the credential JSON itself with the registered claims iss
// (issuer id), jti (id), nbf (validFrom), sub (credentialSubject.id) and
// exp (validUntil) added. [DecodeJWT] also reads the earlier shape in which
// the credential sits in a "vc" claim (VC DM 1.1); [CheckJWTClaims] checks
// that the claims and the credential agree. Finding the key (kid to a JWK
// set or DID document) is left to the caller.
package ob3

// SPDX-License-Identifier: Apache-2.0

// Package ob2 implements Open Badges 2.0 (1EdTech, final 2018; published at
// https://www.imsglobal.org/spec/ob/v2p0/): the data model, the verification
// of hosted and signed assertions, recipient identity hashes, and signing of
// assertions as JWS for the issuing side.
//
// # Data model
//
// [Assertion], [BadgeClass], [Profile], [CryptographicKey], [RevocationList]
// and their parts follow the OB 2.0 JSON-LD context
// (https://w3id.org/openbadges/v2). Documents found in the wild use several
// shapes for one property; the types accept them all:
//
//   - a linked document as an IRI or as the embedded object ([Ref]);
//   - a single value or an array ([OneOrMany]): type, tags, alignment,
//     evidence, publicKey, startsWith, allowedOrigins;
//   - image, criteria and evidence as an IRI or an object;
//   - the 1.x name "verify" for "verification", and the short verification
//     types "hosted" and "signed" for "HostedBadge" and "SignedBadge".
//
// # Verification
//
// [Verifier.Verify] follows the spec's "Verification" section (#HostedBadge,
// #SignedBadge, #RevocationList, #CryptographicKey). Its input is the
// assertion JSON or the compact JWS of a signed assertion. It appends checks
// to a report.Report with these stable ids, in this order:
//
//	format    what the input is (hosted assertion JSON or signed JWS)
//	context   @context is the OB v2 context and type is Assertion
//	schema    required properties and datatypes of Assertion, BadgeClass, issuer Profile
//	proof     signed: the JWS verifies with a key of the issuer; hosted: skip
//	issuer    hosted: the assertion id satisfies the issuer's verification policy
//	          (same origin as the Profile id, allowedOrigins, startsWith);
//	          signed: the key belongs to the issuer (Profile.publicKey lists it,
//	          CryptographicKey.owner is the Profile)
//	hosted    hosted: the document at the assertion id is the assertion, the
//	          BadgeClass and Profile were retrieved and name the same issuer
//	validity  issuedOn is not in the future, expires has not passed
//	status    hosted: not 410 Gone, not revoked: true; signed: not in the
//	          issuer's revocationList
//
// Documents that decide who the issuer is are never trusted from the input
// itself: the issuer Profile is fetched from its id, keys and revocation
// lists are fetched from their ids unless they are embedded in that fetched
// Profile, and a hosted assertion is re-fetched from its id. Every fetch goes
// through internal/fetch with the Accept header
// "application/ld+json, application/json".
//
// When a document cannot be retrieved because the fetcher is offline, checks
// that only add confidence (schema of linked documents, status) are warnings;
// the check that establishes authenticity (hosted for hosted assertions,
// proof for signed ones) fails, because nothing else vouches for the badge.
//
// # Signing
//
// [SignAssertion] produces the compact JWS (RS256, header
// {"alg":"RS256","typ":"JWT"}) that the spec's signed verification and
// 1EdTech's validator accept; [PublicKeyPEM] gives the publicKeyPem text of
// the matching [CryptographicKey] document.
package ob2

// SPDX-License-Identifier: Apache-2.0

// Package issuing turns "an organisation awards badge X to person Y" into
// every artefact the award needs. It is a pure engine: no database, no HTTP,
// no clock other than time.Now for values the caller left empty. The
// service layer stores the inputs and serves the outputs.
//
// # Inputs
//
// An [Issuer] (the organisation and its keys), an [Achievement] (a
// snapshot of one badge-class revision) and an [Award] (one recipient).
// Invalid or missing input gives an error wrapping [ErrInput] that names the
// field.
//
// # Open Badges 3.0
//
// [Credential] builds the unsigned OpenBadgeCredential (VC Data Model 2.0,
// @context credentials/v2 and OB context-3.0.3.json) with [ob3.NewCredential]
// and checks it against 1EdTech's JSON Schema:
//
//   - id is Award.CredentialID (a urn:uuid); validFrom and awardedDate are
//     Award.IssuedAt; validUntil is Award.ValidUntil when set;
//   - issuer is a Profile {id, type, name, url, email, description, image},
//     omitting what is empty; id is the organisation's did:key or did:web;
//   - credentialSubject has no id (recipients are known by e-mail, not by
//     DID) and two IdentityObjects in "identifier": the e-mail address,
//     trimmed and lower-cased, as a salted SHA-256 hash (identityType
//     "emailAddress", hashed true), and, when given, the recipient's name in
//     plain text exactly as written (identityType "name", hashed false — the
//     OB 3.0 IdentifierTypeEnum value for a person's name; a hash of a name
//     could not be shown by a wallet or verifier);
//   - evidence is one Evidence with Award.EvidenceURL as id and/or
//     Award.Narrative as narrative;
//   - credentialStatus is a BitstringStatusListEntry when Award.Status is
//     set, with id "<list URL>#<index>".
//
// [Issue] signs it as an embedded eddsa-rdfc-2022 Data Integrity proof
// (created = IssuedAt) and/or as a VC-JWT (EdDSA, kid = the verification
// method), with the organisation's Ed25519 key. [StatusListCredential] makes
// the BitstringStatusListCredential that Award.Status points at, signed the
// same way.
//
// # Open Badges 2.0
//
// Both OB 2.0 assertions use Award.AssertionURL as their id, so that one
// revocation list entry ([OB2RevocationList]) covers both, and share the
// recipient hash and salt of the OB 3.0 credential. They differ only in the
// verification block, and so in which URLs a verifier reads:
//
//   - the hosted assertion ({"type": "hosted"}) is the JSON the server
//     answers at AssertionURL. A verifier fetches AssertionURL, then the
//     BadgeClass at Achievement.OB2BadgeURL and the issuer Profile at
//     Issuer.ProfileURL; AssertionURL must be on the origin of ProfileURL.
//     It is revoked by answering 410 Gone (or revoked: true) at AssertionURL.
//   - the signed assertion ({"type": "signed", "creator": Issuer.RSAKeyURL})
//     is a compact JWS (RS256). A verifier reads the BadgeClass and Profile
//     as above, the CryptographicKey at RSAKeyURL (listed as the Profile's
//     publicKey) and the RevocationList at Issuer.RevocationListURL (listed as
//     the Profile's revocationList). It never fetches AssertionURL.
//
// [OB2BadgeClass], [OB2IssuerProfile], [OB2CryptographicKey] and
// [OB2RevocationList] give the documents to host at those URLs.
package issuing

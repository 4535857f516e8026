// SPDX-License-Identifier: Apache-2.0

// Package vcapi serves the W3C VC-API (https://w3c-ccg.github.io/vc-api/,
// now "VCALM") issuer and verifier endpoints, shaped by what the VC-API
// issuer and verifier test suites (w3c-ccg/vc-api-issuer-test-suite,
// w3c-ccg/vc-api-verifier-test-suite) and the Data Integrity suites
// (w3c/vc-di-eddsa-test-suite, w3c-ccg/data-integrity-test-suite-assertion)
// assert:
//
//	POST /credentials/issue      {credential, options}             -> 201 {verifiableCredential}
//	POST /credentials/verify     {verifiableCredential, options}   -> 200 or 400 {verified, checks, warnings, errors, …}
//	POST /presentations/verify   {verifiablePresentation, options} -> 200 or 400, likewise
//	                             {presentation, options}           (an unsigned presentation)
//
// # Issuing
//
// The issue endpoint needs a bearer token with scope [ScopeIssue]; the
// token's organisation signs with its did:key (DataIntegrityProof,
// eddsa-rdfc-2022). The credential is a VC Data Model 2.0 credential
// (first @context https://www.w3.org/ns/credentials/v2) or, because the
// vc-api issuer suite and the Data Integrity suites still send them, a VC
// Data Model 1.1 one (https://www.w3.org/2018/credentials/v1; a missing
// issuanceDate is set to now and the Data Integrity v2 context is appended so
// that the proof's terms are defined, as Digital Bazaar's libraries do).
// issuer is required, as a string or an object with an id, and must be the
// signer's DID: the vc-api issuer suite asserts 400 for a credential without
// one ("credential MUST have property issuer"), so it is not filled in. id,
// when present, must be a URL and is kept as given. Every context must be one
// Akashi embeds, every term must be defined (JSON-LD safe mode), an Open
// Badges 3.0 credential must pass the 1EdTech JSON Schema, and a credential
// that already has a proof is refused. Options: credentialId (accepted, not
// stored) and cryptosuite ("eddsa-rdfc-2022"); any other option is refused
// with the VCALM problem type UNKNOWN_OPTION_PROVIDED. The issued credential
// carries its proof as a single object (the suites assert an object) except
// for Open Badges, whose 1EdTech schema wants an array.
//
// # Verifying
//
// The verify endpoints are public unless [Handler.VerifyScope] is set: the
// suites configure verifiers with or without OAuth 2.0 alike, and Akashi's
// verifier page is public too. A credential with an Open Badges 3.0 context,
// and any VC-JWT (a compact JWS string, or an EnvelopedVerifiableCredential
// with a data:application/vc+jwt URL), goes through internal/verify, so the
// report is the one the web verifier and the CLI show. Any other W3C
// credential is checked here, offline: structure, the Data Integrity proofs
// (every proof must verify, keys are did:key), that the signing key is the
// issuer's, validFrom/validUntil (issuanceDate/expirationDate for VC 1.1);
// credentialStatus cannot be looked up offline and gives a warning. Options:
// challenge, domain and expectedProofPurpose must match every proof;
// returnCredential and returnPresentation echo the input; checks and
// returnProblemDetails are accepted (all checks always run, problem details
// are always returned).
//
// A presentation sent as verifiablePresentation must carry a Data Integrity
// proof with proofPurpose authentication (or options.expectedProofPurpose)
// by a did:key, resolved offline, that the holder, when named, controls;
// options.challenge and options.domain must equal the proof's. One sent as
// presentation (the VC-API "proofless" request) is not signed and is valid
// when every credential it contains verifies. Each embedded credential is
// verified as above and reported in credentialResults.
//
// # Statuses
//
//	201  issued
//	200  verified
//	400  bad input (error body), or verification failed (result body with
//	     verified false); the verifier suites assert 400 for both, and the
//	     VCALM suite skips rather than fails on a 4xx
//	401  no valid bearer token; 403 the token lacks the scope
//	413  body larger than [Handler.MaxBody]; 415 not a JSON content type
//
// An error body is {"error", "message", "field", "type", "title"}: our
// error code and English message, the offending member as a path such as
// "credential.issuer", and a problem-details type URL (VC Data Model 2.0
// §7.1, Data Integrity, or VCALM) with its short title.
package vcapi

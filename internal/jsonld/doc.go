// SPDX-License-Identifier: Apache-2.0

// Package jsonld is Akashi's JSON-LD 1.1 processor. It implements the two
// operations needed to canonicalize Verifiable Credentials for Data Integrity
// proofs (eddsa-rdfc-2022): Expansion and Deserialize JSON-LD to RDF, as
// specified in JSON-LD 1.1 Processing Algorithms and API
// (https://www.w3.org/TR/json-ld11-api/):
//
//   - §4.1 Context Processing and §4.2 Create Term Definition,
//   - §5.1 Expansion, §5.2 IRI Expansion, §5.3 Value Expansion,
//   - §7.2 Node Map Generation (as used by §8.1),
//   - §8.1 Deserialize JSON-LD to RDF, §8.2 Object to RDF, §8.3 List to RDF.
//
// Compaction, flattening, framing and RDF-to-JSON-LD are not implemented.
//
// # Documents
//
// Input documents are the values encoding/json produces with UseNumber:
// map[string]any, []any, string, json.Number, bool and nil; float64 and the
// Go integer types are accepted too. [ParseJSON] produces that form. Numbers
// are converted to RDF literals by value, as JavaScript processors do: 42.0
// is the integer 42, 1e21 and 2.5 are doubles.
//
// # Interoperability
//
// Canonical N-Quads must be byte-identical with other implementations, so
// where the specification leaves a choice the processor does what
// jsonld.js does: language tags are lower-cased; numbers are converted by
// value (42.0 is "42"^^xsd:integer, 2.5 is "2.5E0"^^xsd:double); JSON
// literals use the JSON Canonicalization Scheme (RFC 8785). Statements
// are only produced when well-formed: an IRI must be absolute and free of
// the characters N-Quads cannot carry (space, <, >, ", {, }, |, \, ^, `,
// control characters, a second #), which keeps the N-Quads text
// unambiguous. Where jsonld.js deviates from the specification (it drops
// empty objects and lone @id objects from @graph containers), safe mode
// refuses the document instead of picking one behaviour.
//
// # Contexts and caching
//
// Remote contexts are obtained from a [DocumentLoader]; [EmbeddedLoader]
// serves the contexts embedded in package ldcontext and never touches the
// network. A [Processor] parses each remote context once and caches the
// active context that results from applying a context (a URL, an array of
// URLs, or a type- or property-scoped context of a cached context) to a
// cached active context, so that processing a credential whose @context is a
// list of well-known URLs costs a few map look-ups instead of context
// processing. Inline contexts in the document are processed on every call.
//
// # Errors
//
// Every error returned by [Processor.Expand] and [Processor.ToRDF] is an
// [*Error] whose Code is either one of the error codes of the specification
// (§9.4.4 JsonLdErrorCode, e.g. "invalid term definition", "loading remote
// context failed") or one of the codes below.
//
// # Safe mode
//
// With [Options].SafeMode set, the processor refuses documents whose
// meaning would otherwise be silently changed by dropping data, like
// Digital Bazaar's jsonld.js with `safe: true`, which Data Integrity
// implementations use when canonicalizing. The codes are the event codes
// jsonld.js uses:
//
//   - "invalid property": a key that does not expand to an absolute IRI or
//     a keyword (for example a term no context defines);
//   - "relative @id reference", "relative @type reference",
//     "relative @vocab reference": an @id, @type or @vocab value that stays
//     a relative IRI;
//   - "reserved @id value", "reserved @reverse value", "reserved term":
//     values and terms of the form "@name" that JSON-LD ignores;
//   - "invalid @language value": a language tag that is not well-formed
//     BCP 47;
//   - "free-floating scalar", "null @value value", "empty object",
//     "object with only @value", "object with only @list",
//     "object with only @id", "object with only @language": values and
//     objects that expansion drops;
//   - "relative subject reference", "relative predicate reference",
//     "relative object reference", "relative graph reference",
//     "blank node predicate", "invalid literal": statements that
//     Deserialize JSON-LD to RDF drops because a part is not well-formed;
//   - "rdfDirection not set": a value with @direction when
//     [Options].RDFDirection is empty (the direction would be lost).
//
// Codes the processor adds in every mode: "context overflow" (too many
// nested remote contexts, e.g. a context that includes itself),
// "nesting too deep" (document nested deeper than the processor's limit),
// "invalid option", and "invalid input" (a Go value that is not one of the
// JSON types above).
package jsonld

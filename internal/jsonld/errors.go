// SPDX-License-Identifier: Apache-2.0

package jsonld

// Error is a JSON-LD processing error. Code is the error code of the
// specification (e.g. "invalid term definition") or one of the codes listed
// in the package documentation.
type Error struct {
	Code string
	Msg  string
	err  error // cause, e.g. the document loader's error
}

// Unwrap returns the cause, so errors.Is(err, ldcontext.ErrUnknownContext)
// works for contexts the loader does not have.
func (e *Error) Unwrap() error { return e.err }

func (e *Error) Error() string {
	if e.Msg == "" {
		return "jsonld: " + e.Code
	}
	return "jsonld: " + e.Code + ": " + e.Msg
}

func newErr(code, msg string) *Error { return &Error{Code: code, Msg: msg} }

// Error codes used by the processor (JSON-LD 1.1 API §9.4.4 and our own).
const (
	errCollidingKeywords        = "colliding keywords"
	errConflictingIndexes       = "conflicting indexes"
	errContextOverflow          = "context overflow"
	errCyclicIRIMapping         = "cyclic IRI mapping"
	errInvalidIDValue           = "invalid @id value"
	errInvalidImportValue       = "invalid @import value"
	errInvalidIncludedValue     = "invalid @included value"
	errInvalidIndexValue        = "invalid @index value"
	errInvalidNestValue         = "invalid @nest value"
	errInvalidPrefixValue       = "invalid @prefix value"
	errInvalidPropagateValue    = "invalid @propagate value"
	errInvalidProtectedValue    = "invalid @protected value"
	errInvalidReverseValue      = "invalid @reverse value"
	errInvalidVersionValue      = "invalid @version value"
	errInvalidBaseDirection     = "invalid base direction"
	errInvalidBaseIRI           = "invalid base IRI"
	errInvalidContainerMapping  = "invalid container mapping"
	errInvalidContextEntry      = "invalid context entry"
	errInvalidContextNull       = "invalid context nullification"
	errInvalidDefaultLanguage   = "invalid default language"
	errInvalidIRIMapping        = "invalid IRI mapping"
	errInvalidKeywordAlias      = "invalid keyword alias"
	errInvalidLanguageMapValue  = "invalid language map value"
	errInvalidLanguageMapping   = "invalid language mapping"
	errInvalidLanguageTagged    = "invalid language-tagged string"
	errInvalidLanguageTaggedVal = "invalid language-tagged value"
	errInvalidLocalContext      = "invalid local context"
	errInvalidRemoteContext     = "invalid remote context"
	errInvalidReverseProperty   = "invalid reverse property"
	errInvalidReversePropMap    = "invalid reverse property map"
	errInvalidReversePropValue  = "invalid reverse property value"
	errInvalidScopedContext     = "invalid scoped context"
	errInvalidSetOrList         = "invalid set or list object"
	errInvalidTermDefinition    = "invalid term definition"
	errInvalidTypeMapping       = "invalid type mapping"
	errInvalidTypeValue         = "invalid type value"
	errInvalidTypedValue        = "invalid typed value"
	errInvalidValueObject       = "invalid value object"
	errInvalidValueObjectValue  = "invalid value object value"
	errInvalidVocabMapping      = "invalid vocab mapping"
	errKeywordRedefinition      = "keyword redefinition"
	errLoadingRemoteContext     = "loading remote context failed"
	errProcessingModeConflict   = "processing mode conflict"
	errProtectedTermRedef       = "protected term redefinition"
	errNestingTooDeep           = "nesting too deep"
	errInvalidOption            = "invalid option"
	errInvalidInput             = "invalid input"
)

// Safe mode codes (the event codes of jsonld.js).
const (
	safeInvalidProperty    = "invalid property"
	safeRelativeID         = "relative @id reference"
	safeRelativeType       = "relative @type reference"
	safeRelativeVocab      = "relative @vocab reference"
	safeReservedID         = "reserved @id value"
	safeReservedReverse    = "reserved @reverse value"
	safeReservedTerm       = "reserved term"
	safeInvalidLanguage    = "invalid @language value"
	safeFreeFloatingScalar = "free-floating scalar"
	safeNullValue          = "null @value value"
	safeEmptyObject        = "empty object"
	safeOnlyValue          = "object with only @value"
	safeOnlyList           = "object with only @list"
	safeOnlyID             = "object with only @id"
	safeOnlyLanguage       = "object with only @language"
	safeRelativeSubject    = "relative subject reference"
	safeRelativePredicate  = "relative predicate reference"
	safeRelativeObject     = "relative object reference"
	safeRelativeGraph      = "relative graph reference"
	safeBlankNodePredicate = "blank node predicate"
	safeInvalidLiteral     = "invalid literal"
	safeRDFDirectionNotSet = "rdfDirection not set"
)

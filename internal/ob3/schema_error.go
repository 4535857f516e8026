// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// SchemaError is a document that does not conform to a JSON Schema. It
// matches [ErrSchema] with errors.Is.
type SchemaError struct {
	Schema   string // SchemaName...; empty when no schema could be chosen
	Failures []SchemaFailure
}

// SchemaFailure is one failing location.
type SchemaFailure struct {
	Pointer string // JSON pointer (RFC 6901) into the document; "" is the root
	Keyword string // failing keyword as a schema fragment, e.g. "#/$defs/Achievement/required"
	Message string
}

// Error lists the failures as "pointer: message", "; "-separated.
func (e *SchemaError) Error() string {
	var sb strings.Builder
	sb.WriteString("ob3: schema validation failed")
	if e.Schema != "" {
		sb.WriteString(" (" + e.Schema + ")")
	}
	for i, f := range e.Failures {
		if i == 0 {
			sb.WriteString(": ")
		} else {
			sb.WriteString("; ")
		}
		p := f.Pointer
		if p == "" {
			p = "/"
		}
		sb.WriteString(p + ": " + f.Message)
	}
	return sb.String()
}

// Is reports whether target is [ErrSchema].
func (e *SchemaError) Is(target error) bool { return target == ErrSchema }

// Pointers returns the distinct failing JSON pointers in order.
func (e *SchemaError) Pointers() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range e.Failures {
		if !seen[f.Pointer] {
			seen[f.Pointer] = true
			out = append(out, f.Pointer)
		}
	}
	return out
}

// newSchemaError keeps the leaves of the validator's error tree (inner
// nodes only say that a $ref, allOf or oneOf below them failed). A missing
// required member is reported at the pointer where it should be, one failure
// per member.
func newSchemaError(name string, ve *jsonschema.ValidationError) *SchemaError {
	e := &SchemaError{Schema: name}
	var walk func(v *jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) > 0 {
			for _, c := range v.Causes {
				walk(c)
			}
			return
		}
		ptr := jsonPointer(v.InstanceLocation)
		kw := keywordLocation(v)
		if req, ok := v.ErrorKind.(*kind.Required); ok {
			for _, m := range req.Missing {
				e.Failures = append(e.Failures, SchemaFailure{Pointer: ptr + "/" + escapePointer(m), Keyword: kw, Message: "required member is missing"})
			}
			return
		}
		e.Failures = append(e.Failures, SchemaFailure{Pointer: ptr, Keyword: kw, Message: v.ErrorKind.LocalizedString(printer)})
	}
	walk(ve)
	return e
}

var printer = message.NewPrinter(language.English)

func jsonPointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteString("/" + escapePointer(t))
	}
	return sb.String()
}

func escapePointer(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// keywordLocation is the failing keyword as a fragment of the schema, e.g.
// "#/$defs/Achievement/required".
func keywordLocation(v *jsonschema.ValidationError) string {
	_, frag, _ := strings.Cut(v.SchemaURL, "#")
	for _, t := range v.ErrorKind.KeywordPath() {
		frag += "/" + escapePointer(t)
	}
	return "#" + frag
}

// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"bytes"
	"encoding/json"
	"errors"
)

// OneOrMany is a property that holds one value or an array of values. It
// decodes both forms and encodes a single value without the array.
type OneOrMany[T any] []T

// MarshalJSON encodes one value as itself and more as an array.
func (m OneOrMany[T]) MarshalJSON() ([]byte, error) {
	if len(m) == 1 {
		return json.Marshal(m[0])
	}
	return json.Marshal([]T(m))
}

// UnmarshalJSON accepts a value, an array of values, or null.
func (m *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*m = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var many []T
		if err := json.Unmarshal(b, &many); err != nil {
			return err
		}
		*m = many
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*m = OneOrMany[T]{one}
	return nil
}

// Ref is a link to another document: an IRI, or the document embedded.
// ID is set in both cases (from the "id" of an embedded object); Object is
// set only when the document is embedded.
type Ref[T any] struct {
	ID     string
	Object *T
}

// IsZero reports whether the reference is empty (for omitzero).
func (r Ref[T]) IsZero() bool { return r.ID == "" && r.Object == nil }

// Embedded reports whether the document is embedded rather than linked.
func (r Ref[T]) Embedded() bool { return r.Object != nil }

// MarshalJSON encodes the embedded object, or else the IRI.
func (r Ref[T]) MarshalJSON() ([]byte, error) {
	if r.Object != nil {
		return json.Marshal(r.Object)
	}
	return json.Marshal(r.ID)
}

var errRef = errors.New("ob2: want an IRI or an object")

// UnmarshalJSON accepts an IRI string, an object, or null.
func (r *Ref[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*r = Ref[T]{}
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &r.ID)
	case len(b) > 0 && b[0] == '{':
		var obj T
		if err := json.Unmarshal(b, &obj); err != nil {
			return err
		}
		var node struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(b, &node); err != nil {
			return err
		}
		r.ID, r.Object = node.ID, &obj
		return nil
	}
	return errRef
}

// unmarshalIRIOrObject decodes b, a bare IRI string into *id, or an object
// into obj (which must decode its own "id").
func unmarshalIRIOrObject(b []byte, id *string, obj any) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, id)
	}
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, obj)
	}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	return errRef
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"strconv"
	"strings"
)

// field is one labelled form control, as the "input" template draws it:
// the label, the value sent before (never for passwords), the error next
// to it and the hint, tied to the control with aria-describedby.
type field struct {
	ID, Name, Label, Type, Autocomplete string
	Value, Error, Hint                  string
	Required                            bool
	MaxLen                              int
}

// Field returns the control name labelled by the message labelKey, of HTML
// type typ. opts are "required", "max=N" and "hint=KEY".
func (p *page) Field(name, labelKey, typ, autocomplete string, opts ...string) field {
	f := field{ID: "f-" + name, Name: name, Label: p.T(labelKey), Type: typ, Autocomplete: autocomplete,
		Error: p.Errors[name]}
	if typ != "password" {
		f.Value = p.Form.Get(name)
	}
	for _, o := range opts {
		switch {
		case o == "required":
			f.Required = true
		case strings.HasPrefix(o, "max="):
			f.MaxLen, _ = strconv.Atoi(o[4:])
		case strings.HasPrefix(o, "hint="):
			f.Hint = p.T(o[5:], "min", p.PasswordMin())
		}
	}
	return f
}

// Describedby is the ids of the hint and error of f, for aria-describedby.
func (f field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

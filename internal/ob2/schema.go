// SPDX-License-Identifier: Apache-2.0

package ob2

import "slices"

// checkSchema checks the required properties and datatypes of the
// Assertion, the BadgeClass and the issuer Profile (OB 2.0 #Assertion,
// #BadgeClass, #Profile; "Data validation").
func (st *run) checkSchema() {
	var o outcome
	assertionProps(props{&o, "Assertion", st.asrt.raw})
	if st.asrt.raw != nil && !st.asrt.ok {
		o.fail("The assertion cannot be read: %v.", st.asrt.err)
	}
	if st.badge.raw != nil {
		badgeClassProps(props{&o, "BadgeClass", st.badge.raw})
	} else if _, linked := st.asrt.raw["badge"]; linked {
		notRetrieved(&o, "BadgeClass", st.badge.ref, st.badge.err, st.badge.offline())
	}
	if st.issuer.raw != nil {
		profileProps(props{&o, "Profile", st.issuer.raw})
	} else if _, linked := st.badge.raw["issuer"]; linked {
		notRetrieved(&o, "issuer Profile", st.issuer.ref, st.issuer.err, st.issuer.offline())
	}
	o.emit(st.r, "schema", "The Assertion, its BadgeClass and its issuer Profile have the required properties with valid datatypes.")
}

func notRetrieved(o *outcome, kind, ref string, err error, offline bool) {
	if offline {
		o.warn("The %s %s could not be retrieved (offline), so its properties were not checked.", kind, ref)
		return
	}
	o.fail("The %s %s could not be retrieved: %v.", kind, ref, err)
}

func assertionProps(p props) {
	p.iri("id", true)
	if p.object("recipient", true) {
		identityProps(props{p.o, "Assertion recipient", p.m["recipient"].(map[string]any)})
	}
	p.iriOrObject("badge", true)
	verification := "verification"
	if _, ok := p.m[verification]; !ok {
		if _, ok := p.m["verify"]; ok {
			verification = "verify"
		}
	}
	if p.object(verification, true) {
		props{p.o, "Assertion " + verification, p.m[verification].(map[string]any)}.text("type", true)
	}
	p.dateTime("issuedOn", true)
	p.dateTime("expires", false)
	p.iriOrObject("image", false)
	p.items("evidence", "an IRI, an object, or an array of them", isIRIOrObject)
	p.text("narrative", false)
	p.boolean("revoked")
	p.text("revocationReason", false)
}

func identityProps(p props) {
	p.text("identity", true)
	p.text("type", true)
	p.boolean("hashed")
	p.text("salt", false)
}

func badgeClassProps(p props) {
	p.iri("id", true)
	p.types("BadgeClass")
	p.text("name", true)
	p.text("description", true)
	p.iriOrObject("image", true)
	p.iriOrObject("criteria", true)
	p.iriOrObject("issuer", true)
	p.items("tags", "text or an array of text", isString)
	p.items("alignment", "an object or an array of objects", isObject)
}

func profileProps(p props) {
	p.iri("id", true)
	p.types("Issuer", "Profile")
	p.text("name", true)
	p.iri("url", true)
	p.text("email", true)
	p.items("publicKey", "an IRI, an object, or an array of them", isIRIOrObject)
	p.object("verification", false)
	p.iriOrObject("revocationList", false)
}

// props checks the properties of one JSON object of kind (for messages).
type props struct {
	o    *outcome
	kind string
	m    map[string]any
}

// value returns the property; a missing required one is reported.
func (p props) value(name string, required bool) (any, bool) {
	v, ok := p.m[name]
	if ok && v != nil {
		return v, true
	}
	if required {
		p.o.fail("%s is missing the required property %q.", p.kind, name)
		p.o.param("field", name)
		p.o.param("class", p.kind)
	}
	return nil, false
}

func (p props) wrong(name, want string) {
	p.o.fail("%s property %q must be %s.", p.kind, name, want)
	p.o.param("field", name)
	p.o.param("class", p.kind)
}

func (p props) iri(name string, required bool) {
	if v, ok := p.value(name, required); ok {
		if s, isStr := v.(string); !isStr || !isIRI(s) {
			p.wrong(name, "an absolute IRI")
		}
	}
}

func (p props) text(name string, required bool) {
	if v, ok := p.value(name, required); ok {
		if _, isStr := v.(string); !isStr {
			p.wrong(name, "text")
		}
	}
}

func (p props) boolean(name string) {
	if v, ok := p.value(name, false); ok {
		if _, isBool := v.(bool); !isBool {
			p.wrong(name, "true or false")
		}
	}
}

func (p props) dateTime(name string, required bool) {
	if v, ok := p.value(name, required); ok {
		if s, isStr := v.(string); !isStr || !validDateTime(s) {
			p.wrong(name, "an ISO 8601 date-time with a time zone")
		}
	}
}

func (p props) object(name string, required bool) bool {
	v, ok := p.value(name, required)
	if !ok {
		return false
	}
	if _, isObj := v.(map[string]any); !isObj {
		p.wrong(name, "an object")
		return false
	}
	return true
}

func (p props) iriOrObject(name string, required bool) {
	if v, ok := p.value(name, required); ok && !isIRIOrObject(v) {
		p.wrong(name, "an IRI or an object")
	}
}

// items checks a property holding one value or an array of values, each
// of which must satisfy ok.
func (p props) items(name, want string, ok func(any) bool) {
	v, present := p.value(name, false)
	if !present {
		return
	}
	items, isArr := v.([]any)
	if !isArr {
		items = []any{v}
	}
	for _, item := range items {
		if !ok(item) {
			p.wrong(name, want)
			return
		}
	}
}

// types requires a type that includes one of want.
func (p props) types(want ...string) {
	v, ok := p.value("type", true)
	if !ok {
		return
	}
	have := stringsOf(v)
	for _, w := range want {
		if slices.Contains(have, w) {
			return
		}
	}
	p.wrong("type", "one of "+quoteAll(want))
}

func isIRIOrObject(v any) bool {
	switch x := v.(type) {
	case string:
		return isIRI(x)
	case map[string]any:
		return true
	}
	return false
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func quoteAll(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += `"` + s + `"`
	}
	return out
}

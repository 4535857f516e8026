// SPDX-License-Identifier: Apache-2.0

package jsonld

import "strings"

// createTerm is the Create Term Definition algorithm (JSON-LD 1.1 API
// §4.2.2) for term of the local context being processed.
func (b *ctxBuilder) createTerm(term string) error {
	if done, ok := b.defined[term]; ok {
		if done {
			return nil
		}
		return newErr(errCyclicIRIMapping, term)
	}
	if term == "" {
		return newErr(errInvalidTermDefinition, "empty term")
	}
	b.defined[term] = false
	res := b.result
	value := b.local[term]

	if term == "@type" {
		if res.mode10 {
			return newErr(errKeywordRedefinition, "@type")
		}
		m, ok := value.(map[string]any)
		if !ok || len(m) == 0 {
			return newErr(errKeywordRedefinition, "@type")
		}
		for k, v := range m {
			switch {
			case k == "@container" && v == "@set":
			case k == "@protected":
			default:
				return newErr(errKeywordRedefinition, "@type may only set @container @set and @protected")
			}
		}
	} else if isKeyword(term) {
		return newErr(errKeywordRedefinition, term)
	} else if hasKeywordForm(term) {
		return b.st.warn(safeReservedTerm, term)
	}

	prev := res.terms[term]
	simple := false
	var m map[string]any
	switch v := value.(type) {
	case nil:
		m = map[string]any{"@id": nil}
	case string:
		m = map[string]any{"@id": v}
		simple = true
	case map[string]any:
		m = v
	default:
		return newErr(errInvalidTermDefinition, term+": must be a string, a map or null")
	}
	td := &termDef{protected: b.protected}
	if err := b.checkTermKeys(term, m); err != nil {
		return err
	}
	if v, ok := m["@protected"]; ok {
		p, ok := v.(bool)
		if !ok {
			return newErr(errInvalidProtectedValue, term)
		}
		if res.mode10 {
			return newErr(errInvalidTermDefinition, term+": @protected in json-ld-1.0 mode")
		}
		td.protected = p
	}
	if v, ok := m["@type"]; ok {
		if err := b.setTypeMapping(td, term, v); err != nil {
			return err
		}
	}
	stop, err := b.setIRIMapping(td, term, m, simple)
	if err != nil || stop {
		return err
	}
	if v, ok := m["@container"]; ok {
		if err := b.setContainer(td, term, v); err != nil {
			return err
		}
	}
	if td.reverse && td.container&^(cSet|cIndex) != 0 {
		return newErr(errInvalidReverseProperty, term+": reverse properties only take @set and @index containers")
	}
	if err := b.setExtras(td, term, m); err != nil {
		return err
	}
	if td.typ != "" {
		td.typeOne = []string{td.typ}
	}
	td.absIRI = isAbsoluteRef(td.iri)
	if !b.override && prev != nil && prev.protected {
		if !td.sameAs(prev) {
			return newErr(errProtectedTermRedef, term)
		}
		td = prev
	}
	res.setTerm(term, td)
	b.defined[term] = true
	return nil
}

func (b *ctxBuilder) checkTermKeys(term string, m map[string]any) error {
	for k := range m {
		switch k {
		case "@id", "@reverse", "@container", "@language", "@type":
		case "@context", "@direction", "@index", "@nest", "@prefix", "@protected":
			if b.result.mode10 {
				return newErr(errInvalidTermDefinition, term+": "+k+" in json-ld-1.0 mode")
			}
		default:
			return newErr(errInvalidTermDefinition, term+": unexpected entry "+k)
		}
	}
	return nil
}

func (b *ctxBuilder) setTypeMapping(td *termDef, term string, v any) error {
	s, ok := v.(string)
	if !ok {
		return newErr(errInvalidTypeMapping, term+": @type must be a string")
	}
	t, isIRI, err := b.expandIRI(s, false, true, false)
	if err != nil {
		return err
	}
	switch {
	case !isIRI:
		return newErr(errInvalidTypeMapping, term+": "+s)
	case t == "@json" || t == "@none":
		if b.result.mode10 {
			return newErr(errInvalidTypeMapping, term+": "+t+" in json-ld-1.0 mode")
		}
	case t == "@id" || t == "@vocab":
	case !hasIRIForm(t):
		return newErr(errInvalidTypeMapping, term+": not an IRI: "+t)
	}
	td.typ = t
	return nil
}

// setIRIMapping handles @reverse, @id and the implicit IRI mappings
// (§4.2.2 steps 14-20). stop reports that the term is silently ignored.
func (b *ctxBuilder) setIRIMapping(td *termDef, term string, m map[string]any, simple bool) (stop bool, err error) {
	res := b.result
	if rv, ok := m["@reverse"]; ok {
		if _, ok := m["@id"]; ok {
			return false, newErr(errInvalidReverseProperty, term+": @reverse with @id")
		}
		if _, ok := m["@nest"]; ok {
			return false, newErr(errInvalidReverseProperty, term+": @reverse with @nest")
		}
		s, ok := rv.(string)
		if !ok {
			return false, newErr(errInvalidIRIMapping, term+": @reverse must be a string")
		}
		if hasKeywordForm(s) {
			return true, b.st.warn(safeReservedReverse, s)
		}
		iri, ok, err := b.expandIRI(s, false, true, false)
		if err != nil {
			return false, err
		}
		if !ok || !strings.Contains(iri, ":") || isKeyword(iri) {
			return false, newErr(errInvalidIRIMapping, term+": @reverse is not an IRI: "+s)
		}
		if c, ok := m["@container"]; ok && c != nil && c != "@set" && c != "@index" {
			return false, newErr(errInvalidReverseProperty, term+": reverse properties only take @set and @index containers")
		}
		td.iri, td.reverse = iri, true
		return false, nil
	}
	if idv, ok := m["@id"]; ok && idv != term {
		if idv == nil {
			td.nullIRI = true
			return false, nil
		}
		s, ok := idv.(string)
		if !ok {
			return false, newErr(errInvalidIRIMapping, term+": @id must be a string")
		}
		if !isKeyword(s) && hasKeywordForm(s) {
			return true, b.st.warn(safeReservedID, s)
		}
		iri, ok, err := b.expandIRI(s, false, true, false)
		if err != nil {
			return false, err
		}
		if !ok || (!isKeyword(iri) && !strings.Contains(iri, ":")) {
			return false, newErr(errInvalidIRIMapping, term+": not an IRI: "+s)
		}
		if iri == "@context" {
			return false, newErr(errInvalidKeywordAlias, term)
		}
		td.iri = iri
		if c := strings.IndexByte(term[1:], ':'); (c >= 0 && c+1 < len(term)-1) || strings.Contains(term, "/") {
			b.defined[term] = true
			t, ok, err := b.expandIRI(term, false, true, false)
			if err != nil {
				return false, err
			}
			if !ok || t != iri {
				return false, newErr(errInvalidIRIMapping, term+": term in IRI form must expand to its @id")
			}
		}
		if !strings.ContainsAny(term, ":/") && simple && (endsWithGenDelim(iri) || isBlank(iri)) {
			td.prefix = true
		}
		return false, nil
	}
	if c := strings.IndexByte(term, ':'); c > 0 {
		prefix, suffix := term[:c], term[c+1:]
		if _, ok := b.local[prefix]; ok {
			if err := b.createTerm(prefix); err != nil {
				return false, err
			}
		}
		if pd := res.terms[prefix]; pd != nil && !pd.nullIRI {
			td.iri = pd.iri + suffix
		} else {
			td.iri = term
		}
		return false, nil
	}
	if strings.Contains(term, "/") {
		// The spec expands a relative IRI term without the local context.
		iri, ok, err := b.expandIRI(term, false, true, true)
		if err != nil {
			return false, err
		}
		if !ok || !hasIRIForm(iri) {
			return false, newErr(errInvalidIRIMapping, term+": relative term does not expand to an IRI")
		}
		td.iri = iri
		return false, nil
	}
	if term == "@type" {
		td.iri = "@type"
		return false, nil
	}
	if !res.hasVocab {
		return false, newErr(errInvalidIRIMapping, term+": no @id and no @vocab")
	}
	td.iri = res.vocab + term
	return false, nil
}

func (b *ctxBuilder) setContainer(td *termDef, term string, v any) error {
	var list []any
	switch c := v.(type) {
	case string:
		list = []any{c}
	case []any:
		if b.result.mode10 {
			return newErr(errInvalidContainerMapping, term+": array container in json-ld-1.0 mode")
		}
		list = c
	case nil:
		return nil
	default:
		return newErr(errInvalidContainerMapping, term)
	}
	var bits uint8
	for _, item := range list {
		s, _ := item.(string)
		var bit uint8
		switch s {
		case "@list":
			bit = cList
		case "@set":
			bit = cSet
		case "@index":
			bit = cIndex
		case "@language":
			bit = cLanguage
		case "@graph":
			bit = cGraph
		case "@id":
			bit = cID
		case "@type":
			bit = cType
		default:
			return newErr(errInvalidContainerMapping, term)
		}
		if b.result.mode10 && bit&(cGraph|cID|cType) != 0 {
			return newErr(errInvalidContainerMapping, term+": "+s+" in json-ld-1.0 mode")
		}
		bits |= bit
	}
	if !validContainer(bits, len(list)) {
		return newErr(errInvalidContainerMapping, term)
	}
	td.container = bits
	if bits&cType != 0 {
		if td.typ == "" {
			td.typ = "@id"
		}
		if td.typ != "@id" && td.typ != "@vocab" {
			return newErr(errInvalidTypeMapping, term+": @type containers need @type @id or @vocab")
		}
	}
	return nil
}

// validContainer checks the combinations §4.2.2 step 21.1 allows.
func validContainer(bits uint8, n int) bool {
	others := bits &^ cSet
	switch {
	case bits&cList != 0:
		return n == 1
	case bits&cGraph != 0:
		return others&^(cGraph|cID|cIndex) == 0 && others&(cID|cIndex) != cID|cIndex
	default:
		return others&(others-1) == 0 // at most one besides @set
	}
}

// setExtras handles @index, @context, @language, @direction, @nest and
// @prefix (§4.2.2 steps 22-27).
func (b *ctxBuilder) setExtras(td *termDef, term string, m map[string]any) error {
	res := b.result
	if v, ok := m["@index"]; ok {
		s, isStr := v.(string)
		if td.container&cIndex == 0 || !isStr {
			return newErr(errInvalidTermDefinition, term+": bad @index")
		}
		iri, ok, err := b.expandIRI(s, false, true, false)
		if err != nil {
			return err
		}
		if !ok || isKeyword(iri) || !strings.Contains(iri, ":") {
			return newErr(errInvalidTermDefinition, term+": @index must expand to an IRI")
		}
		td.index = s
	}
	if v, ok := m["@context"]; ok {
		next := b.remote[:len(b.remote):len(b.remote)]
		if _, err := b.st.processContext(res, v, b.baseURL, next, true, true, false); err != nil {
			if e, ok := err.(*Error); ok && e.Code == errContextOverflow {
				return err
			}
			return newErr(errInvalidScopedContext, term+": "+err.Error())
		}
		td.hasCtx, td.ctx, td.baseURL = true, v, b.baseURL
	}
	_, hasType := m["@type"]
	if v, ok := m["@language"]; ok && !hasType {
		switch l := v.(type) {
		case nil:
			td.hasLang, td.lang = true, ""
		case string:
			if !wellFormedLanguage(l) {
				if err := b.st.warn(safeInvalidLanguage, l); err != nil {
					return err
				}
			}
			td.hasLang, td.lang = true, lowerASCII(l)
		default:
			return newErr(errInvalidLanguageMapping, term)
		}
	}
	if v, ok := m["@direction"]; ok && !hasType {
		switch v {
		case nil:
			td.hasDir, td.dir = true, ""
		case "ltr", "rtl":
			td.hasDir, td.dir = true, v.(string)
		default:
			return newErr(errInvalidBaseDirection, term)
		}
	}
	if v, ok := m["@nest"]; ok {
		s, isStr := v.(string)
		if !isStr || (isKeyword(s) && s != "@nest") {
			return newErr(errInvalidNestValue, term)
		}
		td.nest = s
	}
	if v, ok := m["@prefix"]; ok {
		if strings.ContainsAny(term, ":/") {
			return newErr(errInvalidTermDefinition, term+": @prefix on a compact IRI or relative IRI term")
		}
		p, isBool := v.(bool)
		if !isBool {
			return newErr(errInvalidPrefixValue, term)
		}
		if p && isKeyword(td.iri) {
			return newErr(errInvalidTermDefinition, term+": keyword alias cannot be a prefix")
		}
		td.prefix = p
	}
	return nil
}

// expandIRI is IRI Expansion (JSON-LD 1.1 API §5.2.2) during context
// processing: it may define terms of the local context on the way unless
// noLocal is set. ok is false when the result is null.
func (b *ctxBuilder) expandIRI(value string, docRel, vocab, noLocal bool) (string, bool, error) {
	if isKeyword(value) {
		return value, true, nil
	}
	if hasKeywordForm(value) {
		return "", false, nil
	}
	if _, ok := b.local[value]; ok && !noLocal && !b.defined[value] {
		if err := b.createTerm(value); err != nil {
			return "", false, err
		}
	}
	res := b.result
	td := res.terms[value]
	if td != nil && isKeyword(td.iri) {
		return td.iri, true, nil
	}
	if vocab && td != nil {
		if td.nullIRI {
			return "", false, nil
		}
		return td.iri, true, nil
	}
	if c := strings.IndexByte(value, ':'); c > 0 {
		prefix, suffix := value[:c], value[c+1:]
		if prefix == "_" || strings.HasPrefix(suffix, "//") {
			return value, true, nil
		}
		if _, ok := b.local[prefix]; ok && !noLocal && !b.defined[prefix] {
			if err := b.createTerm(prefix); err != nil {
				return "", false, err
			}
		}
		if pd := res.terms[prefix]; pd != nil && !pd.nullIRI && pd.prefix {
			return pd.iri + suffix, true, nil
		}
		if hasIRIForm(value) {
			return value, true, nil
		}
	}
	if vocab && res.hasVocab {
		return res.vocab + value, true, nil
	}
	if docRel {
		return resolveIRI(res.base, value), true, nil
	}
	return value, true, nil
}

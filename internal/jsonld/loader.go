// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"github.com/akashi-badges/akashi/internal/ldcontext"
)

// DocumentLoader returns the parsed JSON (as produced by [ParseJSON]) of a
// remote context document.
type DocumentLoader interface {
	LoadDocument(url string) (any, error)
}

// EmbeddedLoader serves the contexts embedded in package ldcontext. Any
// other URL yields an error wrapping ldcontext.ErrUnknownContext; it never
// uses the network.
var EmbeddedLoader DocumentLoader = embeddedLoader{}

type embeddedLoader struct{}

func (embeddedLoader) LoadDocument(url string) (any, error) {
	b, err := ldcontext.Bytes(url)
	if err != nil {
		return nil, err
	}
	return ParseJSON(b)
}

// remoteCtx is a dereferenced context document: the value of its @context
// entry and its URL, against which its relative references resolve.
type remoteCtx struct {
	context any
	url     string
}

// remoteContext loads a context document once per processor (§4.1.2
// step 5.2.4: a context is never dereferenced twice).
func (p *Processor) remoteContext(url string) (*remoteCtx, error) {
	p.mu.Lock()
	rc := p.remote[url]
	p.mu.Unlock()
	if rc != nil {
		return rc, nil
	}
	if p.loader == nil {
		return nil, newErr(errLoadingRemoteContext, url+": no document loader")
	}
	doc, err := p.loader.LoadDocument(url)
	if err != nil {
		return nil, &Error{Code: errLoadingRemoteContext, Msg: url + ": " + err.Error(), err: err}
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, newErr(errInvalidRemoteContext, url+": not a JSON object")
	}
	c, ok := m["@context"]
	if !ok {
		return nil, newErr(errInvalidRemoteContext, url+": no @context entry")
	}
	rc = &remoteCtx{context: c, url: url}
	p.mu.Lock()
	if len(p.remote) < maxRemoteDocs {
		p.remote[url] = rc
	}
	p.mu.Unlock()
	return rc, nil
}

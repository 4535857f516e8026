// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/akashi-badges/akashi/internal/fetch"
)

// acceptJSONLD is the Accept header of every fetch: OB 2.0 documents are
// served as JSON-LD or JSON ("Setting Content-Type").
const acceptJSONLD = "application/ld+json, application/json"

// document is a linked document (BadgeClass, Profile, key, revocation list)
// as the verifier obtained it.
type document[T any] struct {
	ref    string         // the IRI it was linked by
	raw    map[string]any // its JSON; nil when not obtained
	val    T              // raw decoded; valid when ok
	ok     bool           // obtained and decoded
	source string         // URL its JSON was fetched from; "" when it came from the input
	err    error          // why it was not obtained, or could not be decoded
}

// id is the document's own "id".
func (d *document[T]) id() string {
	s, _ := d.raw["id"].(string)
	return s
}

// trusted reports whether the document was served from the origin of its
// own id: fetched from its id, or embedded in a document fetched from that
// origin. Only such documents may say who an issuer is or which keys and
// policies it has.
func (d *document[T]) trusted() bool {
	if !d.ok || d.source == "" {
		return false
	}
	// An id that is no URL (urn:uuid:...) has no origin of its own: the
	// document it came in vouches for it.
	return sameOrigin(d.id(), d.source) || !isHTTPURL(d.id())
}

// idMismatch describes a fetched document whose id is not the IRI it was
// fetched by, or "" when they agree.
func (d *document[T]) idMismatch() string {
	if !d.ok || d.source == "" || d.source != d.ref || stripFragment(d.id()) == stripFragment(d.ref) {
		return ""
	}
	return fmt.Sprintf("The document at %s gives its id as %q.", d.ref, d.id())
}

// offline reports whether the document is missing only because the fetcher
// is offline.
func (d *document[T]) offline() bool { return errors.Is(d.err, fetch.ErrOffline) }

// statusError is a fetch answered with a non-2xx HTTP status.
type statusError struct {
	url    string
	status int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("ob2: %s answered HTTP %d %s", e.url, e.status, http.StatusText(e.status))
}

var errNotObject = errors.New("ob2: not a JSON object")

// decodeObject parses b as one JSON object.
func decodeObject(b []byte) (map[string]any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, errNotObject
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("ob2: %w", err)
	}
	return m, nil
}

// decodeMap decodes a JSON object already parsed into a map. A property of
// the wrong shape is left out rather than failing the whole document: the
// schema check reports it, and the other checks still see the rest.
func decodeMap[T any](m map[string]any) (T, error) {
	var v T
	b, err := json.Marshal(m)
	if err != nil {
		return v, fmt.Errorf("ob2: %w", err)
	}
	if json.Unmarshal(b, &v) == nil {
		return v, nil
	}
	v = *new(T)
	for key, val := range m {
		one, err := json.Marshal(map[string]any{key: val})
		if err != nil {
			return v, fmt.Errorf("ob2: %w", err)
		}
		_ = json.Unmarshal(one, &v) // the schema check reports the property
	}
	return v, nil
}

// fetchDocument GETs url and decodes the JSON object it answers.
func fetchDocument[T any](ctx context.Context, f *fetch.Fetcher, url string) document[T] {
	d := document[T]{ref: url}
	resp, err := f.Get(ctx, url, acceptJSONLD)
	if err != nil {
		d.err = err
		return d
	}
	if resp.Status < 200 || resp.Status > 299 {
		d.err = &statusError{url: url, status: resp.Status}
		return d
	}
	return fromJSON[T](url, resp.Body, url)
}

// fromJSON builds a document from its JSON bytes.
func fromJSON[T any](ref string, body []byte, source string) document[T] {
	d := document[T]{ref: ref, source: source}
	d.raw, d.err = decodeObject(body)
	if d.err != nil {
		d.err = fmt.Errorf("%s: %w", ref, d.err)
		return d
	}
	return decoded(d)
}

func decoded[T any](d document[T]) document[T] {
	v, err := decodeMap[T](d.raw)
	if err != nil {
		d.err = fmt.Errorf("%s cannot be read: %w", d.ref, err)
		return d
	}
	d.val, d.ok = v, true
	return d
}

// resolve obtains the document linked by link, a property value that is an
// IRI or an embedded object. An embedded object is used as it is when
// refetch is false or when it is trusted (see [document.trusted]);
// otherwise it is fetched from its id, and the embedded copy is kept, not
// trusted, only when that fails.
func resolve[T any](ctx context.Context, f *fetch.Fetcher, link any, containerSource string, refetch bool) document[T] {
	switch l := link.(type) {
	case string:
		if !isHTTPURL(l) {
			return document[T]{ref: l, err: fmt.Errorf("ob2: %q is not an HTTP(S) URL and cannot be fetched", l)}
		}
		return fetchDocument[T](ctx, f, l)
	case map[string]any:
		ref, _ := l["id"].(string)
		d := decoded(document[T]{ref: ref, raw: l, source: containerSource})
		if !refetch || d.trusted() || !isHTTPURL(ref) {
			if !d.trusted() {
				d.source = ""
			}
			return d
		}
		fetched := fetchDocument[T](ctx, f, ref)
		if fetched.ok {
			return fetched
		}
		d.source, d.err = "", fetched.err
		return d
	case nil:
		return document[T]{err: errors.New("ob2: no link")}
	}
	return document[T]{err: fmt.Errorf("ob2: link is a %T, want an IRI or an object", link)}
}

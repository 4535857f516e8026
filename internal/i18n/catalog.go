// SPDX-License-Identifier: Apache-2.0

package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

//go:embed messages/*.json
var messageFiles embed.FS

// Catalog holds the messages of every supported language. It is safe for
// concurrent use.
type Catalog struct {
	messages map[Lang]map[string]string

	mu      sync.Mutex
	missing map[string]struct{} // "lang:key" of lookups that missed
}

var (
	defaultOnce    sync.Once
	defaultCatalog *Catalog
)

// Default returns the catalog built from the embedded message files. The
// files are parsed on the first call; the tests make sure they parse, so a
// broken file panics here rather than rendering half-translated pages.
func Default() *Catalog {
	defaultOnce.Do(func() {
		c, err := load(messageFiles)
		if err != nil {
			panic(err)
		}
		defaultCatalog = c
	})
	return defaultCatalog
}

// load reads, for every supported language, messages/<lang>.json and any
// messages/<area>.<lang>.json (one file per area keeps parallel work from
// colliding). A key defined twice for one language is an error.
func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{messages: make(map[Lang]map[string]string), missing: make(map[string]struct{})}
	for _, l := range Supported {
		files, err := fs.Glob(fsys, "messages/*"+string(l)+".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := make(map[string]string)
		for _, name := range files {
			if base := strings.TrimPrefix(name, "messages/"); base != string(l)+".json" && !strings.HasSuffix(base, "."+string(l)+".json") {
				continue
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
			part := make(map[string]string)
			if err := json.Unmarshal(data, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q is defined in another file too", name, k)
				}
				m[k] = v
			}
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("i18n: no messages for %s", l)
		}
		c.messages[l] = m
	}
	return c, nil
}

// T returns the message key in lang with its parameters filled in. args
// alternate parameter names and values: T(lang, "members.invited", "email",
// addr) replaces "{email}" with fmt.Sprint(addr). A placeholder with no
// argument stays as it is, so the gap is visible. A key that lang does not
// have, or a language that is not supported, gives "[key]"; the miss is
// recorded for [Catalog.Missing].
func (c *Catalog) T(lang Lang, key string, args ...any) string {
	msg, ok := c.messages[lang][key]
	if !ok {
		c.mu.Lock()
		c.missing[string(lang)+":"+key] = struct{}{}
		c.mu.Unlock()
		return "[" + key + "]"
	}
	if len(args) < 2 || !strings.Contains(msg, "{") {
		return msg
	}
	return fill(msg, args)
}

// fill replaces each {name} in msg whose name appears in args.
func fill(msg string, args []any) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(msg, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(msg[open:], '}')
		if end < 0 {
			break
		}
		end += open
		b.WriteString(msg[:open])
		if v, ok := arg(args, msg[open+1:end]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(msg[open : end+1])
		}
		msg = msg[end+1:]
	}
	b.WriteString(msg)
	return b.String()
}

// arg finds the value of the parameter name in alternating name, value args.
func arg(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if fmt.Sprint(args[i]) == name {
			return fmt.Sprint(args[i+1]), true
		}
	}
	return "", false
}

// Has reports whether lang has a message for key.
func (c *Catalog) Has(lang Lang, key string) bool {
	_, ok := c.messages[lang][key]
	return ok
}

// Keys returns the keys of lang in sorted order; nil for an unsupported
// language.
func (c *Catalog) Keys(lang Lang) []string {
	m := c.messages[lang]
	if m == nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Missing returns the lookups of [Catalog.T] that found no message since the
// catalog was loaded, as sorted "lang:key" strings. Page and e-mail tests
// render through the catalog and then require Missing to be empty.
func (c *Catalog) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.missing))
	for k := range c.missing {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

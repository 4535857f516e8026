// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// This file reads a few members of a JSON object without decoding the rest,
// for the signing hot path. It only accepts COMPACT, VALID JSON (the output
// of json.Compact): it skips values by counting brackets outside strings and
// never re-checks the syntax.

// member is one member of a JSON object; value is its raw JSON.
type member struct {
	key   string
	value []byte
}

var errScan = errors.New("ob3: not a compact JSON object")

// objectMembers splits a compact, valid JSON object into its members in
// order. Keys are unescaped; values stay raw.
func objectMembers(obj []byte) ([]member, error) {
	if len(obj) < 2 || obj[0] != '{' {
		return nil, errScan
	}
	var out []member
	i := 1
	if obj[i] == '}' {
		return out, nil
	}
	for i < len(obj) {
		keyEnd, err := skipValue(obj, i)
		if err != nil || obj[i] != '"' || keyEnd >= len(obj) || obj[keyEnd] != ':' {
			return nil, errScan
		}
		key, err := jsonString(obj[i:keyEnd])
		if err != nil {
			return nil, err
		}
		valEnd, err := skipValue(obj, keyEnd+1)
		if err != nil || valEnd >= len(obj) || valEnd == keyEnd+1 {
			return nil, errScan
		}
		out = append(out, member{key, obj[keyEnd+1 : valEnd]})
		switch obj[valEnd] {
		case '}':
			return out, nil
		case ',':
			i = valEnd + 1
		default:
			return nil, errScan
		}
	}
	return nil, errScan
}

// skipValue returns the index just after the value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errScan
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); {
			switch b[j] {
			case '"':
				end, err := skipString(b, j)
				if err != nil {
					return 0, err
				}
				j = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
			j++
		}
		return 0, errScan
	default: // number, true, false, null
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
			j++
		}
		return j, nil
	}
}

func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errScan
}

// jsonString decodes a raw JSON string value; anything else is an error.
// Like encoding/json, it turns invalid UTF-8 into U+FFFD.
func jsonString(v []byte) (string, error) {
	if len(v) < 2 || v[0] != '"' {
		return "", errScan
	}
	if bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

// memberString returns the string value of key in a compact JSON object
// ("" when absent or not a string).
func memberString(obj []byte, key string) string {
	ms, err := objectMembers(obj)
	if err != nil {
		return ""
	}
	for _, m := range ms {
		if m.key == key {
			s, _ := jsonString(m.value)
			return s
		}
	}
	return ""
}

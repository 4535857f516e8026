// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"net/url"
	"strings"
)

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// isIRI reports whether s is an absolute IRI (https URL, urn:uuid:, data:
// URI ...).
func isIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Opaque != "" || u.Host != "" || u.Path != "")
}

// origin returns the RFC 6454 origin of an http(s) URL ("https://host:port"
// with the default port omitted), or "" for anything else.
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return u.Scheme + "://" + host
}

// sameOrigin reports whether a and b are http(s) URLs of one origin.
func sameOrigin(a, b string) bool {
	oa := origin(a)
	return oa != "" && oa == origin(b)
}

func stripFragment(s string) string {
	before, _, _ := strings.Cut(s, "#")
	return before
}

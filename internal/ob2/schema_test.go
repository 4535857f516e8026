// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSchemaProblems(t *testing.T) {
	const badge = `{"id":"https://i.test/b","type":"BadgeClass","name":"B","description":"D","image":"https://i.test/b.png",
		"criteria":{"narrative":"N"},"issuer":"https://i.test/p"}`
	tests := []struct {
		name  string
		check func(props)
		kind  string
		doc   string
		want  string // "" when no problem is expected
	}{
		{"valid badge", badgeClassProps, "BadgeClass", badge, ""},
		{"badge tags array", badgeClassProps, "BadgeClass", strings.Replace(badge, `"name":"B"`, `"name":"B","tags":["a","b"]`, 1), ""},
		{"badge tags with number", badgeClassProps, "BadgeClass", strings.Replace(badge, `"name":"B"`, `"name":"B","tags":["a",1]`, 1), `"tags" must be text or an array of text`},
		{"badge alignment not object", badgeClassProps, "BadgeClass", strings.Replace(badge, `"name":"B"`, `"name":"B","alignment":["x"]`, 1), `"alignment" must be an object`},
		{"badge name number", badgeClassProps, "BadgeClass", strings.Replace(badge, `"name":"B"`, `"name":7`, 1), `"name" must be text`},
		{"badge name null", badgeClassProps, "BadgeClass", strings.Replace(badge, `"name":"B"`, `"name":null`, 1), `missing the required property "name"`},
		{"badge wrong type", badgeClassProps, "BadgeClass", strings.Replace(badge, `"BadgeClass"`, `"Badge"`, 1), `"type" must be one of "BadgeClass"`},
		{"badge image relative", badgeClassProps, "BadgeClass", strings.Replace(badge, `https://i.test/b.png`, `b.png`, 1), `"image" must be an IRI or an object`},
		{"badge image data URI", badgeClassProps, "BadgeClass", strings.Replace(badge, `https://i.test/b.png`, `data:image/png;base64,AAAA`, 1), ""},
		{"profile Issuer type", profileProps, "Profile", `{"id":"https://i.test/p","type":"Issuer","name":"N","url":"https://i.test","email":"a@i.test"}`, ""},
		{"profile Profile type", profileProps, "Profile", `{"id":"https://i.test/p","type":["Profile"],"name":"N","url":"https://i.test","email":"a@i.test"}`, ""},
		{"profile publicKey number", profileProps, "Profile", `{"id":"https://i.test/p","type":"Issuer","name":"N","url":"https://i.test","email":"a@i.test","publicKey":[3]}`, `"publicKey" must be an IRI`},
		{"assertion recipient not object", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":"a@i.test","badge":"https://i.test/b","verification":{"type":"HostedBadge"},"issuedOn":"2020-01-01T00:00:00Z"}`, `"recipient" must be an object`},
		{"assertion recipient identity missing", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":{"type":"email"},"badge":"https://i.test/b","verification":{"type":"HostedBadge"},"issuedOn":"2020-01-01T00:00:00Z"}`, `Assertion recipient is missing the required property "identity"`},
		{"assertion hashed string", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":{"type":"email","identity":"x","hashed":"true"},"badge":"https://i.test/b","verification":{"type":"HostedBadge"},"issuedOn":"2020-01-01T00:00:00Z"}`, `"hashed" must be true or false`},
		{"assertion verify alias", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":{"type":"email","identity":"x"},"badge":"https://i.test/b","verify":{"type":"hosted"},"issuedOn":"2020-01-01T00:00:00Z"}`, ""},
		{"assertion verification without type", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":{"type":"email","identity":"x"},"badge":"https://i.test/b","verification":{},"issuedOn":"2020-01-01T00:00:00Z"}`, `Assertion verification is missing the required property "type"`},
		{"assertion issuedOn unix", assertionProps, "Assertion", `{"id":"urn:uuid:1","recipient":{"type":"email","identity":"x"},"badge":"https://i.test/b","verification":{"type":"hosted"},"issuedOn":1483228799}`, `"issuedOn" must be an ISO 8601`},
		{"assertion id relative", assertionProps, "Assertion", `{"id":"1","recipient":{"type":"email","identity":"x"},"badge":"https://i.test/b","verification":{"type":"hosted"},"issuedOn":"2020-01-01T00:00:00Z"}`, `"id" must be an absolute IRI`},
	}
	for _, tt := range tests {
		var m map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var o outcome
		tt.check(props{&o, tt.kind, m})
		got := strings.Join(o.msgs, " ")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: problems = %q, want %q", tt.name, got, tt.want)
		}
	}
}

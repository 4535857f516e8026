// SPDX-License-Identifier: Apache-2.0

package jose_test

import (
	"crypto/ed25519"
	"fmt"

	"github.com/akashi-badges/akashi/internal/jose"
)

func Example() {
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	token, err := jose.Sign([]byte(`{"hello":"world"}`), jose.Header{Kid: "key-1", Typ: "JWT"}, key)
	if err != nil {
		panic(err)
	}
	fmt.Println(token)

	jws, err := jose.Parse(token)
	if err != nil {
		panic(err)
	}
	fmt.Println(jws.Header.Alg, jws.Header.Kid, string(jws.Payload))
	fmt.Println(jws.Verify(key.Public()))
	// Output:
	// eyJhbGciOiJFZERTQSIsImtpZCI6ImtleS0xIiwidHlwIjoiSldUIn0.eyJoZWxsbyI6IndvcmxkIn0.6iHOI5he5PP5uqYmvKREbdotpAuRcjyD-V6mxKZobQg7cIrfnQiiId3bBDtVOZevlesw25miOdqBrIqc8qADBQ
	// EdDSA key-1 {"hello":"world"}
	// <nil>
}

// SPDX-License-Identifier: Apache-2.0

package bake_test

import (
	"fmt"
	"os"

	"github.com/akashi-badges/akashi/internal/bake"
)

func Example() {
	img, err := os.ReadFile("testdata/badge.svg")
	if err != nil {
		panic(err)
	}
	credential := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}`)
	baked, err := bake.Bake(img, bake.Payload{Version: bake.OB3, Data: credential}, nil)
	if err != nil {
		panic(err)
	}
	p, err := bake.Unbake(baked, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(bake.Sniff(baked), p.Version, p.IsJWS(), string(p.Data) == string(credential))
	// Output: svg OB3 false true
}

// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package jsonld

import "time"

// cpuTime is not measured on this platform; cpu-ns/op then reads 0.
func cpuTime() time.Duration { return 0 }

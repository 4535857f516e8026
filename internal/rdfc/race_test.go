// SPDX-License-Identifier: Apache-2.0

//go:build race

package rdfc

// raceEnabled is set under -race, where sync.Pool drops items at random
// and allocation counts mean nothing.
const raceEnabled = true

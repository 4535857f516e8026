// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"fmt"
	"io"
)

// readLimited reads at most limit bytes from r; a declared or actual length
// above limit is ErrTooLarge. Reading one byte more than the limit tells a
// body of exactly limit bytes from a longer one.
func readLimited(r io.Reader, declared, limit int64) ([]byte, error) {
	if declared > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d", ErrTooLarge, declared, limit)
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return body, nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/akashi-badges/akashi/internal/store"
)

// perPage is how many rows a paged list shows.
const perPage = 25

// pager is the position in a paged list and the links to its neighbours.
type pager struct {
	Page, Pages int
	Prev, Next  string // addresses; "" at either end
}

// pageOf reads ?page=N (from 1) of r.
func pageOf(r *http.Request) (int, store.Page) {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		n = 1
	}
	return n, store.Page{Offset: (n - 1) * perPage, Limit: perPage}
}

// newPager returns the pager of page n of total rows at path.
func newPager(path string, n, total int) pager {
	pg := pager{Page: n, Pages: max(1, (total+perPage-1)/perPage)}
	if n > 1 {
		pg.Prev = path + "?page=" + strconv.Itoa(min(n-1, pg.Pages))
	}
	if n < pg.Pages {
		pg.Next = path + "?page=" + strconv.Itoa(n+1)
	}
	return pg
}

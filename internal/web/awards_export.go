// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/akashi-badges/akashi/internal/awardcsv"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/store"
)

// exportChunk is how many awards the export reads at a time.
const exportChunk = 1000

// exportColumns are the message keys of the export's header row.
var exportColumns = []string{
	"awards.csv.id", "awards.name", "awards.email", "awards.badge", "awards.revision", "awards.state",
	"awards.issued", "awards.expires", "awards.revoked_on", "awards.revocation_reason", "awards.public_url",
}

// awardsExport writes the history with the page's filters as CSV that
// Excel opens correctly (UTF-8 with a byte order mark, CRLF, formulas
// neutralised), header in the visitor's language. It is streamed a chunk
// at a time, so a large history needs little memory.
func (h *Handler) awardsExport(w http.ResponseWriter, r *http.Request) {
	v := visitorFrom(r)
	orgID := v.current.OrgID
	f := readAwardsFilter(r.URL.Query())
	sf := f.store()
	sf.Page = store.Page{Limit: exportChunk}
	first, total, err := h.svc.Awards(r.Context(), orgID, sf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, names, err := h.orgBadgeNames(r, orgID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := h.now()
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="awards-`+now.In(tokyo).Format("20060102")+`.csv"`)
	hd.Set("Cache-Control", "no-store")
	cw := awardcsv.NewExcelWriter(w)
	header := make([]string, len(exportColumns))
	for i, k := range exportColumns {
		header[i] = h.cat.T(v.lang, k)
	}
	cw.Write(header)
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(tokyo).Format(time.DateOnly)
	}
	as := first
	for off := 0; ; {
		for _, a := range as {
			name := ""
			if b := names[a.BadgeClassID]; b != nil {
				name = b.Name(string(v.lang))
			}
			cw.Write([]string{strconv.FormatInt(a.ID, 10), a.RecipientName, a.RecipientEmail, name, strconv.Itoa(a.Revision),
				h.cat.T(v.lang, "award.state."+a.State(now)), day(&a.IssuedAt), day(a.ExpiresAt), day(a.RevokedAt),
				a.RevocationReason, h.svc.AwardURL(a)})
		}
		off += len(as)
		// Each chunk goes out as it is read; a client gone away stops it.
		if cw.Flush(); cw.Error() != nil || len(as) < exportChunk || off >= total {
			break
		}
		sf.Page.Offset = off
		if as, _, err = h.svc.Awards(r.Context(), orgID, sf); err != nil {
			// The header is sent; all that can be done is to stop and log.
			h.log.Error("awards export stopped", "request_id", httpx.RequestID(r.Context()), "err", err)
			break
		}
	}
	cw.Flush()
}

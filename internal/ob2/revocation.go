// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"fmt"
)

// checkSignedStatus looks the assertion up in the issuer's revocation list
// (OB 2.0 #SignedBadge step 7, #RevocationList).
func (st *run) checkSignedStatus(ctx context.Context) {
	var o outcome
	passMsg := "The issuer publishes no revocation list, so the assertion is not revoked."
	switch {
	case st.asrt.raw["revoked"] == true:
		revoked(&o, stringProp(st.asrt.raw, "revocationReason"))
	case !st.issuer.trusted():
		o.warn("Revocation could not be checked because the issuer Profile was not obtained from its id.")
	case st.issuer.raw["revocationList"] != nil:
		list := resolve[RevocationList](ctx, st.f, st.issuer.raw["revocationList"], st.issuer.source, true)
		passMsg = fmt.Sprintf("The assertion is not in the issuer's revocation list %s.", list.ref)
		st.lookUpRevocation(&o, &list)
	}
	o.emit(st.r, "status", passMsg)
}

func (st *run) lookUpRevocation(o *outcome, list *document[RevocationList]) {
	switch {
	case list.ok && list.trusted():
	case list.offline():
		o.warn("Revocation could not be checked: the revocation list %s could not be fetched (offline).", list.ref)
		return
	default:
		o.fail("Revocation could not be checked: the revocation list %s could not be fetched: %s.", list.ref, notTrustedReason(list.err))
		return
	}
	id, uid := stringProp(st.asrt.raw, "id"), stringProp(st.asrt.raw, "uid")
	for _, e := range list.val.RevokedAssertions {
		listed := (e.ID != "" && e.ID == id) || (e.UID != "" && e.UID == uid)
		if listed && (e.Revoked == nil || *e.Revoked) {
			revoked(o, e.RevocationReason)
			return
		}
	}
}

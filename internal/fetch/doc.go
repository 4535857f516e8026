// SPDX-License-Identifier: Apache-2.0

// Package fetch is the one HTTP client of the verifier. Every network access
// made while verifying a credential goes through a [Fetcher]: Open Badges 2.0
// hosted assertions, badge classes, issuer profiles and keys, revocation and
// status lists, did:web documents and JWK sets.
//
// Verifying a badge means fetching URLs chosen by whoever made the badge, so
// the fetcher is built against server-side request forgery (DESIGN §6, "a
// verifier refuses private-network URLs unless told otherwise"):
//
//   - Only https URLs are fetched unless [Options.AllowHTTP] is set.
//   - Loopback, private (RFC 1918, RFC 4193 fc00::/7), link-local, shared
//     address space (RFC 6598 100.64.0.0/10), unspecified, multicast,
//     "this network" (0.0.0.0/8), reserved (240.0.0.0/4) and IPv4-mapped,
//     IPv4-compatible, NAT64 and 6to4 forms of those addresses are refused
//     unless [Options.AllowPrivate] is set. The check runs on the address
//     actually dialled (net.Dialer.Control), after DNS resolution, so a name
//     that resolves to a public address at check time and a private one at
//     connect time (DNS rebinding) cannot get through.
//   - Redirects are followed up to [Options.MaxRedirects] times; each hop is
//     checked again (scheme and address).
//   - The whole request, body included, is bounded by [Options.Timeout], and
//     the body by [Options.MaxBytes].
//   - Environment proxies are ignored: a proxy would dial on our behalf and
//     the address check would only see the proxy.
//
// For air-gapped use and tests, [Options.URLMap] answers chosen URLs from
// local files (the `--url-map` flag of `akashi verify`, DESIGN §5) and
// [Options.Offline] turns the network off entirely.
package fetch

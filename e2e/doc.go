// SPDX-License-Identifier: Apache-2.0

// Package e2e holds the browser tests: they start the real server
// (app.Main) on 127.0.0.1:0 with a temporary SQLite database and the demo
// organisation, and drive the pages in headless Chromium with chromedp.
//
// Without a Chromium on the PATH the tests skip and say why, except under
// CI=true, where a skipped browser test would hide a broken page: there
// they fail. Debian and Ubuntu: apt-get install chromium.
package e2e

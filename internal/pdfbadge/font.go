// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"errors"
	"fmt"
	"os"
)

// FontPaths are where [FindFont] looks for a TrueType font that covers
// Japanese, in order: Debian's and Ubuntu's IPAex Gothic
// (fonts-ipaexfont-gothic), IPA Gothic, then the same fonts where other
// distributions and Homebrew put them.
var FontPaths = []string{
	"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
	"/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
	"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
	"/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
	"/usr/share/fonts/ipa-ex-gothic/ipaexg.ttf",
	"/usr/share/fonts/ipaexfont/ipaexg.ttf",
	"/usr/share/fonts/TTF/ipaexg.ttf",
	"/usr/local/share/fonts/ipaexg.ttf",
	"/opt/homebrew/share/fonts/ipaexg.ttf",
}

// ErrNoFont reports that no usable font was found.
var ErrNoFont = errors.New("pdfbadge: no Japanese TrueType font found")

// FindFont returns the font file to use: configured when it is set (an
// error if it cannot be read), otherwise the first of [FontPaths] that
// exists. It returns an error wrapping [ErrNoFont] when there is none,
// saying how to get one.
func FindFont(configured string) (string, error) {
	if configured != "" {
		if _, err := os.Stat(configured); err != nil {
			return "", fmt.Errorf("%w: the configured font %s: %v", ErrNoFont, configured, err)
		}
		return configured, nil
	}
	for _, p := range FontPaths {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: install IPAex Gothic (Debian: apt-get install fonts-ipaexfont-gothic) or give a TrueType font with --pdf-font", ErrNoFont)
}

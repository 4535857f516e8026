// SPDX-License-Identifier: Apache-2.0

package pgtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// debianBinDirs is where Debian and Ubuntu install the server binaries,
// which they keep off PATH.
const debianBinDirs = "/usr/lib/postgresql/*/bin"

// findBinaries returns the directory holding initdb and postgres: from
// PATH, else the newest installation matching the glob binDirs.
func findBinaries(binDirs string) (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if dir := filepath.Dir(p); hasServer(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob(binDirs)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, dir := range dirs {
		if hasServer(dir) {
			return dir, nil
		}
	}
	return "", errNoBinaries
}

func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
			return false
		}
	}
	return true
}

// version returns the major version in /usr/lib/postgresql/VERSION/bin.
func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

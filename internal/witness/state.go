// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// stateDir keeps, for each log, the latest checkpoint the witness cosigned:
// one file per origin holding the signed note as the log sent it, so the
// state is also evidence of what the log said. A directory has one writer:
// the Server that owns it.
type stateDir string

// path names an origin's file by its hash: origins are URLs of any length
// and any characters, file names are not.
func (d stateDir) path(origin string) string {
	h := sha256.Sum256([]byte(origin))
	return filepath.Join(string(d), hex.EncodeToString(h[:])+".checkpoint")
}

// load returns the latest cosigned checkpoint of origin, or the empty tree
// when the witness has cosigned none.
func (d stateDir) load(origin string) (tlog.Checkpoint, error) {
	b, err := os.ReadFile(d.path(origin))
	if errors.Is(err, fs.ErrNotExist) {
		return tlog.Checkpoint{Origin: origin, Root: emptyRoot}, nil
	}
	if err != nil {
		return tlog.Checkpoint{}, fmt.Errorf("witness: reading state: %w", err)
	}
	i := bytes.LastIndex(b, []byte("\n\n"))
	if i < 0 {
		return tlog.Checkpoint{}, fmt.Errorf("witness: state of %q is not a signed note", origin)
	}
	c, err := tlog.ParseCheckpoint(string(b[:i+1]))
	if err != nil || c.Origin != origin {
		return tlog.Checkpoint{}, fmt.Errorf("witness: state of %q is corrupt", origin)
	}
	return c, nil
}

// store replaces origin's state with signed. The new file is written
// aside, synced, renamed over the old one and the directory synced, so a
// crash leaves either the old state or the new one, never a torn file or a
// rollback.
func (d stateDir) store(origin string, signed []byte) (err error) {
	f, err := os.CreateTemp(string(d), ".tmp-*")
	if err != nil {
		return fmt.Errorf("witness: writing state: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("witness: writing state: %w", err)
		}
	}()
	if _, err := f.Write(signed); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), d.path(origin)); err != nil {
		return err
	}
	return syncDir(string(d))
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// emptyRoot is the RFC 6962 root of the empty tree, SHA-256 of nothing.
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// maxRequestBytes bounds an add-checkpoint body: 63 proof lines and a
// checkpoint with its signatures are a few kilobytes, post-quantum ones
// included.
const maxRequestBytes = 256 << 10

// Config is what a witness needs to serve.
type Config struct {
	Cosigner *Cosigner
	// StateDir holds the latest cosigned checkpoint of each log. It must
	// exist, and only one Server may use it at a time.
	StateDir string
	// LogKeys are the verifier keys (signed-note Ed25519, type 0x01) of the
	// logs the witness follows. A key's name is its log's origin; several
	// keys with one name are one log that signs with any of them.
	LogKeys []string
	Logger  *slog.Logger // nil discards
}

// Server is a tlog-witness witness: an http.Handler serving
// POST /add-checkpoint.
type Server struct {
	cosigner *Cosigner
	state    stateDir
	logs     map[string]*followedLog // by origin; fixed after NewServer
	logger   *slog.Logger
	mux      *http.ServeMux
}

// followedLog is one log the witness follows. mu makes each check of the
// old size and the store of the new checkpoint one step, so that two
// requests racing cannot roll the log back.
type followedLog struct {
	verifiers note.Verifiers
	mu        sync.Mutex
}

// NewServer returns a witness serving c.
func NewServer(c Config) (*Server, error) {
	if c.Cosigner == nil {
		return nil, errors.New("witness: no cosigner key")
	}
	if st, err := os.Stat(c.StateDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("witness: state directory %q: not a directory", c.StateDir)
	}
	byOrigin := map[string][]note.Verifier{}
	for _, k := range c.LogKeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return nil, fmt.Errorf("witness: log key %q: %w", k, err)
		}
		byOrigin[v.Name()] = append(byOrigin[v.Name()], v)
	}
	if len(byOrigin) == 0 {
		return nil, errors.New("witness: no logs to follow")
	}
	s := &Server{cosigner: c.Cosigner, state: stateDir(c.StateDir), logs: map[string]*followedLog{}, logger: c.Logger, mux: http.NewServeMux()}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	for origin, vs := range byOrigin {
		s.logs[origin] = &followedLog{verifiers: note.VerifierList(vs...)}
	}
	s.mux.HandleFunc("POST /add-checkpoint", s.serveAddCheckpoint)
	return s, nil
}

// ServeHTTP serves the witness's routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// refusal is an add-checkpoint answer other than a cosignature: the HTTP
// status tlog-witness prescribes, and the body.
type refusal struct {
	status int
	msg    string
	size   int64 // for a 409 of a wrong old size: the witness's size
}

func (e *refusal) Error() string { return e.msg }

func refuse(status int, msg string) *refusal { return &refusal{status: status, msg: msg, size: -1} }

func (s *Server) serveAddCheckpoint(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	cosig, err := s.addCheckpoint(body)
	var ref *refusal
	switch {
	case errors.As(err, &ref) && ref.size >= 0:
		w.Header().Set("Content-Type", "text/x.tlog.size")
		w.WriteHeader(ref.status)
		fmt.Fprintf(w, "%d\n", ref.size)
	case errors.As(err, &ref):
		http.Error(w, ref.msg, ref.status)
	case err != nil:
		s.logger.Error("add-checkpoint", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(cosig)
	}
}

// addCheckpoint runs the checks of tlog-witness in its order and, when
// they pass, records the checkpoint and returns the cosignature line.
func (s *Server) addCheckpoint(body []byte) ([]byte, error) {
	req, err := ParseAddCheckpointRequest(body)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, err.Error())
	}
	origin, _, _ := bytes.Cut(req.Checkpoint, []byte("\n"))
	fl := s.logs[string(origin)]
	if fl == nil {
		return nil, refuse(http.StatusNotFound, "unknown log")
	}
	n, err := note.Open(req.Checkpoint, fl.verifiers)
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	if errors.As(err, &unverified) || errors.As(err, &invalid) {
		return nil, refuse(http.StatusForbidden, "checkpoint not signed by the log")
	} else if err != nil {
		return nil, refuse(http.StatusBadRequest, "malformed checkpoint note")
	}
	c, err := tlog.ParseCheckpoint(n.Text)
	if err != nil || c.Size == 0 && c.Root != emptyRoot {
		return nil, refuse(http.StatusBadRequest, "malformed checkpoint")
	}
	if req.OldSize > c.Size {
		return nil, refuse(http.StatusBadRequest, "old size is larger than the checkpoint")
	}

	fl.mu.Lock()
	defer fl.mu.Unlock()
	prev, err := s.state.load(c.Origin)
	if err != nil {
		return nil, err
	}
	if err := s.checkConsistency(prev, req, c); err != nil {
		return nil, err
	}
	if c.Size != prev.Size {
		if err := s.state.store(c.Origin, req.Checkpoint); err != nil {
			return nil, err
		}
	}
	signed, err := note.Sign(&note.Note{Text: n.Text}, s.cosigner)
	if err != nil {
		return nil, err
	}
	s.logger.Info("cosigned", "origin", c.Origin, "size", c.Size, "old", prev.Size)
	return signed[len(n.Text)+1:], nil // the signature lines only
}

// checkConsistency decides whether c may follow prev, the latest
// checkpoint the witness cosigned.
func (s *Server) checkConsistency(prev tlog.Checkpoint, req *AddCheckpointRequest, c tlog.Checkpoint) error {
	if req.OldSize != prev.Size {
		return &refusal{status: http.StatusConflict, msg: "old size is not the witness's", size: prev.Size}
	}
	switch {
	case c.Size == prev.Size && c.Root != prev.Root:
		// Two trees of one size: the log forked. Keep the evidence.
		s.logger.Warn("log fork", "origin", c.Origin, "size", c.Size, "checkpoint", string(req.Checkpoint))
		return refuse(http.StatusConflict, "checkpoint has the witness's size but another root hash")
	case c.Size == prev.Size && len(req.Proof) > 0:
		return refuse(http.StatusUnprocessableEntity, "consistency proof must be empty for an unchanged tree")
	case c.Size == prev.Size, prev.Size == 0:
		return nil
	}
	if err := tlog.CheckConsistency(req.Proof, c.Size, c.Root, prev.Size, prev.Root); err != nil {
		// The log signed it, so a bad proof may be evidence of misbehaviour.
		s.logger.Warn("bad consistency proof", "origin", c.Origin, "old", prev.Size, "size", c.Size,
			"checkpoint", string(req.Checkpoint))
		return refuse(http.StatusUnprocessableEntity, "consistency proof does not verify")
	}
	return nil
}

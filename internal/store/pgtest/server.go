// SPDX-License-Identifier: Apache-2.0

package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// server is a running postgres child process.
type server struct {
	dir    string // owned by the server's OS user: data/, socket, log
	port   int
	cmd    *exec.Cmd
	exited chan struct{}
	admin  *sql.DB
}

// start finds the binaries, creates a cluster and starts it. A non-empty
// skip says why PostgreSQL cannot run here at all.
func start() (s *server, skip string, err error) {
	bin, err := findBinaries(debianBinDirs)
	if err != nil {
		return nil, err.Error(), nil
	}
	attr, err := serverUser()
	if err != nil {
		return nil, err.Error(), nil
	}
	dir, err := makeDir(attr)
	if err != nil {
		return nil, "", err
	}
	if err := initdb(bin, dir, attr); err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	s, err = launch(bin, dir, attr)
	if err != nil {
		os.RemoveAll(dir)
	}
	return s, "", err
}

// initdb creates the cluster in dir/data.
func initdb(bin, dir string, attr *procAttr) error {
	cmd := exec.Command(filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	cmd.Env, cmd.Dir = childEnv(), dir
	cmd.SysProcAttr = attr.sys(false)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	return nil
}

// launch starts postgres on a free port, trying again if another process
// took the port first.
func launch(bin, dir string, attr *procAttr) (*server, error) {
	var err error
	for range 3 {
		var s *server
		if s, err = launchOnce(bin, dir, attr); err == nil {
			return s, nil
		}
	}
	return nil, err
}

func launchOnce(bin, dir string, attr *procAttr) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, port: port, exited: make(chan struct{})}
	if err := s.run(bin, attr); err != nil {
		return nil, err
	}
	if err := s.waitReady(30 * time.Second); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// run starts the postgres process. Durability is off: the data is thrown away.
func (s *server) run(bin string, attr *procAttr) error {
	logf, err := os.Create(filepath.Join(s.dir, "postgres.log"))
	if err != nil {
		return err
	}
	defer logf.Close() // the child keeps its own descriptor
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", filepath.Join(s.dir, "data"),
		"-p", strconv.Itoa(s.port), "-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+s.dir, "-c", "fsync=off",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300")
	s.cmd.Env, s.cmd.Dir = childEnv(), s.dir
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	s.cmd.SysProcAttr = attr.sys(true)
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	return nil
}

// waitReady polls until the server accepts connections.
func (s *server) waitReady(limit time.Duration) error {
	cfg, err := pgx.ParseConfig(s.url("postgres"))
	if err != nil {
		return err
	}
	s.admin = stdlib.OpenDB(*cfg)
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = s.admin.PingContext(ctx)
		cancel()
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited at start:\n%s", s.logTail())
		default:
		}
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *server) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// stop shuts the server down (fast shutdown, then kill) and removes its directory.
func (s *server) stop() {
	if s.admin != nil {
		s.admin.Close()
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	os.RemoveAll(s.dir)
}

func (s *server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// childEnv is a small, predictable environment for initdb and postgres.
func childEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C", "TZ=UTC"}
}

var errNoBinaries = errors.New("PostgreSQL binaries not on PATH (initdb, postgres)")

// Package pgtest starts a real PostgreSQL server for a package's tests:
// once per test binary, on first use, in a temporary directory on a free
// loopback port, with one database or schema per test. Main, called from
// TestMain, stops and removes it at the end.
//
// Without the server binaries the tests that ask for it skip; under
// CI=true they fail instead, and a server that is installed but does not
// start is a failure anywhere. As root the server runs as the system user
// parallax-pg (created if missing), since initdb and postgres refuse root.
package pgtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The server runs with fsync off: the tests check behaviour, not durability.

// pgUser is the system user the server runs as when the tests run as root,
// since initdb and postgres refuse to run as root.
const pgUser = "parallax-pg"

// Server is a running test server.
type Server struct {
	dir    string // owns data/, the socket and the log
	bin    string
	cred   *syscall.Credential
	port   int
	cmd    *exec.Cmd
	exit   chan error // receives the server process's exit
	mu     sync.Mutex // guards admin, shared and the process: a pgx.Conn serves one caller at a time
	admin  *pgx.Conn  // to template1, for CREATE DATABASE
	shared *pgx.Conn  // to parallax_tests, for CREATE SCHEMA; nil until needed
	made   bool       // parallax_tests exists
	n      atomic.Int64
}

var (
	once     sync.Once
	srv      *Server
	startErr error
)

// Main runs the package's tests (m.Run) and then stops and removes the
// server if one was started. Call it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if srv != nil {
		srv.stop()
		srv.remove()
	}
	return code
}

// Get returns the package's server, starting it on first use. Without the
// PostgreSQL binaries it skips t, except under CI=true, where it fails t,
// as it does anywhere when an installed server does not start.
func Get(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { srv, startErr = start() })
	switch {
	case startErr == nil:
		return srv
	case errors.Is(startErr, ErrNoBinaries) && os.Getenv("CI") != "true":
		t.Skip(startErr.Error())
	default:
		t.Fatalf("these tests need a PostgreSQL server: %v", startErr)
	}
	return nil
}

// NewDSN returns the address of a new, empty store location: a schema of
// its own in a shared database (see createDB).
func NewDSN(t testing.TB) string {
	t.Helper()
	return Get(t).createDB(t, false)
}

// EmptyDSN returns the address of a new, empty database, for the tests of
// opening and migrating.
func EmptyDSN(t testing.TB) string {
	t.Helper()
	return Get(t).createDB(t, true)
}

// ErrNoBinaries means PostgreSQL is not installed: a skip locally, a
// failure under CI.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin); install Debian's postgresql package")

// binDir finds the directory holding initdb and postgres: the one
// PARALLAX_PG_BINDIR names (for installations elsewhere), else pg_config's
// bindir (which for Debian's libpq-dev is /usr/bin, without them), else the
// newest /usr/lib/postgresql/*/bin.
func binDir() (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
				return false
			}
		}
		return true
	}
	if dir := os.Getenv("PARALLAX_PG_BINDIR"); dir != "" {
		if has(dir) {
			return dir, nil
		}
		return "", fmt.Errorf("PARALLAX_PG_BINDIR=%s: %w", dir, ErrNoBinaries)
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); has(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, dir := range dirs {
		if has(dir) {
			return dir, nil
		}
	}
	return "", ErrNoBinaries
}

// version reads the major version from /usr/lib/postgresql/N/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// credential returns who the server runs as: nil (this process's user)
// unless running as root, when it is pgUser, created if missing.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(pgUser)
	if err != nil {
		out, err := exec.Command("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
			"--shell", "/usr/sbin/nologin", pgUser).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("creating system user %s to run PostgreSQL (initdb refuses root): %v: %s", pgUser, err, out)
		}
		if u, err = user.Lookup(pgUser); err != nil {
			return nil, err
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// start runs initdb and starts postgres.
func start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	// As root, the directory goes under /tmp, which the server's user can
	// always reach, whatever TMPDIR points to.
	parent := ""
	if cred != nil {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "parallax-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, cred: cred}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			s.remove()
			return nil, err
		}
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir // the server's user may not be allowed into the test's directory
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	// UTF8 with a UTF-8 ctype, so lower() and the text search parser know
	// non-ASCII letters; C.UTF-8 exists on every current glibc.
	common := []string{"-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"}
	if err := run("initdb", append(common, "--locale=C.UTF-8")...); err != nil {
		os.RemoveAll(data)
		if err2 := run("initdb", append(common, "--no-locale")...); err2 != nil {
			s.remove()
			return nil, fmt.Errorf("%v; without a locale: %v", err, err2)
		}
	}
	// A free port can be taken between asking and listening: try a few.
	for attempt := 0; ; attempt++ {
		err = s.launch(0)
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			s.remove()
			return nil, err
		}
	}
}

// launch starts postgres on port, or on a free loopback port when it is 0,
// and waits until it answers.
func (s *Server) launch(port int) error {
	if port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	s.port = port
	bin, data, cred := s.bin, filepath.Join(s.dir, "data"), s.cred
	logPath := filepath.Join(s.dir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data,
		"-p", strconv.Itoa(s.port), "-c", "listen_addresses=127.0.0.1", "-k", s.dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200", "-c", "shared_buffers=64MB")
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Pdeathsig stops the server should the test binary die (a timeout, a
	// kill) without running TestMain's clean-up. It is delivered when the
	// starting thread exits, so the goroutine below keeps its thread until
	// the server is gone.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	started := make(chan error, 1)
	s.exit = make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		s.exit <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("starting postgres: %w", err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.DSN("template1"))
		cancel()
		if err == nil {
			s.admin = conn
			return nil
		}
		select {
		case werr := <-s.exit:
			return fmt.Errorf("postgres exited (%v): %s", werr, tail(logPath))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stopLocked()
			return fmt.Errorf("postgres did not accept connections within a minute: %v: %s", err, tail(logPath))
		}
	}
}

// tail returns the end of the server log, for errors.
func tail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines[max(0, len(lines)-10):], "\n")
}

// DSN returns the address of database db on the server.
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// createDB returns the DSN of a new store location. fresh gives a new
// database copied from the pristine template0, for the tests of Open and its
// migrations. Otherwise it is a new schema in one shared database, which
// takes milliseconds where CREATE DATABASE takes a few hundred: search_path
// puts the store's tables, text search configurations and schema_migrations
// in the schema, and public, where the shared database has unaccent, after
// it. That also shows the store works in any schema, not only public.
func (s *Server) createDB(t testing.TB, fresh bool) string {
	t.Helper()
	ctx := context.Background()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.n.Add(1)
	// CREATE DATABASE and CREATE SCHEMA take no parameters; the names are
	// ours, not input.
	if fresh {
		name := fmt.Sprintf("fresh%d", n)
		if _, err := s.admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0`); err != nil {
			t.Fatalf("creating test database: %v", err)
		}
		return s.DSN(name)
	}
	if s.admin == nil {
		t.Fatal("the test server is stopped")
	}
	if s.shared == nil {
		if !s.made {
			if _, err := s.admin.Exec(ctx, `CREATE DATABASE parallax_tests TEMPLATE template0`); err != nil {
				t.Fatalf("creating the shared test database: %v", err)
			}
		}
		conn, err := pgx.Connect(ctx, s.DSN("parallax_tests"))
		if err != nil {
			t.Fatalf("connecting to the shared test database: %v", err)
		}
		if !s.made {
			if _, err := conn.Exec(ctx, `CREATE EXTENSION unaccent SCHEMA public`); err != nil {
				t.Fatalf("installing unaccent: %v", err)
			}
			s.made = true
		}
		s.shared = conn
	}
	schema := fmt.Sprintf("t%d", n)
	if _, err := s.shared.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	return s.DSN("parallax_tests") + "&search_path=" + schema + ",public"
}

// Exec runs sql as the superuser, connected to template1 (for CREATE
// DATABASE and the like).
func (s *Server) Exec(ctx context.Context, sql string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.admin == nil {
		return errors.New("the test server is stopped")
	}
	_, err := s.admin.Exec(ctx, sql)
	return err
}

// Stop shuts the server down with a fast shutdown (open sessions are
// ended, as by pg_ctl stop -m fast) and waits until it has exited. Tests
// that stop the package's server must not run in parallel with others
// using it.
func (s *Server) Stop() { s.stop() }

// Restart starts the server again after Stop, on the same data directory
// and port, and waits until it accepts connections.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("the test server is running")
	}
	return s.launch(s.port)
}

// Port returns the server's loopback TCP port.
func (s *Server) Port() int { return s.port }

// stop shuts the server down (fast shutdown: active sessions are ended).
func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func (s *Server) stopLocked() {
	if s.shared != nil {
		s.shared.Close(context.Background())
		s.shared = nil
	}
	if s.admin != nil {
		s.admin.Close(context.Background())
		s.admin = nil
	}
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exit:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exit
	}
	s.cmd = nil
}

func (s *Server) remove() { os.RemoveAll(s.dir) }

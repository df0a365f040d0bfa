package postgres_test

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

// The test server: one PostgreSQL per package run, started by TestMain in a
// temporary directory on a free loopback port, with one database per test.
// It runs with fsync off: the tests check behaviour, not durability.

// pgUser is the system user the server runs as when the tests run as root,
// since initdb and postgres refuse to run as root.
const pgUser = "parallax-pg"

// server is a running test server.
type server struct {
	dir    string // owns data/, the socket and the log
	port   int
	cmd    *exec.Cmd
	exit   chan error // receives the server process's exit
	mu     sync.Mutex // guards admin and shared: a pgx.Conn serves one caller at a time
	admin  *pgx.Conn  // to template1, for CREATE DATABASE
	shared *pgx.Conn  // to parallax_tests, for CREATE SCHEMA; nil until needed
	n      atomic.Int64
}

// errNoBinaries means PostgreSQL is not installed: a skip locally, a
// failure under CI.
var errNoBinaries = errors.New("PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin); install Debian's postgresql package")

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
		return "", fmt.Errorf("PARALLAX_PG_BINDIR=%s: %w", dir, errNoBinaries)
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
	return "", errNoBinaries
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

// startServer runs initdb and starts postgres.
func startServer() (*server, error) {
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
	s := &server{dir: dir}
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
		err = s.start(bin, data, cred)
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			s.remove()
			return nil, err
		}
	}
}

// start starts postgres on a free loopback port and waits until it answers.
func (s *server) start(bin, data string, cred *syscall.Credential) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
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
		conn, err := pgx.Connect(ctx, s.dsn("template1"))
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
			s.stop()
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

func (s *server) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// createDB returns the DSN of a new store location. fresh gives a new
// database copied from the pristine template0, for the tests of Open and its
// migrations. Otherwise it is a new schema in one shared database, which
// takes milliseconds where CREATE DATABASE takes a few hundred: search_path
// puts the store's tables, text search configurations and schema_migrations
// in the schema, and public, where the shared database has unaccent, after
// it. That also shows the store works in any schema, not only public.
func (s *server) createDB(t testing.TB, fresh bool) string {
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
		return s.dsn(name)
	}
	if s.shared == nil {
		if _, err := s.admin.Exec(ctx, `CREATE DATABASE parallax_tests TEMPLATE template0`); err != nil {
			t.Fatalf("creating the shared test database: %v", err)
		}
		conn, err := pgx.Connect(ctx, s.dsn("parallax_tests"))
		if err != nil {
			t.Fatalf("connecting to the shared test database: %v", err)
		}
		if _, err := conn.Exec(ctx, `CREATE EXTENSION unaccent SCHEMA public`); err != nil {
			t.Fatalf("installing unaccent: %v", err)
		}
		s.shared = conn
	}
	schema := fmt.Sprintf("t%d", n)
	if _, err := s.shared.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	return s.dsn("parallax_tests") + "&search_path=" + schema + ",public"
}

// stop shuts the server down (fast shutdown: active sessions are ended).
func (s *server) stop() {
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

func (s *server) remove() { os.RemoveAll(s.dir) }

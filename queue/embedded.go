package queue

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Embedded is a nats-server with JetStream running inside this process, for
// a one-machine setup and for tests: the same code path as a separate
// server, without installing one.
type Embedded struct {
	srv  *server.Server
	Dir  string // JetStream file storage
	Addr string // host:port it listens on
}

// maxPayload is the embedded server's largest message: an article of
// --max-bytes (4 MiB by default) with its analysis must fit. A separate
// nats-server needs max_payload raised likewise (its default is 1 MiB).
const maxPayload = 8 << 20

// StartEmbedded starts a nats-server with JetStream storing its streams in
// dir, listening on addr (host:port; port 0 picks a free one).
func StartEmbedded(dir, addr string) (*Embedded, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("embedded nats-server address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("embedded nats-server port %q: %w", portText, err)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "parallax-embedded",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		MaxPayload: maxPayload,
		NoSigs:     true, // signals belong to parallax
		NoLog:      true,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats-server: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats-server on %s did not start", addr)
	}
	a, _ := srv.Addr().(*net.TCPAddr)
	e := &Embedded{srv: srv, Dir: dir, Addr: addr}
	if a != nil {
		e.Addr = net.JoinHostPort(host, strconv.Itoa(a.Port))
	}
	return e, nil
}

// URL is the address clients connect to.
func (e *Embedded) URL() string { return "nats://" + e.Addr }

// Shutdown stops the server; its streams stay in Dir for the next start.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}

// EmbeddedPrefix names an embedded server in a queue address:
// "embedded" (127.0.0.1:4222) or "embedded://HOST:PORT".
const EmbeddedPrefix = "embedded"

// IsEmbedded reports whether a queue address asks for an embedded server.
func IsEmbedded(url string) bool {
	return url == EmbeddedPrefix || strings.HasPrefix(url, EmbeddedPrefix+"://")
}

// Open connects to the queue at url; for an embedded address it first
// starts the embedded server, storing in dir, which Close stops.
func Open(ctx context.Context, url, dir string, opt Options) (*Queue, error) {
	if !IsEmbedded(url) {
		return Connect(ctx, url, opt)
	}
	addr := strings.TrimPrefix(strings.TrimPrefix(url, EmbeddedPrefix), "://")
	if addr == "" {
		addr = "127.0.0.1:4222"
	}
	e, err := StartEmbedded(dir, addr)
	if err != nil {
		return nil, err
	}
	q, err := Connect(ctx, e.URL(), opt)
	if err != nil {
		e.Shutdown()
		return nil, err
	}
	q.embedded = e
	return q, nil
}

// Embedded returns the embedded server Open started, or nil.
func (q *Queue) Embedded() *Embedded { return q.embedded }

// Command parallax ingests news articles, groups them into stories and shows
// each story from every angle: on the command line, as a JSON API and as a web UI.
//
// This file is the one wiring point: it reads the Config and builds the stages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/postgres"
	"github.com/parallax-news/parallax/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run parses the configuration, runs Main and maps the outcome to an exit
// status: 0 success, 1 failure or some input rejected, 2 usage error.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := ParseConfig(args, getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "parallax: %v\n", err)
		fmt.Fprintln(stderr, "Run 'parallax help' for usage.")
		return 2
	}
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		cfg.Progress = true
	}
	m := &Main{Config: cfg, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	err = m.Run(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "parallax: %v\n", err)
		return 2
	case errors.Is(err, errRejected):
		return 1 // each problem was already reported
	default:
		fmt.Fprintf(stderr, "parallax: %s\n", errorText(err))
		return 1
	}
}

// errorText shows application errors by their message and others in full:
// on the command line the user is also the operator.
func errorText(err error) string {
	var e *parallax.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// errRejected reports that some inputs were rejected (after storing the rest).
var errRejected = errors.New("some input was rejected")

// Main is the program: its Config and its standard streams. Tests run it
// with a temporary database and the address :0.
type Main struct {
	Config Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Listening, if not nil, is called with the base URL once a server listens.
	Listening func(url string)
	Logger    *slog.Logger
}

// Run executes the configured command.
func (m *Main) Run(ctx context.Context) error {
	if m.Config.Now == nil {
		m.Config.Now = time.Now
	}
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	cmd, ok := commands[m.Config.Command]
	if !ok {
		return usagef("unknown command %q", m.Config.Command)
	}
	return cmd.run(ctx, m)
}

// openStore opens the configured store.
func (m *Main) openStore(ctx context.Context) (parallax.Store, error) {
	return openStore(ctx, m.Config.DB)
}

func openStore(ctx context.Context, dsn string) (parallax.Store, error) {
	if dsn == "" {
		return nil, usagef("no database given: use --db PATH or PARALLAX_DB")
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		// Its errors name the address without the password it may hold.
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", dsn, err)
	}
	return db, nil
}

// newPipeline wires the stages in their one order.
func (m *Main) newPipeline(store parallax.Store) (*pipeline.Pipeline, error) {
	an, err := analyze.New()
	if err != nil {
		return nil, fmt.Errorf("loading analyzers: %w", err)
	}
	templates, _ := store.(parallax.TemplateStore) // nil when the store learns no templates
	return pipeline.New(pipeline.Config{
		Store:     store,
		Extract:   extract.Extract,
		Analyzer:  an,
		Placer:    cluster.New(cluster.Config{Now: m.Config.Now}),
		Workers:   m.Config.Workers,
		Now:       m.Config.Now,
		Logger:    m.Logger,
		Templates: templates,
	}), nil
}

package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/feed"
)

// sourceCommands are the subcommands of `parallax sources`.
var sourceCommands = map[string]func(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error{
	"list": listSources,
	"add":  addSources,
	"pause": func(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
		return setPaused(ctx, m, ss, args, true)
	},
	"resume": func(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
		return setPaused(ctx, m, ss, args, false)
	},
	"remove": removeSources,
	"errors": listFailed,
	"import": importOPML,
	"export": exportOPML,
}

// runSources manages the feeds parallax follows (see `parallax help sources`).
func runSources(ctx context.Context, m *Main) error {
	sub, args := "list", m.Config.Args
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	run, ok := sourceCommands[sub]
	if !ok {
		return usagef("sources: unknown subcommand %q (list, add, pause, resume, remove, errors, import, export)", sub)
	}
	if sub == "import" && len(args) != 1 {
		return usagef("sources import: give one OPML file (or - for standard input)")
	}
	if (sub == "add" || sub == "pause" || sub == "resume" || sub == "remove") && len(args) == 0 {
		return usagef("sources %s: give at least one %s", sub, map[bool]string{true: "URL", false: "source id"}[sub == "add"])
	}
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ss, ok := store.(parallax.SourceStore)
	if !ok {
		return fmt.Errorf("this store keeps no sources")
	}
	return run(ctx, m, ss, args)
}

func addSources(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
	failed := 0
	var added []parallax.Source
	for _, a := range args {
		u, err := parallax.SourceURL(a)
		if err == nil && m.Config.Title != "" && len(args) > 1 {
			err = fmt.Errorf("--title names one source; give one URL with it")
		}
		if err != nil {
			fmt.Fprintf(m.Stderr, "parallax: adding %s: %s\n", a, errorText(err))
			failed++
			continue
		}
		s, created, err := ss.AddSource(ctx, parallax.Source{URL: u, Title: m.Config.Title, Added: m.Config.Now().UTC()})
		if err != nil {
			fmt.Fprintf(m.Stderr, "parallax: adding %s: %s\n", a, errorText(err))
			failed++
			continue
		}
		added = append(added, s)
		if !m.Config.JSON {
			verb := "added"
			if !created {
				verb = "already followed"
			}
			fmt.Fprintf(m.Stdout, "%s %s %s\n", verb, s.ID, s.URL)
		}
	}
	if m.Config.JSON {
		if err := writeJSON(m.Stdout, orEmpty(added)); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errRejected
	}
	return nil
}

func setPaused(ctx context.Context, m *Main, ss parallax.SourceStore, ids []string, paused bool) error {
	failed := 0
	for _, id := range ids {
		s, err := ss.Source(ctx, id)
		if err == nil {
			s.Paused = paused
			if !paused {
				// Resuming means "try now", whatever the backoff said.
				s.NextFetch, s.Failures = time.Time{}, 0
			}
			err = ss.UpdateSource(ctx, s)
		}
		if err != nil {
			fmt.Fprintf(m.Stderr, "parallax: %s: %s\n", id, errorText(err))
			failed++
			continue
		}
		fmt.Fprintf(m.Stdout, "%s %s\n", map[bool]string{true: "paused", false: "resumed"}[paused], id)
	}
	if failed > 0 {
		return errRejected
	}
	return nil
}

func removeSources(ctx context.Context, m *Main, ss parallax.SourceStore, ids []string) error {
	failed := 0
	for _, id := range ids {
		if err := ss.DeleteSource(ctx, id); err != nil {
			fmt.Fprintf(m.Stderr, "parallax: removing %s: %s\n", id, errorText(err))
			failed++
			continue
		}
		fmt.Fprintf(m.Stdout, "removed %s (its articles stay)\n", id)
	}
	if failed > 0 {
		return errRejected
	}
	return nil
}

func listSources(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
	if len(args) > 0 {
		return usagef("sources list takes no arguments")
	}
	list, err := ss.Sources(ctx)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "No sources. Add one with: parallax sources add URL")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tENTRIES\tFAILED\tLAST FETCH\tTITLE / URL")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", s.ID, sourceState(s), s.Entries, s.Failed, when(s.LastFetch), sourceName(s))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range list {
		if s.LastError != "" {
			fmt.Fprintf(m.Stdout, "%s: last error: %s\n", s.ID, s.LastError)
		}
	}
	return nil
}

// sourceState is a source's state in a word or two.
func sourceState(s parallax.Source) string {
	switch {
	case s.Paused:
		return "paused"
	case s.Failures > 0:
		return fmt.Sprintf("failing×%d", s.Failures)
	case s.LastOK.IsZero():
		return "new"
	}
	return "ok"
}

func sourceName(s parallax.Source) string {
	if s.Title == "" {
		return s.URL
	}
	return oneLine(s.Title, 40) + " · " + s.URL
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func listFailed(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
	if len(args) > 1 {
		return usagef("sources errors takes at most one source id")
	}
	id := ""
	if len(args) == 1 {
		id = args[0]
		if _, err := ss.Source(ctx, id); err != nil {
			return err
		}
	}
	es, err := ss.FailedEntries(ctx, id, time.Time{})
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, es)
	}
	if len(es) == 0 {
		fmt.Fprintln(m.Stdout, "No failed entries.")
		return nil
	}
	for _, e := range es {
		fmt.Fprintf(m.Stdout, "%s %s (%s, next %s): %s\n", e.Source, cmpOr(e.URL, e.Key), plural(e.Attempts, "attempt", "attempts"), when(e.NextTry), e.Error)
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// importOPML follows every feed of an OPML subscription list; feeds already
// followed are left as they are, and bad outlines are named and skipped.
func importOPML(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
	in := m.Stdin
	name := "standard input"
	if args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			return fmt.Errorf("opening OPML file: %w", err)
		}
		defer f.Close()
		in, name = f, args[0]
	}
	outlines, err := feed.ParseOPML(in)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	added, known, failed := 0, 0, 0
	for _, o := range outlines {
		u, err := parallax.SourceURL(o.XMLURL)
		if err == nil {
			var created bool
			_, created, err = ss.AddSource(ctx, parallax.Source{URL: u, Title: o.Title, Added: m.Config.Now().UTC()})
			if created {
				added++
			} else if err == nil {
				known++
			}
		}
		if err != nil {
			fmt.Fprintf(m.Stderr, "parallax: %s: outline %q: %s\n", name, o.Title, errorText(err))
			failed++
		}
	}
	fmt.Fprintf(m.Stdout, "%d sources added, %d already followed, %d refused\n", added, known, failed)
	if failed > 0 {
		return errRejected
	}
	return nil
}

// exportOPML writes the sources as an OPML subscription list.
func exportOPML(ctx context.Context, m *Main, ss parallax.SourceStore, args []string) error {
	if len(args) > 0 {
		return usagef("sources export takes no arguments; -o FILE names the output")
	}
	list, err := ss.Sources(ctx)
	if err != nil {
		return err
	}
	outlines := make([]feed.Outline, len(list))
	for i, s := range list {
		outlines[i] = feed.Outline{Title: s.Title, XMLURL: s.URL}
	}
	if m.Config.Output == "" || m.Config.Output == "-" {
		return feed.WriteOPML(m.Stdout, outlines)
	}
	f, err := os.Create(m.Config.Output)
	if err != nil {
		return fmt.Errorf("creating %s: %w", m.Config.Output, err)
	}
	if err := feed.WriteOPML(f, outlines); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", m.Config.Output, err)
	}
	return f.Close()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

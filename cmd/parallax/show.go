package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/story"
)

func runStories(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.Stories(ctx, parallax.StoryFilter{Limit: m.Config.Limit, Offset: m.Config.Offset})
	if err != nil {
		return err
	}
	if m.Config.JSON {
		if list == nil {
			list = []parallax.StorySummary{}
		}
		return writeJSON(m.Stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "No stories yet. Add articles with 'parallax ingest PATH'.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tUPDATED\tARTICLES\tOUTLETS\tTITLE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", s.ID, day(s.Updated), len(s.Articles), s.Outlets, oneLine(s.Title, 80))
	}
	return tw.Flush()
}

func runStory(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sum, arts, err := store.Story(ctx, m.Config.Args[0])
	if err != nil {
		return err
	}
	v := story.Compose(sum, arts)
	if m.Config.JSON {
		return writeJSON(m.Stdout, v)
	}
	printStory(m.Stdout, v)
	return nil
}

func printStory(w io.Writer, v parallax.StoryView) {
	fmt.Fprintf(w, "%s\n%s · %d articles · %d outlets · updated %s\n\nArticles\n", v.Title, v.ID, len(v.Articles), v.Outlets, day(v.Updated))
	for _, a := range v.Articles {
		copyOf := ""
		if a.DuplicateOf != "" {
			copyOf = " (copy of " + a.DuplicateOf + ")"
		}
		fmt.Fprintf(w, "  %s  %-24s %s  %s%s\n", day(a.Published), a.Outlet, a.ID, oneLine(a.Title, 60), copyOf)
	}
	if len(v.Entities) > 0 {
		fmt.Fprintln(w, "\nEntities")
		for _, e := range v.Entities {
			aka := ""
			if len(e.Aliases) > 0 {
				aka = " (also " + strings.Join(e.Aliases, ", ") + ")"
			}
			fmt.Fprintf(w, "  %-6s %-30s %3d mentions%s\n", e.Kind, e.Name, e.Mentions, aka)
		}
	}
	if len(v.Quotes) > 0 {
		fmt.Fprintln(w, "\nQuotes")
		last := "\x00"
		for _, q := range v.Quotes {
			if q.Speaker != last {
				name := q.Speaker
				if name == "" {
					name = "(unattributed)"
				}
				fmt.Fprintf(w, "  %s\n", name)
				last = q.Speaker
			}
			fmt.Fprintf(w, "    “%s” [%s]\n", oneLine(q.Text, 200), q.Article)
		}
	}
}

func runArticle(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	a, err := store.Article(ctx, m.Config.Args[0])
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, a.View())
	}
	fmt.Fprintf(m.Stdout, "%s\n%s · %s · %s · story %s\n", a.Title, a.Outlet, day(a.Published), a.ID, a.Story)
	if a.URL != "" {
		fmt.Fprintln(m.Stdout, a.URL)
	}
	if a.DuplicateOf != "" {
		fmt.Fprintf(m.Stdout, "copy of %s\n", a.DuplicateOf)
	}
	fmt.Fprintf(m.Stdout, "\n%s\n", a.Text)
	return nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return "          "
	}
	return t.UTC().Format(time.DateOnly)
}

// oneLine collapses whitespace and cuts s to n runes, for table cells.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

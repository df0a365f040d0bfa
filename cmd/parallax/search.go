package main

import (
	"context"
	"fmt"
	"strings"

	parallax "github.com/parallax-news/parallax"
)

func runSearch(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	f := parallax.SearchFilter{
		Query:  strings.Join(m.Config.Args, " "),
		Outlet: m.Config.Outlet,
		Entity: m.Config.Entity,
		From:   m.Config.From,
		To:     m.Config.To,
		Limit:  m.Config.Limit,
		Offset: m.Config.Offset,
	}
	res, err := store.Search(ctx, f)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		if res.Hits == nil {
			res.Hits = []parallax.SearchHit{}
		}
		return writeJSON(m.Stdout, res)
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(m.Stdout, "No matches.")
		return nil
	}
	fmt.Fprintf(m.Stdout, "%d matches", res.Total)
	if res.Total > len(res.Hits) {
		fmt.Fprintf(m.Stdout, " (showing %d–%d)", f.Offset+1, f.Offset+len(res.Hits))
	}
	fmt.Fprintln(m.Stdout)
	for _, h := range res.Hits {
		fmt.Fprintf(m.Stdout, "\n%s  %s  %s  story %s\n  %s\n", day(h.Published), h.Outlet, h.ID, h.Story, oneLine(h.Title, 100))
		if h.Snippet != "" {
			fmt.Fprintf(m.Stdout, "  %s\n", oneLine(marked(h.Snippet, h.Marks), 240))
		}
	}
	return nil
}

// marked renders a snippet with its matched words in [brackets].
func marked(s string, marks []parallax.Span) string {
	var b strings.Builder
	at := 0
	for _, mk := range marks {
		if mk.Start < at || mk.End > len(s) || mk.Start > mk.End {
			continue
		}
		b.WriteString(s[at:mk.Start])
		b.WriteString("[" + s[mk.Start:mk.End] + "]")
		at = mk.End
	}
	b.WriteString(s[at:])
	return b.String()
}

package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/story"
)

func runStorylines(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.Storylines(ctx, parallax.StoryFilter{Limit: m.Config.Limit, Offset: m.Config.Offset})
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "No storylines yet. Add articles with 'parallax ingest PATH'.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORYLINE\tFROM\tTO\tEVENTS\tARTICLES\tTITLE")
	for _, l := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", l.ID, day(l.Started), day(l.Updated), l.Events, l.Articles, oneLine(l.Title, 70))
	}
	return tw.Flush()
}

func runStoryline(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	v, err := story.Storyline(ctx, store, m.Config.Args[0])
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, v)
	}
	printStoryline(m.Stdout, v)
	return nil
}

func printStoryline(w io.Writer, v parallax.StorylineView) {
	fmt.Fprintf(w, "%s\n%s · %d events · %d articles · %s to %s\n\nEvents\n", v.Title, v.ID, v.Events, v.Articles, day(v.Started), day(v.Updated))
	for _, e := range v.Stories {
		fmt.Fprintf(w, "  %s  %s  %3d articles  %s\n", day(e.Started), e.ID, len(e.Articles), oneLine(e.Title, 70))
	}
	if len(v.Summary) > 0 {
		fmt.Fprintln(w, "\nSummary")
		for _, s := range v.Summary {
			var cites []string
			for _, c := range s.Citations {
				cites = append(cites, c.Article)
			}
			fmt.Fprintf(w, "  %s %v\n", oneLine(s.Text, 200), cites)
		}
	}
	if len(v.Contradictions) > 0 {
		fmt.Fprintln(w, "\nWhere accounts differ")
		for _, c := range v.Contradictions {
			fmt.Fprintf(w, "  %s (%s, confidence %.2f)\n", oneLine(c.Topic, 100), c.Kind, c.Confidence)
			for _, s := range c.Sides {
				who := s.Speaker
				if who == "" {
					who = "(unattributed)"
				}
				fmt.Fprintf(w, "    %-8s %s: “%s” [%s]\n", s.Stance, who, oneLine(s.Text, 150), s.Article)
			}
		}
	}
}

func runMerge(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	into, from := m.Config.Args[0], m.Config.Args[1:]
	if err := store.MergeStories(ctx, into, from); err != nil {
		return err
	}
	sum, _, err := store.Story(ctx, into)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, sum)
	}
	fmt.Fprintf(m.Stdout, "merged %d stories into %s (%d articles); the articles stay together from now on\n", len(from), into, len(sum.Articles))
	return nil
}

func runSplit(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	from, moved := m.Config.Args[0], m.Config.Args[1:]
	id, err := store.SplitStory(ctx, from, moved)
	if err != nil {
		return err
	}
	sum, _, err := store.Story(ctx, id)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, sum)
	}
	fmt.Fprintf(m.Stdout, "moved %d articles from %s into new story %s; the two stay apart from now on\n", len(sum.Articles), from, id)
	return nil
}

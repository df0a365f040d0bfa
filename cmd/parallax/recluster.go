package main

import (
	"context"
	"fmt"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/cluster"
)

// reclusterReport is what 'parallax recluster --json' prints.
type reclusterReport struct {
	Articles   int     `json:"articles"`
	Stories    int     `json:"stories"`
	Storylines int     `json:"storylines"`
	Seconds    float64 `json:"seconds"`
}

func runRecluster(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r, ok := store.(parallax.Reclusterer)
	if !ok {
		return fmt.Errorf("this store cannot recluster")
	}
	c := cluster.New(cluster.Config{Now: m.Config.Now})
	pins := cluster.NewPins()
	var rep reclusterReport
	stories, lines := map[string]bool{}, map[string]bool{}
	start := time.Now()
	err = r.Recluster(ctx, func(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record, pin string) error {
		if err := c.Place(ctx, idx, rec); err != nil {
			return err
		}
		pins.Apply(rec, pin)
		p := rec.Placement
		stories[p.Story] = true
		if p.NewStory {
			line := p.Storyline
			if line == "" {
				line = parallax.OwnStoryline(p.Story)
			}
			lines[line] = true
		}
		return nil
	}, func(done, total int) {
		rep.Articles = done
		if done%10000 == 0 {
			fmt.Fprintf(m.Stderr, "parallax: reclustered %d of %d articles\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	rep.Stories, rep.Storylines, rep.Seconds = len(stories), len(lines), time.Since(start).Seconds()
	if m.Config.JSON {
		return writeJSON(m.Stdout, rep)
	}
	fmt.Fprintf(m.Stdout, "placed %d articles again in %.1fs: %d stories in %d storylines; merges and splits made by hand were kept\n",
		rep.Articles, rep.Seconds, rep.Stories, rep.Storylines)
	return nil
}

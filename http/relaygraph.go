package http

import (
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// graph is a speaker's relay graph laid out for the story page: columns
// speaker → told to → via → the articles that printed the words, each
// column only when some path uses it. Coordinates are SVG user units.
type graph struct {
	Width, Height int
	Columns       []graphColumn
	Nodes         []graphNode
	Edges         []graphEdge
}

type graphColumn struct {
	X     int
	Title string
}

type graphNode struct {
	X, Y  int
	Label string
	Title string // the full label or the article title, shown on hover
	Href  string // the article's page, for article nodes
	Kind  string // speaker, told, via or article
}

type graphEdge struct{ X1, Y1, X2, Y2 int }

// Layout of the relay graph.
const (
	graphColumnWidth = 170
	graphRow         = 24
	graphTop         = 30 // room for the column titles
	graphLabel       = 22 // runes shown of a label
)

// relayGraph lays out the paths by which a speaker's words reached the
// story's articles; nil when the speaker has none.
func relayGraph(sp parallax.Speaker, meta map[string]parallax.ArticleMeta) *graph {
	if len(sp.Relays) == 0 {
		return nil
	}
	// stage 0 is the speaker, 1 the told-to outlets, 2 the relaying ones, 3
	// the articles; a node is one name per stage (one article per node).
	type node struct{ stage, row int }
	var rows [4][]string
	index := map[[2]string]node{}
	add := func(stage int, key string) node {
		k := [2]string{string(rune('0' + stage)), key}
		if n, ok := index[k]; ok {
			return n
		}
		n := node{stage, len(rows[stage])}
		rows[stage] = append(rows[stage], key)
		index[k] = n
		return n
	}
	speaker := add(0, sp.Name)
	var links [][2]node
	for _, p := range sp.Relays {
		prev := []node{speaker}
		for stage, names := range [][]string{p.ToldTo, p.Via} {
			if len(names) == 0 {
				continue
			}
			var cur []node
			for _, name := range names {
				cur = append(cur, add(stage+1, name))
			}
			for _, a := range prev {
				for _, b := range cur {
					links = append(links, [2]node{a, b})
				}
			}
			prev = cur
		}
		for _, id := range p.Articles {
			b := add(3, id)
			for _, a := range prev {
				links = append(links, [2]node{a, b})
			}
		}
	}
	// Only the stages some path uses get a column.
	titles := [4]string{"speaker", "told to", "via", "printed by"}
	var x [4]int
	g := &graph{}
	for stage := range rows {
		if len(rows[stage]) == 0 {
			continue
		}
		x[stage] = len(g.Columns) * graphColumnWidth
		g.Columns = append(g.Columns, graphColumn{X: x[stage], Title: titles[stage]})
		g.Height = max(g.Height, graphTop+len(rows[stage])*graphRow)
	}
	g.Width = len(g.Columns)*graphColumnWidth - 10
	y := func(n node) int { return graphTop + n.row*graphRow + graphRow/2 }
	kinds := [4]string{"speaker", "told", "via", "article"}
	for stage, names := range rows {
		for row, name := range names {
			n := graphNode{X: x[stage], Y: y(node{stage, row}), Label: name, Title: name, Kind: kinds[stage]}
			if stage == 3 {
				m := meta[name]
				n.Label, n.Title, n.Href = outletName(m.Outlet), m.Title, "/articles/"+name
				if n.Title == "" {
					n.Title = n.Label
				}
			}
			n.Label = shorten(n.Label, graphLabel)
			g.Nodes = append(g.Nodes, n)
		}
	}
	// An edge runs from the right of its source label's column to the
	// left of its target's.
	for _, l := range links {
		g.Edges = append(g.Edges, graphEdge{
			X1: x[l[0].stage] + graphColumnWidth - 24, Y1: y(l[0]),
			X2: x[l[1].stage] - 4, Y2: y(l[1]),
		})
	}
	return g
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

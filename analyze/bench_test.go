package analyze

import (
	"sort"
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// fixture is an invented article of typical length for the benchmark.
var fixture = strings.Repeat(`City Council Approves New Harbour Plan
The city council on Tuesday approved a plan to rebuild the old harbour, ending a dispute that lasted two years.
“This is the most important project for the city in a generation,” Mayor Lucia Ferraro said after the vote.
Opposition leader Thomas Whitfield, a former engineer, criticised the cost, telling the Evening Courier, “Nobody has explained who will pay for it.”
The plan, drawn up with the Ministry of Transport and the Harbour Development Agency, includes a new ferry terminal in Port Elspeth.
Ferraro said that construction would begin in March and take about four years. “We will not wait any longer,” she added.
`, 3)

func BenchmarkAnalyze(b *testing.B) {
	p := newPipeline(b)
	run := func(b *testing.B, docs []*parallax.Document) {
		bytes := 0
		for _, d := range docs {
			bytes += len(d.Text)
		}
		b.SetBytes(int64(bytes / len(docs)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			p.Analyze(docs[n%len(docs)])
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	}
	b.Run("fixture", func(b *testing.B) { run(b, []*parallax.Document{{Text: fixture}}) })
	b.Run("seeds", func(b *testing.B) {
		m := seedDocs(b)
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		docs := make([]*parallax.Document, 0, len(names))
		for _, n := range names {
			docs = append(docs, m[n])
		}
		run(b, docs)
	})
}

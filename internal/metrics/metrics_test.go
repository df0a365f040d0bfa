package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestWriteText(t *testing.T) {
	r := New()
	r.Add("parallax_test_total", "Things counted.", []string{"status"}, []string{"stored"}, 2)
	r.Add("parallax_test_total", "Things counted.", []string{"status"}, []string{"stored"}, 1)
	r.Add("parallax_test_total", "Things counted.", []string{"status"}, []string{`we"ird`}, 1)
	r.Set("parallax_test_pending", "Waiting.", []string{"stream"}, []string{"articles"}, 7)
	r.Set("parallax_test_pending", "Waiting.", []string{"stream"}, []string{"articles"}, 4)
	r.Observe("parallax_test_seconds", "How long.", []string{"stage"}, []string{"extract"}, 3*time.Millisecond)
	r.Observe("parallax_test_seconds", "How long.", []string{"stage"}, []string{"extract"}, 2*time.Second)
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"# TYPE parallax_test_total counter\n",
		"# TYPE parallax_test_pending gauge\n",
		`parallax_test_pending{stream="articles"} 4` + "\n",
		`parallax_test_total{status="stored"} 3` + "\n",
		`parallax_test_total{status="we\"ird"} 1` + "\n",
		"# TYPE parallax_test_seconds histogram\n",
		`parallax_test_seconds_bucket{stage="extract",le="0.001"} 0` + "\n",
		`parallax_test_seconds_bucket{stage="extract",le="0.005"} 1` + "\n",
		`parallax_test_seconds_bucket{stage="extract",le="5"} 2` + "\n",
		`parallax_test_seconds_bucket{stage="extract",le="+Inf"} 2` + "\n",
		`parallax_test_seconds_count{stage="extract"} 2` + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	// Families come sorted, so scrapes diff cleanly.
	if strings.Index(got, "parallax_test_seconds") > strings.Index(got, "parallax_test_total") {
		t.Error("families out of order")
	}
}

// Package metrics keeps parallax's counters and latency histograms and
// writes them in the Prometheus text exposition format (version 0.0.4) for
// GET /metrics. A dependency on the Prometheus client would bring far more
// than these few dozen lines need: counters and histograms with label
// values, safe for concurrent use.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// Registry holds metric families by name.
type Registry struct {
	mu       sync.Mutex
	families map[string]*family
}

// Default is the process's registry, which /metrics serves.
var Default = New()

// New returns an empty registry.
func New() *Registry { return &Registry{families: map[string]*family{}} }

type family struct {
	name, help, kind string   // kind: counter, gauge or histogram
	labels           []string // label names
	buckets          []float64
	series           map[string]*series // by joined label values
}

type series struct {
	values  []string
	count   float64   // counter value, or histogram count
	sum     float64   // histogram sum
	buckets []float64 // histogram cumulative counts per bound
}

// DurationBuckets are the histogram bounds, in seconds, for stage and
// request latencies: a millisecond to a minute.
var DurationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60}

func (r *Registry) family(name, help, kind string, labels []string, buckets []float64) *family {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.families[name]
	if f == nil {
		f = &family{name: name, help: help, kind: kind, labels: labels, buckets: buckets, series: map[string]*series{}}
		r.families[name] = f
	}
	return f
}

func (f *family) get(values []string) *series {
	key := strings.Join(values, "\x00")
	s := f.series[key]
	if s == nil {
		s = &series{values: append([]string(nil), values...), buckets: make([]float64, len(f.buckets))}
		f.series[key] = s
	}
	return s
}

// Add adds v to the counter name with the label values (in the order of
// labels, which must be the same on every call for one name).
func (r *Registry) Add(name, help string, labels []string, values []string, v float64) {
	f := r.family(name, help, "counter", labels, nil)
	r.mu.Lock()
	f.get(values).count += v
	r.mu.Unlock()
}

// Set sets the gauge name with the label values to v.
func (r *Registry) Set(name, help string, labels []string, values []string, v float64) {
	f := r.family(name, help, "gauge", labels, nil)
	r.mu.Lock()
	f.get(values).count = v
	r.mu.Unlock()
}

// Observe records one duration in the histogram name.
func (r *Registry) Observe(name, help string, labels []string, values []string, d time.Duration) {
	f := r.family(name, help, "histogram", labels, DurationBuckets)
	sec := d.Seconds()
	r.mu.Lock()
	s := f.get(values)
	s.count++
	s.sum += sec
	for i, b := range f.buckets {
		if sec <= b {
			s.buckets[i]++
		}
	}
	r.mu.Unlock()
}

// WriteText writes every family in the Prometheus text format, families
// and series in a stable order.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.families))
	for n := range r.families {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		f := r.families[n]
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", f.name, escapeHelp(f.help), f.name, f.kind)
		keys := make([]string, 0, len(f.series))
		for k := range f.series {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s := f.series[k]
			if f.kind != "histogram" {
				fmt.Fprintf(&b, "%s%s %s\n", f.name, labelText(f.labels, s.values, "", ""), num(s.count))
				continue
			}
			for i, bound := range f.buckets {
				fmt.Fprintf(&b, "%s_bucket%s %s\n", f.name, labelText(f.labels, s.values, "le", num(bound)), num(s.buckets[i]))
			}
			fmt.Fprintf(&b, "%s_bucket%s %s\n", f.name, labelText(f.labels, s.values, "le", "+Inf"), num(s.count))
			fmt.Fprintf(&b, "%s_sum%s %s\n", f.name, labelText(f.labels, s.values, "", ""), num(s.sum))
			fmt.Fprintf(&b, "%s_count%s %s\n", f.name, labelText(f.labels, s.values, "", ""), num(s.count))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func labelText(names, values []string, extraName, extraValue string) string {
	var parts []string
	for i, n := range names {
		if i < len(values) {
			parts = append(parts, n+`="`+escapeLabel(values[i])+`"`)
		}
	}
	if extraName != "" {
		parts = append(parts, extraName+`="`+extraValue+`"`)
	}
	if len(parts) == 0 {
		return ""
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func num(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return fmt.Sprint(v)
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }

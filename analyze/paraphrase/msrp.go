package paraphrase

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Pair is one labelled sentence pair.
type Pair struct {
	ID1, ID2 string
	A, B     string
	Same     bool // the annotators judged the two sentences to say the same thing
}

// maxLine bounds one line of an MSRP file; the corpus's longest is about 450 bytes.
const maxLine = 1 << 20

// ReadMSRP reads pairs in the Microsoft Research Paraphrase Corpus format:
// tab-separated Quality (0 or 1), #1 ID, #2 ID, #1 String, #2 String, one
// pair a line, after an optional header line. The strings hold double quotes
// freely, so the lines are split on tabs, never parsed as CSV.
//
// The corpus's train_minus_dev file has two records glued on one line (a
// missing newline: "…late Wednesday.0\t849568\t…"); such a line is split back
// into its records, since dropping it would lose a pair for no reason. Any
// other malformed line is an error naming its line number.
func ReadMSRP(r io.Reader) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	var pairs []Pair
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
			if strings.HasPrefix(line, "Quality\t") {
				continue
			}
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		recs, err := records(strings.Split(line, "\t"))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		pairs = append(pairs, recs...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading MSRP pairs: %w", err)
	}
	return pairs, nil
}

// records turns the fields of one line into pairs: five fields make one
// pair, and 5+4k fields are k+1 records whose joins hide the next record's
// quality digit at the end of the previous record's second string.
func records(f []string) ([]Pair, error) {
	if len(f) < 5 || (len(f)-5)%4 != 0 {
		return nil, fmt.Errorf("%d tab-separated fields, want 5", len(f))
	}
	var out []Pair
	quality := f[0]
	for i := 0; i+5 <= len(f); i += 4 {
		b, next := f[i+4], ""
		if i+5 < len(f) {
			// Glued: the next record's quality digit ends this string.
			if b == "" {
				return nil, fmt.Errorf("%d tab-separated fields, want 5", len(f))
			}
			b, next = b[:len(b)-1], b[len(b)-1:]
		}
		p, err := pair(quality, f[i+1], f[i+2], f[i+3], b)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		quality = next
	}
	return out, nil
}

func pair(quality, id1, id2, a, b string) (Pair, error) {
	p := Pair{ID1: id1, ID2: id2, A: a, B: b}
	switch quality {
	case "1":
		p.Same = true
	case "0":
	default:
		return Pair{}, fmt.Errorf("quality %q, want 0 or 1", quality)
	}
	if id1 == "" || id2 == "" {
		return Pair{}, fmt.Errorf("empty sentence id")
	}
	if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
		return Pair{}, fmt.Errorf("empty sentence")
	}
	return p, nil
}

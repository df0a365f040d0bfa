package stance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Pair is one labelled FNC-1 instance: a headline (the claim), the body it
// was paired with, and the body's stance towards the headline.
type Pair struct {
	Headline string
	BodyID   int
	Body     string
	Stance   string // one of Labels
	Group    string // the body's key for grouped folds: file prefix and body id
	Line     int    // line of the row in its stances file
}

// Problem is a malformed row that was skipped, with where it was.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Msg  string `json:"problem"`
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// ReadBodies reads an FNC-1 bodies file (columns "Body ID", "articleBody",
// in any order, more ignored). Rows with a bad or repeated id or the wrong
// number of fields are skipped and reported with their line; a broken
// quote stops reading, since the rows after it cannot be trusted.
func ReadBodies(r io.Reader) (map[int]string, []Problem, error) {
	rows, cols, probs, err := readCSV(r, "Body ID", "articleBody")
	if err != nil {
		return nil, probs, err
	}
	bodies := map[int]string{}
	for _, row := range rows {
		id, err := bodyID(row.f[cols[0]])
		if err != nil {
			probs = append(probs, Problem{Line: row.line, Msg: err.Error()})
			continue
		}
		if _, dup := bodies[id]; dup {
			probs = append(probs, Problem{Line: row.line, Msg: fmt.Sprintf("body id %d repeated", id)})
			continue
		}
		bodies[id] = row.f[cols[1]]
	}
	return bodies, byLine(probs), nil
}

// Stance is one row of an FNC-1 stances file.
type Stance struct {
	Headline string
	BodyID   int
	Stance   string
	Line     int
}

// ReadStances reads an FNC-1 stances file (columns "Headline", "Body ID",
// "Stance"). Rows with a bad id, an empty headline, an unknown stance or the
// wrong number of fields are skipped and reported with their line.
func ReadStances(r io.Reader) ([]Stance, []Problem, error) {
	rows, cols, probs, err := readCSV(r, "Headline", "Body ID", "Stance")
	if err != nil {
		return nil, probs, err
	}
	var out []Stance
	for _, row := range rows {
		id, err := bodyID(row.f[cols[1]])
		if err != nil {
			probs = append(probs, Problem{Line: row.line, Msg: err.Error()})
			continue
		}
		h, s := row.f[cols[0]], strings.ToLower(strings.TrimSpace(row.f[cols[2]]))
		if strings.TrimSpace(h) == "" {
			probs = append(probs, Problem{Line: row.line, Msg: "empty headline"})
			continue
		}
		if labelIndex(s) < 0 {
			probs = append(probs, Problem{Line: row.line, Msg: fmt.Sprintf("unknown stance %q (want one of %s)", row.f[cols[2]], strings.Join(Labels[:], ", "))})
			continue
		}
		out = append(out, Stance{Headline: h, BodyID: id, Stance: s, Line: row.line})
	}
	return out, byLine(probs), nil
}

// byLine orders problems by line, as a reader of the file meets them.
func byLine(probs []Problem) []Problem {
	slices.SortStableFunc(probs, func(a, b Problem) int { return a.Line - b.Line })
	return probs
}

func bodyID(s string) (int, error) {
	id, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || id < 0 {
		return 0, fmt.Errorf("body id %q is not a non-negative integer", s)
	}
	return id, nil
}

type csvRow struct {
	f    []string
	line int
}

// readCSV reads a CSV file with a header naming at least the wanted columns
// and returns the rows with the wanted columns' indexes. Quoted fields may
// span lines (bodies do); a row's line is the line it starts on.
func readCSV(r io.Reader, want ...string) ([]csvRow, []int, []Problem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, so one short row is skipped, not fatal
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil, errors.New("empty file: no header")
		}
		return nil, nil, nil, fmt.Errorf("header: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	cols := make([]int, len(want))
	for i, w := range want {
		cols[i] = slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), w) })
		if cols[i] < 0 {
			return nil, nil, nil, fmt.Errorf("line 1: header %q lacks the column %q", strings.Join(header, ","), w)
		}
	}
	var rows []csvRow
	var probs []Problem
	for {
		f, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, cols, probs, nil
		}
		if err != nil {
			return nil, nil, probs, err // a csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		if len(f) != len(header) {
			probs = append(probs, Problem{Line: line, Msg: fmt.Sprintf("%d fields, the header has %d", len(f), len(header))})
			continue
		}
		rows = append(rows, csvRow{f: f, line: line})
	}
}

// ReadDir reads every "<name>_stances.csv" of an FNC-1 folder joined with
// its "<name>_bodies.csv". It also returns the texts of bodies files that
// have no stances file beside them (the FNC-1 training bodies when their
// stances are missing): unlabelled, but good for learning word weights.
// A stance whose body is missing is a problem; the pairs keep file order.
func ReadDir(dir string) (pairs []Pair, unlabelled []string, probs []Problem, err error) {
	stanceFiles, err := filepath.Glob(filepath.Join(dir, "*_stances.csv"))
	if err != nil {
		return nil, nil, nil, err
	}
	bodyFiles, err := filepath.Glob(filepath.Join(dir, "*_bodies.csv"))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(stanceFiles) == 0 {
		return nil, nil, nil, fmt.Errorf("%s: no *_stances.csv file", dir)
	}
	slices.Sort(stanceFiles)
	slices.Sort(bodyFiles)
	used := map[string]bool{}
	for _, sf := range stanceFiles {
		prefix := strings.TrimSuffix(filepath.Base(sf), "_stances.csv")
		bf := filepath.Join(dir, prefix+"_bodies.csv")
		used[bf] = true
		bodies, bp, err := readFile(bf, ReadBodies)
		probs = append(probs, bp...)
		if err != nil {
			return nil, nil, probs, err
		}
		stances, sp, err := readFile(sf, ReadStances)
		probs = append(probs, sp...)
		if err != nil {
			return nil, nil, probs, err
		}
		for _, s := range stances {
			body, ok := bodies[s.BodyID]
			if !ok {
				probs = append(probs, Problem{File: sf, Line: s.Line, Msg: fmt.Sprintf("body id %d is not in %s", s.BodyID, filepath.Base(bf))})
				continue
			}
			pairs = append(pairs, Pair{Headline: s.Headline, BodyID: s.BodyID, Body: body, Stance: s.Stance,
				Group: prefix + "/" + strconv.Itoa(s.BodyID), Line: s.Line})
		}
	}
	for _, bf := range bodyFiles {
		if used[bf] {
			continue
		}
		bodies, bp, err := readFile(bf, ReadBodies)
		probs = append(probs, bp...)
		if err != nil {
			return nil, nil, probs, err
		}
		ids := make([]int, 0, len(bodies))
		for id := range bodies {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			unlabelled = append(unlabelled, bodies[id])
		}
	}
	return pairs, unlabelled, probs, nil
}

// readFile opens path and reads it with read, naming the file in problems
// and errors.
func readFile[T any](path string, read func(io.Reader) (T, []Problem, error)) (T, []Problem, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, nil, err
	}
	defer f.Close()
	v, probs, err := read(f)
	for i := range probs {
		probs[i].File = path
	}
	if err != nil {
		return zero, probs, fmt.Errorf("%s: %w", path, err)
	}
	return v, probs, nil
}

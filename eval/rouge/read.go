package rouge

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// seeSentence matches one sentence line of a SEE-format summary:
// `<a name="1">[1]</a> <a href="#1" id=1>The sentence.</a>`. The sentence
// is everything up to the next '<'.
var seeSentence = regexp.MustCompile(`<a name="?\d+"?>\[\d+\]</a>\s*<a href="#\d+" id="?\d+"?>([^<]*)`)

// ReadSEE returns the sentences of a SEE-format HTML summary, the format
// DUC distributes and ROUGE reads. Lines without a sentence (the head,
// body tags) are skipped. Character references are left as written:
// ROUGE does not decode them either ("&AMP;" counts as the word "amp").
func ReadSEE(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		if m := seeSentence.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, m[1])
		}
	}
	return out, sc.Err()
}

// Config is a ROUGE evaluation configuration (rouge.xml): for each
// document set, the model files and the peers (systems) to score.
type Config struct {
	Evals []Eval
}

// Eval is one document set of a Config. Paths are slash-separated and
// relative to the configuration's folder.
type Eval struct {
	ID     string
	Format string // "SEE" or "SPL" (one sentence a line)
	Models []string
	Peers  []Peer
}

// Peer is one system's summary of a document set.
type Peer struct {
	System string
	Path   string
}

type xmlConfig struct {
	Evals []struct {
		ID     string `xml:"ID,attr"`
		Format struct {
			Type string `xml:"TYPE,attr"`
		} `xml:"INPUT-FORMAT"`
		ModelRoot string `xml:"MODEL-ROOT"`
		PeerRoot  string `xml:"PEER-ROOT"`
		Models    []struct {
			ID   string `xml:"ID,attr"`
			File string `xml:",chardata"`
		} `xml:"MODELS>M"`
		Peers []struct {
			ID   string `xml:"ID,attr"`
			File string `xml:",chardata"`
		} `xml:"PEERS>P"`
	} `xml:"EVAL"`
}

// ReadConfig parses a ROUGE-1.5.5 XML configuration.
func ReadConfig(r io.Reader) (*Config, error) {
	var x xmlConfig
	if err := xml.NewDecoder(r).Decode(&x); err != nil {
		return nil, fmt.Errorf("rouge config: %w", err)
	}
	c := &Config{}
	for _, e := range x.Evals {
		ev := Eval{ID: e.ID, Format: strings.ToUpper(strings.TrimSpace(e.Format.Type))}
		if ev.Format == "" {
			ev.Format = "SEE"
		}
		if ev.Format != "SEE" && ev.Format != "SPL" {
			return nil, fmt.Errorf("rouge config: eval %s: input format %q is not read (SEE or SPL)", e.ID, ev.Format)
		}
		for _, m := range e.Models {
			ev.Models = append(ev.Models, path.Join(strings.TrimSpace(e.ModelRoot), strings.TrimSpace(m.File)))
		}
		for _, p := range e.Peers {
			ev.Peers = append(ev.Peers, Peer{System: p.ID, Path: path.Join(strings.TrimSpace(e.PeerRoot), strings.TrimSpace(p.File))})
		}
		if len(ev.Models) == 0 || len(ev.Peers) == 0 {
			return nil, fmt.Errorf("rouge config: eval %s has no models or no peers", e.ID)
		}
		c.Evals = append(c.Evals, ev)
	}
	if len(c.Evals) == 0 {
		return nil, fmt.Errorf("rouge config: no EVAL elements")
	}
	return c, nil
}

// readSummary reads one summary file of the given format as text, one
// sentence a line.
func readSummary(fsys fs.FS, name, format string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if format == "SPL" {
		b, err := io.ReadAll(f)
		return string(b), err
	}
	s, err := ReadSEE(f)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return strings.Join(s, "\n"), nil
}

// DocScore is one system's score on one document set.
type DocScore struct {
	Eval   string
	Scores Scores
}

// SystemScore is one system's scores: per document set, and their
// averages (ROUGE's Average_R/P/F: the plain mean over document sets).
type SystemScore struct {
	System  string
	Docs    []DocScore
	Average Scores
}

// Run scores every peer of cfg against its models, reading the files from
// fsys, and returns the systems sorted by name.
func Run(fsys fs.FS, cfg *Config, opt Options) ([]SystemScore, error) {
	by := map[string]*SystemScore{}
	for _, ev := range cfg.Evals {
		models := make([][]string, len(ev.Models))
		for i, m := range ev.Models {
			t, err := readSummary(fsys, m, ev.Format)
			if err != nil {
				return nil, fmt.Errorf("eval %s: %w", ev.ID, err)
			}
			models[i] = Tokens(t, opt)
		}
		for _, p := range ev.Peers {
			t, err := readSummary(fsys, p.Path, ev.Format)
			if err != nil {
				return nil, fmt.Errorf("eval %s: %w", ev.ID, err)
			}
			s := by[p.System]
			if s == nil {
				s = &SystemScore{System: p.System}
				by[p.System] = s
			}
			s.Docs = append(s.Docs, DocScore{Eval: ev.ID, Scores: ScoreTokens(Tokens(t, opt), models, opt)})
		}
	}
	out := make([]SystemScore, 0, len(by))
	for _, s := range by {
		s.Average = make(Scores, opt.MaxN)
		for _, d := range s.Docs {
			for n := range d.Scores {
				s.Average[n].Recall += d.Scores[n].Recall
				s.Average[n].Precision += d.Scores[n].Precision
				s.Average[n].F += d.Scores[n].F
			}
		}
		k := float64(len(s.Docs))
		for n := range s.Average {
			s.Average[n].Recall /= k
			s.Average[n].Precision /= k
			s.Average[n].F /= k
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].System < out[j].System })
	return out, nil
}

// Official holds the ROUGE-N figures of a ROUGE-1.5.5 output file
// (rouge.res), by system and then by n: Official["DPP"][1] is DPP's
// ROUGE-1.
type Official map[string]map[int]*OfficialScore

// OfficialScore is one system's ROUGE-N in a ROUGE output: the average it
// prints (Average_R/P/F) and the per-document figures (Eval lines), keyed
// by the peer's name up to its first dot ("d30001" for "d30001.DPP").
type OfficialScore struct {
	Average PRF
	Docs    map[string]PRF
}

var (
	resAverage = regexp.MustCompile(`^(\S+) ROUGE-(\d+) Average_([RPF]): ([0-9.]+)`)
	resEval    = regexp.MustCompile(`^(\S+) ROUGE-(\d+) Eval (\S+) R:([0-9.]+) P:([0-9.]+) F:([0-9.]+)`)
)

// ReadOfficial parses the ROUGE-N lines of a ROUGE-1.5.5 output file;
// other measures (ROUGE-L, -W, -S, -SU) and other lines are skipped.
func ReadOfficial(r io.Reader) (Official, error) {
	out := Official{}
	get := func(sys, n string) *OfficialScore {
		k, _ := strconv.Atoi(n) // the pattern admits digits only
		if out[sys] == nil {
			out[sys] = map[int]*OfficialScore{}
		}
		if out[sys][k] == nil {
			out[sys][k] = &OfficialScore{Docs: map[string]PRF{}}
		}
		return out[sys][k]
	}
	num := func(s string) float64 {
		v, _ := strconv.ParseFloat(s, 64) // the pattern admits digits and dots only
		return v
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		t := sc.Text()
		if m := resAverage.FindStringSubmatch(t); m != nil {
			s := get(m[1], m[2])
			switch m[3] {
			case "R":
				s.Average.Recall = num(m[4])
			case "P":
				s.Average.Precision = num(m[4])
			case "F":
				s.Average.F = num(m[4])
			}
		} else if m := resEval.FindStringSubmatch(t); m != nil {
			doc, _, _ := strings.Cut(m[3], ".")
			get(m[1], m[2]).Docs[doc] = PRF{Recall: num(m[4]), Precision: num(m[5]), F: num(m[6])}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no ROUGE-N figures (lines like \"SYS ROUGE-1 Average_R: …\")")
	}
	return out, nil
}

package timex

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// word is what the lexicon knows of one lower-case word. A word may be in
// several lists ("second" is an ordinal and a unit, "may" a month and a
// modal): every field is independent and zero means absent.
type word struct {
	month    int8
	weekday  int8 // ISO: Monday 1 … Sunday 7
	num      int16
	vague    bool // several, few, many, some: an unknown quantity
	ord      int8
	unit     string // D, W, M, Q, Y, DE, CE, WE, or TH/TM/TS for clock units
	season   string
	part     string
	rel      int8
	isRel    bool
	modifier bool
	approx   bool
	future   bool
	past     bool
	abbrev   bool
	opens    bool // may open a time expression: Find tries patterns only there
	// weak openers ("the", "a", "more") open one only before another word
	// of the lexicon or a number, which Find checks before trying patterns.
	weak    bool
	follows bool // may follow a weak opener
}

// weakOpeners are the function words among the openers.
var weakOpeners = []string{"the", "a", "an", "some", "many", "several", "few", "no", "more", "less", "at", "for", "within", "these", "every", "each", "per", "almost", "nearly", "around", "over"}

// parseLexicon reads data/words.txt: sections in brackets, one word a line,
// then its value when the section has one.
func parseLexicon(b []byte) (map[string]*word, error) {
	lex := map[string]*word{}
	get := func(w string) *word {
		if e := lex[w]; e != nil {
			return e
		}
		e := &word{}
		lex[w] = e
		return e
	}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = line[1 : len(line)-1]
			continue
		}
		f := strings.Fields(line)
		w := get(f[0])
		val := ""
		if len(f) > 1 {
			val = f[1]
		}
		num := func() (int, error) {
			v, err := strconv.Atoi(val)
			if err != nil {
				return 0, fmt.Errorf("words.txt:%d: %q: want a number", n, line)
			}
			return v, nil
		}
		var err error
		var v int
		switch section {
		case "month":
			v, err = num()
			w.month = int8(v)
		case "weekday":
			v, err = num()
			w.weekday = int8(v)
		case "number":
			if val == "X" {
				w.vague = true
			} else {
				v, err = num()
				w.num = int16(v)
			}
		case "ordinal":
			v, err = num()
			w.ord = int8(v)
		case "unit":
			w.unit = val
		case "season":
			w.season = val
		case "partofday":
			w.part = val
		case "relative":
			v, err = num()
			w.rel, w.isRel = int8(v), true
		case "modifier":
			w.modifier = true
		case "approx":
			w.approx = true
		case "future":
			w.future = true
		case "past":
			w.past = true
		case "abbrev":
			w.abbrev = true
		case "follower":
			w.follows = true
		case "opener":
			// In the lexicon so that the tagger tries patterns there.
		default:
			return nil, fmt.Errorf("words.txt:%d: unknown section %q", n, section)
		}
		if err != nil {
			return nil, err
		}
		switch section {
		case "future", "past", "abbrev", "follower":
		default:
			w.opens = true
		}
	}
	for _, w := range weakOpeners {
		if e := lex[w]; e != nil {
			e.weak = true
		}
	}
	return lex, sc.Err()
}

type kind uint8

const (
	kWord kind = iota + 1
	kNum
	kPunct
)

// tok is one token of the text: a run of letters, a number, or one
// punctuation byte. Tokens hold offsets, not copies.
type tok struct {
	s, e   int
	w      *word // nil when the word is not in the lexicon
	n      int   // a number's value; -1 when it has separators (1,500; 2.5)
	nd     int8  // a number's digit count
	suffix byte  // 's' for 1990s, 'o' for 7th, ':' for a clock 10:35
	min    int8  // the minutes of a clock token
	k      kind
	c      byte // the punctuation byte
	cap    bool // starts with an upper-case letter
	sent   int32
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// meridiem reports whether s[i:] starts "a.m." or "p.m." (either case, the
// last dot optional) and returns its length.
func meridiem(s string, i int) int {
	if i+3 > len(s) {
		return 0
	}
	c := lowerByte(s[i])
	if (c != 'a' && c != 'p') || s[i+1] != '.' || lowerByte(s[i+2]) != 'm' {
		return 0
	}
	if i+3 < len(s) && isLetter(s[i+3]) {
		return 0
	}
	if i+3 < len(s) && s[i+3] == '.' {
		return 4
	}
	return 3
}

// tokenize splits s into tokens, looks each word up and marks sentences.
func (t *Tagger) tokenize(s string, dst []tok) []tok {
	var buf [24]byte
	sent := int32(0)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\n':
			// A blank line ends a paragraph and so a sentence.
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
				j++
			}
			if j < len(s) && s[j] == '\n' {
				sent++
			}
			i = j
		case isLetter(c):
			if (i == 0 || !isLetter(s[i-1])) && meridiem(s, i) > 0 {
				n := meridiem(s, i)
				dst = append(dst, tok{s: i, e: i + n, k: kWord, w: t.meridiem[lowerByte(c)], sent: sent})
				i += n
				continue
			}
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			tk := tok{s: i, e: j, k: kWord, cap: c >= 'A' && c <= 'Z', sent: sent}
			if j-i <= len(buf) {
				for k := i; k < j; k++ {
					buf[k-i] = lowerByte(s[k])
				}
				tk.w = t.lex[string(buf[:j-i])]
			}
			dst = append(dst, tk)
			i = j
		case isDigit(c):
			j := i
			v := 0
			for j < len(s) && isDigit(s[j]) {
				if v < 1e8 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			tk := tok{s: i, k: kNum, n: v, nd: int8(min(j-i, 100)), sent: sent}
			switch {
			case j+2 < len(s) && s[j] == ':' && isDigit(s[j+1]) && isDigit(s[j+2]) && (j+3 == len(s) || !isDigit(s[j+3])):
				tk.suffix, tk.min = ':', int8((s[j+1]-'0')*10+s[j+2]-'0')
				j += 3
			case j+1 < len(s) && (s[j] == ',' || s[j] == '.') && isDigit(s[j+1]):
				// 1,500 or 2.5: a quantity, never a day or a year.
				for j < len(s) && (isDigit(s[j]) || (s[j] == ',' || s[j] == '.') && j+1 < len(s) && isDigit(s[j+1])) {
					j++
				}
				tk.n = -1
			case j < len(s) && lowerByte(s[j]) == 's' && (j+1 == len(s) || !isLetter(s[j+1])):
				tk.suffix = 's'
				j++
			case j+1 < len(s) && isOrdSuffix(s[j], s[j+1]) && (j+2 == len(s) || !isLetter(s[j+2])):
				tk.suffix = 'o'
				j += 2
			}
			tk.e = j
			dst = append(dst, tk)
			i = j
		default:
			// One byte of punctuation. The apostrophe of '80s joins the
			// number so that the decade reads as one token.
			if c == '\'' && i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && lowerByte(s[i+3]) == 's' {
				n := int(s[i+1]-'0')*10 + int(s[i+2]-'0')
				dst = append(dst, tok{s: i, e: i + 4, k: kNum, n: n, nd: 2, suffix: 's', sent: sent})
				i += 4
				continue
			}
			dst = append(dst, tok{s: i, e: i + 1, k: kPunct, c: c, sent: sent})
			if (c == '.' || c == '!' || c == '?') && endsSentence(s, dst) {
				sent++
			}
			i++
		}
	}
	return dst
}

func isOrdSuffix(a, b byte) bool {
	a, b = lowerByte(a), lowerByte(b)
	return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h'
}

// endsSentence decides whether the terminator just appended ends a
// sentence: not after an abbreviation or a single letter, and only before
// white space and an upper-case letter, a quotation mark or the end.
func endsSentence(s string, toks []tok) bool {
	end := toks[len(toks)-1].e
	if len(toks) >= 2 {
		p := toks[len(toks)-2]
		if p.k == kWord && p.e == toks[len(toks)-1].s && ((p.w != nil && (p.w.abbrev || p.w.month > 0)) || p.e-p.s == 1) {
			return false
		}
	}
	if end == len(s) {
		return true
	}
	if s[end] != ' ' && s[end] != '\n' && s[end] != '"' && s[end] != '\'' {
		return false
	}
	for end < len(s) && (s[end] == ' ' || s[end] == '\n' || s[end] == '"' || s[end] == '\'' || s[end] == '`') {
		end++
	}
	return end == len(s) || s[end] >= 'A' && s[end] <= 'Z' || isDigit(s[end]) || s[end] >= 0x80
}

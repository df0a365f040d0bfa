package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Config is everything parallax can be told, from flags and PARALLAX_*
// variables. Flags win over variables, variables over defaults.
type Config struct {
	Command string   // subcommand
	Args    []string // positional arguments after the subcommand

	DB        string // store: a SQLite file path or a postgres:// URL
	JSON      bool
	Addr      string
	Token     string
	Format    string // ingest: auto|jsonl|text|html|warc; export: jsonl|csv
	MaxBytes  int64
	Workers   int
	Limit     int
	Offset    int
	Outlet    string
	Entity    string
	From      time.Time
	To        time.Time
	Data      string        // eval, train: labelled data (a file or folder)
	Lowercase bool          // eval ner: score with every word lower-cased
	Repeat    int           // bench: how many articles to process
	What      string        // export: articles|stories
	Title     string        // sources add: the name to show for the source
	Once      bool          // watch: poll once and exit
	Interval  time.Duration // watch: how long after a good poll a source is polled again
	// AllowPrivate lets fetches reach private, loopback and link-local
	// addresses (intranet feeds, tests); refused by default.
	AllowPrivate bool
	IgnoreRobots bool          // fetch what robots.txt disallows (for sources one owns)
	FetchTimeout time.Duration // longest one HTTP request may take, body included
	HostDelay    time.Duration // least time between two requests to one host
	Output       string        // export: file, "" or "-" for stdout; train: model file, "" for its default
	Now          func() time.Time
	Progress     bool // ingest: draw a progress bar (set when stderr is a terminal)
	// Queue is the NATS JetStream work queue (nats://…, or "embedded" for a
	// nats-server inside this process): ingest and serve publish to it,
	// worker consumes it. "" means no queue: everything runs in-process.
	Queue             string
	QueueDir          string // embedded queue: where JetStream keeps its streams
	WorkerConcurrency int    // worker: articles analysed at once (0: one per CPU)
	Place             bool   // worker: also run the placer (one per store)
	queueFile         string
	tokenFile         string
	dbSet             bool // --db or PARALLAX_DB was given (demo uses a temporary store otherwise)
}

// option is one row of the configuration table: a flag, its variable, its
// default, the commands it applies to and how to set it.
type option struct {
	name     string
	env      string
	def      string
	usage    string
	commands []string // "" = every command
	set      func(c *Config, v string) error
	boolean  bool // a switch: --name alone means true
}

func options() []option {
	str := func(f func(*Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *f(c) = v; return nil }
	}
	num := func(name string, f func(*Config) *int, min int) func(*Config, string) error {
		return func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < min {
				return fmt.Errorf("--%s must be a whole number ≥ %d, not %q", name, min, v)
			}
			*f(c) = n
			return nil
		}
	}
	date := func(name string, f func(*Config) *time.Time) func(*Config, string) error {
		return func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			t, err := parseDate(v)
			if err != nil {
				return fmt.Errorf("--%s: %v", name, err)
			}
			*f(c) = t
			return nil
		}
	}
	boolean := func(f func(*Config) *bool) func(*Config, string) error {
		return func(c *Config, v string) error { b, err := strconv.ParseBool(v); *f(c) = b; return err }
	}
	fetching := []string{"watch", "ingest", "serve"}
	queueing := []string{"ingest", "serve", "worker"}
	return []option{
		{name: "db", env: "PARALLAX_DB", def: "parallax.db", usage: "store: a SQLite file path", set: str(func(c *Config) *string { return &c.DB })},
		{name: "json", boolean: true, usage: "print JSON instead of text", commands: []string{"ingest", "stories", "story", "storylines", "storyline", "merge", "split", "recluster", "article", "search", "eval", "bench", "reanalyze", "sources", "watch", "migrate"},
			set: func(c *Config, v string) error { b, err := strconv.ParseBool(v); c.JSON = b; return err }},
		{name: "addr", env: "PARALLAX_ADDR", def: "127.0.0.1:8080", usage: "address to listen on (loopback by default; any other address requires a token)", commands: []string{"serve", "demo"},
			set: str(func(c *Config) *string { return &c.Addr })},
		{name: "token", env: "PARALLAX_TOKEN", usage: "write token required by POST/DELETE and UI forms (or PARALLAX_TOKEN_FILE)", commands: []string{"serve", "demo"},
			set: str(func(c *Config) *string { return &c.Token })},
		{name: "token-file", env: "PARALLAX_TOKEN_FILE", usage: "file holding the write token", commands: []string{"serve", "demo"},
			set: str(func(c *Config) *string { return &c.tokenFile })},
		{name: "format", env: "PARALLAX_FORMAT", usage: "ingest: force the input format (auto, jsonl, text, html, warc); export: jsonl or csv", commands: []string{"ingest", "export"},
			set: str(func(c *Config) *string { return &c.Format })},
		{name: "max-bytes", env: "PARALLAX_MAX_BYTES", def: "4194304", usage: "largest accepted record or file, in bytes", commands: []string{"ingest", "serve", "demo", "bench"},
			set: func(c *Config, v string) error {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil || n <= 0 {
					return fmt.Errorf("--max-bytes must be a positive number of bytes, not %q", v)
				}
				c.MaxBytes = n
				return nil
			}},
		{name: "workers", env: "PARALLAX_WORKERS", def: "0", usage: "parallel analysis workers (0: one per CPU)", commands: []string{"ingest", "serve", "demo", "reanalyze"},
			set: num("workers", func(c *Config) *int { return &c.Workers }, 0)},
		{name: "limit", def: "0", usage: "how many to list (0: the default page size)", commands: []string{"stories", "storylines", "search"},
			set: num("limit", func(c *Config) *int { return &c.Limit }, 0)},
		{name: "offset", def: "0", usage: "how many to skip", commands: []string{"stories", "storylines", "search"},
			set: num("offset", func(c *Config) *int { return &c.Offset }, 0)},
		{name: "outlet", usage: "only articles from this outlet (e.g. example.com)", commands: []string{"search"},
			set: str(func(c *Config) *string { return &c.Outlet })},
		{name: "entity", usage: "only articles mentioning this entity (a surname matches full names)", commands: []string{"search"},
			set: str(func(c *Config) *string { return &c.Entity })},
		{name: "from", usage: "only articles published on or after this date (YYYY-MM-DD or RFC 3339)", commands: []string{"search"},
			set: date("from", func(c *Config) *time.Time { return &c.From })},
		{name: "to", usage: "only articles published before this date (YYYY-MM-DD or RFC 3339)", commands: []string{"search"},
			set: date("to", func(c *Config) *time.Time { return &c.To })},
		{name: "what", def: "articles", usage: "export: articles or stories", commands: []string{"export"},
			set: func(c *Config, v string) error {
				if v != "articles" && v != "stories" {
					return fmt.Errorf("--what must be articles or stories, not %q", v)
				}
				c.What = v
				return nil
			}},
		{name: "data", env: "PARALLAX_DATA", usage: "labelled data to score or train on: a file or folder (see 'parallax eval' / 'parallax train')", commands: []string{"eval", "train", "bench"},
			set: str(func(c *Config) *string { return &c.Data })},
		{name: "repeat", def: "20000", usage: "bench: how many articles to process (the data is repeated)", commands: []string{"bench"},
			set: num("repeat", func(c *Config) *int { return &c.Repeat }, 1)},
		{name: "lowercase", boolean: true, usage: "eval ner: lower-case every word before tagging (as machine translations write names)", commands: []string{"eval"},
			set: func(c *Config, v string) error { b, err := strconv.ParseBool(v); c.Lowercase = b; return err }},
		{name: "once", boolean: true, usage: "watch: poll every due source once, then exit", commands: []string{"watch"},
			set: boolean(func(c *Config) *bool { return &c.Once })},
		{name: "interval", env: "PARALLAX_INTERVAL", def: "15m", usage: "watch: how long after a good poll a source is polled again (e.g. 15m, 1h)", commands: []string{"watch", "serve"},
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if err != nil || d < time.Minute {
					return fmt.Errorf("--interval must be a duration of at least 1m, not %q", v)
				}
				c.Interval = d
				return nil
			}},
		{name: "allow-private", boolean: true, env: "PARALLAX_ALLOW_PRIVATE", usage: "fetch from private, loopback and link-local addresses too (refused by default)", commands: fetching,
			set: boolean(func(c *Config) *bool { return &c.AllowPrivate })},
		{name: "fetch-timeout", env: "PARALLAX_FETCH_TIMEOUT", def: "20s", usage: "longest one HTTP request may take, body included", commands: fetching,
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if err != nil || d <= 0 {
					return fmt.Errorf("--fetch-timeout must be a positive duration, not %q", v)
				}
				c.FetchTimeout = d
				return nil
			}},
		{name: "host-delay", env: "PARALLAX_HOST_DELAY", def: "1s", usage: "least time between two requests to one host (politeness; 0 for none)", commands: fetching,
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if err != nil || d < 0 {
					return fmt.Errorf("--host-delay must be a duration ≥ 0, not %q", v)
				}
				c.HostDelay = d
				return nil
			}},
		{name: "ignore-robots", boolean: true, usage: "fetch pages robots.txt disallows (only for sites you run)", commands: fetching,
			set: boolean(func(c *Config) *bool { return &c.IgnoreRobots })},
		{name: "title", usage: "sources add: the name to show for the source (default: the feed's own title)", commands: []string{"sources"},
			set: str(func(c *Config) *string { return &c.Title })},
		{name: "queue", env: "PARALLAX_QUEUE", usage: "NATS JetStream work queue: nats://[user:pass@]host:4222, or embedded[://host:port] for a nats-server inside this process (see README, Distributed mode)", commands: queueing,
			set: str(func(c *Config) *string { return &c.Queue })},
		{name: "queue-file", env: "PARALLAX_QUEUE_FILE", usage: "file holding the --queue URL (for credentials)", commands: queueing,
			set: str(func(c *Config) *string { return &c.queueFile })},
		{name: "queue-dir", env: "PARALLAX_QUEUE_DIR", usage: "embedded queue: directory of its streams (default: the SQLite file's path + .jetstream, else ./parallax-jetstream)", commands: queueing,
			set: str(func(c *Config) *string { return &c.QueueDir })},
		{name: "worker-concurrency", env: "PARALLAX_WORKER_CONCURRENCY", def: "0", usage: "articles a worker analyses at once (0: one per CPU)", commands: []string{"worker", "serve"},
			set: num("worker-concurrency", func(c *Config) *int { return &c.WorkerConcurrency }, 0)},
		{name: "place", boolean: true, env: "PARALLAX_PLACE", usage: "worker: also run the placer, which clusters and stores (one per store; 'serve --queue' runs one)", commands: []string{"worker"},
			set: boolean(func(c *Config) *bool { return &c.Place })},
		{name: "o", usage: "export: output file (standard output when absent or -); train: where to write the model (default: the model's embedded path); sources export: the OPML file", commands: []string{"export", "train", "sources"},
			set: str(func(c *Config) *string { return &c.Output })},
	}
}

func (o option) appliesTo(cmd string) bool {
	if len(o.commands) == 0 {
		return true
	}
	for _, c := range o.commands {
		if c == cmd {
			return true
		}
	}
	return false
}

// errUsage marks errors that should print usage and exit 2.
var errUsage = errors.New("usage")

// usageError is a usage problem with a message for the user.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Is(t error) bool {
	return t == errUsage
}

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// ParseConfig reads the configuration from args (without the program name)
// and getenv. Global flags may come before or after the subcommand.
func ParseConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	// Find the subcommand: the first argument that is not a flag or a flag's value.
	cmdAt := -1
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			if !strings.Contains(a, "=") && takesValue(strings.TrimLeft(a, "-")) {
				i++
			}
			continue
		}
		cmdAt = i
		break
	}
	var flagArgs []string
	if cmdAt < 0 {
		c.Command = ""
		flagArgs = args
	} else {
		c.Command = args[cmdAt]
		flagArgs = append(append([]string{}, args[:cmdAt]...), args[cmdAt+1:]...)
	}
	if c.Command == "" || c.Command == "help" {
		if len(flagArgs) > 0 && c.Command == "help" {
			c.Command, c.Args = "help", flagArgs
			return c, nil
		}
		for _, a := range flagArgs {
			if a == "-h" || a == "--help" || a == "-help" {
				c.Command = "help"
				return c, nil
			}
		}
		if c.Command == "" {
			return c, usagef("no command given")
		}
		return c, nil
	}
	if _, ok := commands[c.Command]; !ok {
		return c, usagef("unknown command %q", c.Command)
	}

	fs := flag.NewFlagSet("parallax "+c.Command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	set := map[string]bool{}
	var errs []error
	for _, o := range options() {
		if !o.appliesTo(c.Command) {
			continue
		}
		o := o
		if o.boolean {
			fs.BoolFunc(o.name, o.usage, func(v string) error { set[o.name] = true; return o.set(&c, v) })
			continue
		}
		fs.Func(o.name, o.usage, func(v string) error { set[o.name] = true; return o.set(&c, v) })
	}
	help := fs.Bool("help", false, "show help")
	fs.BoolVar(help, "h", false, "show help")
	// Flags may follow positional arguments ("article ID --json"): parse,
	// take one positional, parse again. Everything after "--" is positional.
	var positional, tail []string
	for i, a := range flagArgs {
		if a == "--" {
			flagArgs, tail = flagArgs[:i], flagArgs[i+1:]
			break
		}
	}
	for rest := flagArgs; ; {
		if err := fs.Parse(rest); err != nil {
			return c, usagef("%v", err)
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		positional, rest = append(positional, rest[0]), rest[1:]
	}
	if *help {
		c.Args = []string{c.Command}
		c.Command = "help"
		return c, nil
	}
	c.Args = append(positional, tail...)
	// Variables, then defaults, for whatever no flag set.
	for _, o := range options() {
		if !o.appliesTo(c.Command) || set[o.name] {
			continue
		}
		v, src := "", o.env
		if o.env != "" {
			v = getenv(o.env)
			// Every variable has a _FILE twin holding its value in a file, as
			// secrets are mounted (a database URL with a password).
			if f := getenv(o.env + "_FILE"); v == "" && f != "" && o.env != "PARALLAX_TOKEN" {
				secret, err := readSecret(f)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s_FILE: %w", o.env, err))
					continue
				}
				v, src = secret, o.env+"_FILE"
			}
			if o.name == "db" && v != "" {
				c.dbSet = true
			}
		}
		if v == "" {
			v, src = o.def, "default"
		}
		if v == "" {
			continue
		}
		if err := o.set(&c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src, err))
		}
	}
	if len(errs) > 0 {
		return c, usagef("%v", errors.Join(errs...))
	}
	if set["db"] {
		c.dbSet = true
	}
	if c.Token == "" && c.tokenFile != "" {
		b, err := readSecret(c.tokenFile)
		if err != nil {
			return c, usagef("reading token file: %v", err)
		}
		c.Token = b
	}
	if c.Queue == "" && c.queueFile != "" {
		b, err := readSecret(c.queueFile)
		if err != nil {
			return c, usagef("reading queue file: %v", err)
		}
		c.Queue = b
	}
	if c.Command == "worker" && c.Queue == "" {
		return c, usagef("worker needs a queue: --queue nats://HOST:4222 or PARALLAX_QUEUE")
	}
	if c.Command == "export" {
		switch c.Format {
		case "", "jsonl":
			c.Format = "jsonl"
		case "csv":
		default:
			return c, usagef("--format for export must be jsonl or csv, not %q", c.Format)
		}
	}
	if c.Command == "ingest" {
		switch c.Format {
		case "", "auto", "jsonl", "text", "html", "warc":
		default:
			return c, usagef("--format must be auto, jsonl, text, html or warc, not %q", c.Format)
		}
	}
	if want, ok := argCounts[c.Command]; ok && !want(len(c.Args)) {
		return c, usagef("%s: wrong number of arguments\nusage: %s", c.Command, commands[c.Command].usage)
	}
	return c, nil
}

// takesValue reports whether a flag name expects a value, so the subcommand
// search can skip it ("--db x.db stories").
func takesValue(name string) bool {
	for _, o := range options() {
		if o.name == name {
			return !o.boolean
		}
	}
	return false
}

var argCounts = map[string]func(int) bool{
	"ingest":  func(n int) bool { return n >= 1 },
	"stories": func(n int) bool { return n == 0 },
	"story":   func(n int) bool { return n == 1 },
	"article": func(n int) bool { return n == 1 },

	"storylines": func(n int) bool { return n == 0 },
	"storyline":  func(n int) bool { return n == 1 },
	"merge":      func(n int) bool { return n >= 2 },
	"split":      func(n int) bool { return n >= 2 },
	"recluster":  func(n int) bool { return n == 0 },
	"search":     func(n int) bool { return n >= 0 },
	"export":     func(n int) bool { return n == 0 },
	"delete":     func(n int) bool { return n >= 1 },
	"serve":      func(n int) bool { return n == 0 },
	"demo":       func(n int) bool { return n == 0 },
	"eval":       func(n int) bool { return n <= 1 },
	"train":      func(n int) bool { return n <= 1 },
	"bench":      func(n int) bool { return n <= 1 },

	"reanalyze": func(n int) bool { return n == 0 },
	"watch":     func(n int) bool { return n == 0 },
	"worker":    func(n int) bool { return n == 0 },
	"migrate":   func(n int) bool { return n == 0 },
}

// parseDate accepts YYYY-MM-DD or RFC 3339.
func parseDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or RFC 3339)", v)
}

// flagHelp renders the options of one command for --help.
func flagHelp(cmd string) string {
	var lines []string
	for _, o := range options() {
		if !o.appliesTo(cmd) {
			continue
		}
		dash := "--"
		if len(o.name) == 1 {
			dash = "-" // -o, as the usage lines write it
		}
		l := fmt.Sprintf("  %s%-*s %s", dash, 13-len(dash), o.name, o.usage)
		if o.def != "" && o.def != "0" {
			l += fmt.Sprintf(" (default %s)", o.def)
		}
		if o.env != "" {
			l += " [$" + o.env + "]"
		}
		lines = append(lines, l)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

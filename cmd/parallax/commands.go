package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// command is one subcommand: its usage line, its help text and what it does.
type command struct {
	usage string
	help  string
	run   func(ctx context.Context, m *Main) error
}

// commands is the table of subcommands; each lives in a file of its own.
var commands map[string]command

func init() {
	// Assigned in init because runHelp reads the table it is part of.
	commands = map[string]command{
		"ingest": {"parallax ingest [--format F] [--max-bytes N] [--allow-private] [--queue URL] PATH|URL...",
			"Read articles from files, folders (recursively), - (standard input) or http(s) URLs (fetched as\n" +
				"'parallax watch' fetches pages; private addresses need --allow-private): JSON Lines records,\n" +
				"plain-text files, HTML pages or WARC web archives (detected; --format forces one). A .warc or\n" +
				".warc.gz is read record by record: each 2xx HTML response or HTML resource is an article, named\n" +
				"FILE#record N in messages; requests, revisits, metadata and other content are skipped, and a\n" +
				"record over --max-bytes is refused. Each article is extracted, analysed and placed in a\n" +
				"story. Ingesting the same article again changes nothing; the same id with a different text\n" +
				"is reported as a conflict and not overwritten. Every problem is reported with its file and\n" +
				"line; the rest is stored. Exit status 1 if anything was rejected. With --queue, the articles are\n" +
				"published to the work queue for 'parallax worker' processes instead of processed here.",
			runIngest},
		"stories": {"parallax stories [--limit N] [--offset N] [--json]",
			"List stories, most recent activity first, with their articles.", runStories},
		"story": {"parallax story ID [--json]",
			"Show one story: its articles by outlet and time (copies under their original), its entities\nand its quotations by speaker.", runStory},
		"storylines": {"parallax storylines [--limit N] [--offset N] [--json]",
			"List storylines, most recent activity first: developing topics, each made of events (stories)\n" +
				"linked by the names, words and statements they share, across months.", runStorylines},
		"storyline": {"parallax storyline ID [--json]",
			"Show one storyline: its events in order, and over all their articles the claims, where accounts\n" +
				"differ, the timeline and a cited summary.", runStoryline},
		"merge": {"parallax merge STORY STORY... [--json]",
			"Merge the other stories into the first, by hand. The articles of all of them are kept together\n" +
				"from then on: later automatic changes never part them.", runMerge},
		"split": {"parallax split STORY ARTICLE... [--json]",
			"Move the named articles out of STORY into a new story of the same storyline, by hand, and print\n" +
				"its id. The moved articles and the ones left are kept apart from then on.", runSplit},
		"recluster": {"parallax recluster [--json]",
			"Place every stored article again, from nothing, earliest published first, with this version's\n" +
				"clustering rules: stories, storylines and copy links are made anew, as if the articles had\n" +
				"arrived again in order (run it after an upgrade that changed clustering, or to let later\n" +
				"evidence redo early decisions). Merges and splits made by hand are kept: articles merged stay\n" +
				"together, articles split apart stay apart. It runs in one transaction, so an interrupted run\n" +
				"changes nothing; story ids may change. Texts and analyses are not touched.", runRecluster},
		"article": {"parallax article ID [--json]",
			"Show one article: metadata, story and main text (boilerplate removed); --json adds the entity\nmentions and quotations found in it.", runArticle},
		"search": {"parallax search [QUERY] [--outlet O] [--entity E] [--from DATE] [--to DATE] [--limit N] [--offset N] [--json]",
			"Full-text search over titles and texts. Every word must match; words match their English\nstems (\"talks\" finds \"talk\") and ignore case and accents. \"Quoted phrases\" match as\nphrases and a trailing * matches prefixes; no other operator is interpreted. Filters narrow\nthe results; with no query, matching articles are listed newest first.", runSearch},
		"export": {"parallax export [--what articles|stories] [--format jsonl|csv] [-o FILE]",
			"Write all articles (in the JSON Lines form ingest reads, plus story and duplicate_of) or all\nstories, as JSON Lines or CSV, to standard output or a file.", runExport},
		"reanalyze": {"parallax reanalyze [--workers N] [--json]",
			"Bring stored analyses up to date after parallax's rules, word lists or models changed.\n" +
				"Every analysis records the versions that made it; each article analysed by other versions\n" +
				"is analysed again, and its entities, quotes and clustering keys are replaced. Articles keep\n" +
				"their stories and copy links. Prints how many articles were checked, reanalysed, already up\n" +
				"to date and failed (exit status 1 if any failed). Work is committed in batches: an\n" +
				"interrupted run continues where it stopped when run again. 'parallax serve' does the same\n" +
				"in the background when it starts.",
			runReanalyze},
		"delete": {"parallax delete ID...",
			"Remove articles and everything derived from them (for takedowns). A story left empty is removed.", runDelete},
		"serve": {"parallax serve [--addr 127.0.0.1:8080] [--token T] [--queue URL]",
			"Serve the web UI and the JSON API (documented at /api/openapi.yaml). The server listens on\nloopback by default; on any other address a write token is required (PARALLAX_TOKEN or\nPARALLAX_TOKEN_FILE), and POST/DELETE requests must send it as a Bearer token.\nStored analyses made by older rules are redone in the background (see 'parallax help reanalyze'),\nand the sources are polled in the background as 'parallax watch' polls them.\nWith --queue, posted articles are published to the work queue and this server places what the\nworkers analysed (with --queue embedded it runs the queue and the workers itself).", runServe},
		"demo": {"parallax demo [--addr 127.0.0.1:8080] [--db PATH]",
			"Load the embedded demo corpus (invented outlets and events) into a temporary database, or the\none given with --db, print the URL and serve the UI until interrupted.", runDemo},
		"eval": {"parallax eval [TASK] [--data PATH] [--json]",
			"Score an analysis stage on labelled data and print the scores as JSON. With no task, list\nthe tasks and the data each one reads.", runEval},
		"train": {"parallax train [MODEL] --data PATH [-o FILE]",
			"Train one of parallax's statistical models from labelled data and write it as the compact\nfile that is embedded in the binary (rebuild to use it). With no model, list the models.", runTrain},
		"bench": {"parallax bench [analyze|ingest|cluster|queue] [--data FILE] [--repeat N] [--db PATH] [--json]",
			"Measure speed on this machine and print the figures, the machine, and a baseline or\n" +
				"comparison measured in the same run. analyze (the default): extract and analyse the articles\n" +
				"of --data (default ../shared/corpus/seeds.jsonl), repeated to --repeat articles, on GOMAXPROCS\n" +
				"workers (GOMAXPROCS=1 gives the per-core figure), against the tokenizer alone. ingest: --repeat\n" +
				"synthetic articles (package synth: overlapping events, shared names, copies) as JSON Lines\n" +
				"through 'parallax ingest' into a new store, end to end, with the rate, memory and store size at\n" +
				"checkpoints and the clustering scored against the generator's events. cluster: the same\n" +
				"articles analysed first, then only placing and storing timed, per article at each checkpoint.\n" +
				"queue: the same stream through the single binary, then through an embedded nats-server with\n" +
				"one and two worker processes, and the overhead of the queue.", runBench},
		"sources": {"parallax sources [list|add URL...|pause ID...|resume ID...|remove ID...|errors [ID]|import FILE|export [-o FILE]] [--title T] [--json]",
			"Manage the feeds parallax follows (RSS, Atom or JSON Feed; 'parallax watch' polls them).\n" +
				"list shows each source with its state, entry counts and last error; add follows a feed URL\n" +
				"(--title names it); pause and resume stop and restart polling; remove forgets a source and\n" +
				"its entries but keeps the articles stored from it; errors lists the entries whose article\n" +
				"could not be fetched or extracted yet, with why and when they are tried again; import\n" +
				"follows every feed of an OPML file (- for standard input) and export writes the sources as OPML.",
			runSources},
		"watch": {"parallax watch [--once] [--interval 15m] [--allow-private] [--ignore-robots] [--json]",
			"Poll the sources (see 'parallax sources') and ingest what is new, until interrupted; with\n" +
				"--once, poll every due source once and exit (status 1 if a source or entry failed). Feeds are\n" +
				"fetched with conditional GET, a size cap, a timeout, a redirect limit, at most two requests\n" +
				"at a time and one a second per host, and robots.txt respected; private, loopback and\n" +
				"link-local addresses are refused unless --allow-private. An entry whose feed carries only a\n" +
				"summary is fetched from its page. A failing source is retried with growing delays; a failing\n" +
				"entry is kept with its error and retried too. All state is in the store and survives restarts.",
			runWatch},
		"migrate": {"parallax migrate [--json]",
			"Bring the store's schema up to this version of parallax and print it. Every command does\n" +
				"this when it opens the store; run it alone to migrate a shared PostgreSQL database before\n" +
				"starting servers and workers. A store written by a newer parallax is refused.",
			runMigrate},
		"worker": {"parallax worker --queue nats://HOST:4222 [--db URL] [--worker-concurrency N] [--place]",
			"Analyse articles from the NATS JetStream queue that 'ingest --queue' and 'serve --queue'\n" +
				"publish to, --worker-concurrency at a time, and hand them on to the placer; run as many\n" +
				"workers, on as many machines, as the load needs. With --place it is also the placer, which\n" +
				"clusters and stores them in the order they were published ('serve --queue' runs one; run one\n" +
				"per store). --db names the shared store (for PostgreSQL, a postgres:// URL). See the README,\n" +
				"Distributed mode.",
			runWorker},
		"help": {"parallax help [COMMAND]", "Show help for parallax or one command.", runHelp},
	}
}

func runHelp(ctx context.Context, m *Main) error {
	if len(m.Config.Args) > 0 {
		name := m.Config.Args[0]
		c, ok := commands[name]
		if !ok {
			return usagef("unknown command %q", name)
		}
		fmt.Fprintf(m.Stdout, "usage: %s\n\n%s\n", c.usage, c.help)
		if f := flagHelp(name); f != "" {
			fmt.Fprintf(m.Stdout, "\nflags:\n%s\n", f)
		}
		return nil
	}
	fmt.Fprint(m.Stdout, `parallax shows each news story from every angle: which outlets covered it and who
copied whom, who said what and through whom, in one place.

usage: parallax [--db PATH] COMMAND [flags] [args]

commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(m.Stdout, "  %-9s %s\n", n, firstSentence(commands[n].help))
	}
	fmt.Fprint(m.Stdout, `
The store is a SQLite file or a postgres:// URL named by --db or $PARALLAX_DB (default parallax.db).
Run 'parallax help COMMAND' or 'parallax COMMAND --help' for a command's flags.
`)
	return nil
}

// firstSentence returns a help text's first sentence on one line, for the
// command list, shortened at a word with an ellipsis when long.
func firstSentence(help string) string {
	t := strings.Join(strings.Fields(help), " ")
	if i := strings.Index(t, ". "); i >= 0 {
		t = t[:i+1]
	}
	const width = 88 // with the name column, one 100-column line
	if len(t) > width {
		cut := strings.LastIndexByte(t[:width], ' ')
		t = strings.TrimRight(t[:max(cut, width/2)], " ,;:(") + " …"
	}
	return t
}

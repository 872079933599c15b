// Command chamber runs a chamber of commerce: `chamber serve` for the web
// app and API, and subcommands for administration. See `chamber help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai without the system's zoneinfo

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is how run reads the environment (tests pass a map).
type env struct {
	lang   string // zh-CN or en: --lang, CHAMBER_LANG, LC_ALL, LC_MESSAGES or LANG
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

const usage = `chamber runs a chamber of commerce (商会): web app, JSON API and administration.

Usage:
  chamber serve [--addr 127.0.0.1:8080] [--db sqlite:./chamber.db] [--key-file FILE] [--demo]
  chamber migrate [--db …] [--key-file FILE]
  chamber user add --username U --name N [--role admin] [--member-no NO] --password-stdin [--db …]
  chamber user passwd --username U --password-stdin [--db …]
  chamber token create --username U [--name NAME] [--db …]
  chamber verify [--db …]
  chamber import members FILE [--db …]           .xlsx or .csv; all or nothing, prints every bad row
  chamber export members --format xlsx|csv --out FILE [--db …]
  chamber invite (--all | --tier T | --member-no NO,…) [--mail] --base-url URL --out FILE.csv
                                                 portal logins in bulk: one-time codes for letters
  chamber reindex [--db …] [--blobs DIR]         text of files uploaded before text search (and PDFs),
                                                 search tokens of everything; safe to run again
  chamber backup --out FILE [--db …]
  chamber restore FILE [--db …]
  chamber version

Messages are in the terminal's language (CHAMBER_LANG, LC_ALL or LANG: zh_CN…
for Chinese, else English) or --lang zh-CN|en given before the command.

The database is --db or CHAMBER_DB: sqlite:PATH (default sqlite:./chamber.db)
or postgres://USER@HOST:PORT/DB. The installation key (--key-file or
CHAMBER_KEY_FILE, default PATH.key beside a SQLite file, else ./chamber.key)
is created on first start; it seals secret ballots and stored passwords and is
never in the database or its backups: keep it apart.
Run "chamber COMMAND -h" for a command's flags.
Exit status: 0 success, 1 failure (explained on stderr), 2 bad usage.
`

// run is main without the process: testable.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, lang: cliLang(getenv)}
	var err error
	if len(args) > 0 && (args[0] == "--lang" || strings.HasPrefix(args[0], "--lang=")) {
		lang, rest := strings.TrimPrefix(args[0], "--lang="), args[1:]
		if args[0] == "--lang" && len(rest) > 0 {
			lang, rest = rest[0], rest[1:]
		}
		if !i18n.Valid(lang) {
			err = usagef("%s", i18n.T(e.lang, "cli.bad_lang"))
		}
		e.lang, args = lang, rest
	}
	if err == nil {
		err = dispatch(ctx, e, args)
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "chamber: %s\n%s\n", ue.msg, i18n.T(e.lang, "cli.usage_hint"))
		return 2
	default:
		fmt.Fprintf(stderr, "chamber: %s\n", e.describe(err))
		return 1
	}
}

// describe turns an error into one line for the terminal, in the
// terminal's language.
func (e *env) describe(err error) string {
	var ce *chamber.Error
	if errors.As(err, &ce) {
		return cliMessage(e.lang, ce)
	}
	return err.Error()
}

// cliLang is the terminal's language: CHAMBER_LANG, else the locale
// (LC_ALL, LC_MESSAGES, LANG); zh_CN.UTF-8 and the like are Chinese,
// anything else is English.
func cliLang(getenv func(string) string) string {
	for _, k := range []string{"CHAMBER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "zh") {
			return i18n.ZH
		}
		return i18n.EN
	}
	return i18n.EN
}

// say prints one line of the catalog in the terminal's language.
func (e *env) say(w io.Writer, key string, args ...any) {
	fmt.Fprintln(w, i18n.T(e.lang, key, args...))
}

// fail is an error of the catalog in the terminal's language.
func (e *env) fail(key string, args ...any) error {
	return errors.New(i18n.T(e.lang, key, args...))
}

func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	case "version", "--version":
		fmt.Fprintln(e.stdout, "chamber", version)
		return nil
	case "serve":
		return runServe(ctx, e, rest)
	case "migrate":
		return runMigrate(ctx, e, rest)
	case "invite":
		return runInvite(ctx, e, rest)
	case "user":
		return runUser(ctx, e, rest)
	case "token":
		return runToken(ctx, e, rest)
	case "verify":
		return runVerify(ctx, e, rest)
	case "reindex":
		return runReindex(ctx, e, rest)
	case "backup":
		return runBackup(ctx, e, rest)
	case "restore":
		return runRestore(ctx, e, rest)
	case "import":
		return runImport(ctx, e, rest)
	case "export":
		return runExport(ctx, e, rest)
	}
	return usagef("unknown command %q", cmd)
}

// newFlags makes a flag set that reports errors as usage errors and knows --db.
func newFlags(e *env, name, synopsis string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: chamber %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(e, "CHAMBER_DB", "sqlite:./chamber.db"), "database: sqlite:PATH or postgres://… (env CHAMBER_DB)")
	return fs, db
}

// parse reads flags wherever they stand, before or after the positional
// arguments ("chamber restore FILE --db …" as the usage shows it).
func parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments as fs.Args().
	return fs.Parse(append([]string{"--"}, positional...))
}

func envOr(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

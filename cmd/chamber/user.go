package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chamber-org/chamber"
)

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("user: say add or passwd")
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, e, args[1:])
	case "passwd":
		return runUserPasswd(ctx, e, args[1:])
	}
	return usagef("user: unknown subcommand %q (add, passwd)", args[0])
}

// readPassword reads one line from stdin, without its line ending.
func readPassword(in io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usagef("--password-stdin: no password on standard input")
	}
	return pw, nil
}

func runUserAdd(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "user add", "user add --username U --name N [--role admin] [--member ID] --password-stdin")
	username := fs.String("username", "", "login name (required)")
	name := fs.String("name", "", "the person's name (required)")
	role := fs.String("role", "", "admin for the system administrator; empty for staff or members")
	member := fs.Int64("member", 0, "member id (internal): makes this a member portal login")
	memberNo := fs.String("member-no", "", "会员编号 of the member: makes this a member portal login")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *username == "" || *name == "" {
		return usagef("user add: --username and --name are required")
	}
	if !*pwStdin {
		return usagef("user add: --password-stdin is required (passwords never go on the command line)")
	}
	if *role != "" && *role != "admin" {
		return usagef("user add: --role must be admin or empty")
	}
	if *member < 0 {
		return usagef("user add: --member must be a member id")
	}
	pw, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	if *member != 0 {
		if _, err := db.FindMember(sysCtx(ctx), *member); err != nil {
			return fmt.Errorf("user add: member %d: %s", *member, e.describe(err))
		}
	}
	u, err := db.CreateUser(sysCtx(ctx), chamber.NewUser{Username: *username, Name: *name, Password: pw, Admin: *role == "admin", MemberID: *member, MemberNo: *memberNo})
	if err != nil {
		return err
	}
	e.say(e.stdout, "cli.user_created", u.Username, u.ID)
	return nil
}

func runUserPasswd(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "user passwd", "user passwd --username U --password-stdin")
	username := fs.String("username", "", "login name (required)")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from standard input (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *username == "" || !*pwStdin {
		return usagef("user passwd: --username and --password-stdin are required")
	}
	pw, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	c := sysCtx(ctx)
	u, err := db.FindUserByUsername(c, *username)
	if err != nil {
		return err
	}
	if err := db.SetPassword(c, u.ID, pw); err != nil {
		return err
	}
	e.say(e.stdout, "cli.password_set", u.Username)
	return nil
}

func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usagef("token: say create")
	}
	fs, dbFlag := newFlags(e, "token create", "token create --username U [--name NAME]")
	username := fs.String("username", "", "login the token acts as (required)")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *username == "" {
		return usagef("token create: --username is required")
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	c := sysCtx(ctx)
	u, err := db.FindUserByUsername(c, *username)
	if err != nil {
		return err
	}
	secret, _, err := db.CreateToken(c, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

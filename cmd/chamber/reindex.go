package main

import (
	"context"
	"errors"
	"io"

	"github.com/chamber-org/chamber/internal/blob"
	"github.com/chamber-org/chamber/internal/extract"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// reindexMaxFile is the most of one file reindex reads for its text.
const reindexMaxFile = 256 << 20

// runReindex extracts the text of attachments that have none (uploaded
// before text extraction, or PDFs before PDF text) and rewrites the search
// tokens of everything searchable. Safe to run again, and while serving.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "reindex", "reindex [--db DSN] [--blobs DIR]")
	blobs := blobsFlag(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reindex: unexpected argument %q", fs.Arg(0))
	}
	db, err := openDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	store, err := blob.New(blob.DirFor(*dbFlag, *blobs), 0)
	if err != nil {
		return err
	}
	st, err := db.Reindex(sysCtx(ctx), func(p sqlstore.PendingText) (string, error) {
		f, err := store.Open(p.Hash)
		if err != nil {
			return "", err // missing: fs.ErrNotExist, left for a later run
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, reindexMaxFile))
		if err != nil {
			return "", err
		}
		text, err := extract.Text(data, p.ContentType, p.Name)
		if errors.Is(err, extract.ErrTooLarge) {
			return "", nil // refused at upload today; nothing to index
		}
		return text, err
	})
	if err != nil {
		return err
	}
	e.say(e.stdout, "cli.reindexed", st.Extracted, st.Rows, st.Missing)
	return nil
}

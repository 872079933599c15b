package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDF text comes from pdfium compiled to WebAssembly and run on wazero (no
// cgo): one instance per process, started on the first PDF (compiling the
// module takes some seconds, kept in the user's cache directory for the
// next start), then kept. It sees no file system and at
// most pdfMemoryPages of memory; a file gets PDFTimeout and its first
// MaxPDFPages pages.

// MaxPDFPages is how many pages of one PDF are read.
const MaxPDFPages = 500

// PDFTimeout bounds the reading of one PDF (waiting for the instance
// included); past it the instance is stopped, and what was read is kept.
var PDFTimeout = 20 * time.Second

// pdfMemoryPages bounds the instance's memory: 64 KiB pages, 512 MiB.
const pdfMemoryPages = 8192

var pdf struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// StartPDF starts the pdfium instance now rather than on the first PDF
// (for benchmarks); calling it again does nothing.
func StartPDF() error {
	pdf.once.Do(func() {
		cfg := wazero.NewRuntimeConfigCompiler().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(pdfMemoryPages)
		if dir, err := os.UserCacheDir(); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "chamber", "pdfium")); err == nil {
				cfg = cfg.WithCompilationCache(cache)
			}
		}
		pdf.pool, pdf.err = webassembly.Init(webassembly.Config{
			MinIdle: 1, MaxIdle: 1, MaxTotal: 1, ReuseWorkers: true,
			FSConfig:      wazero.NewFSConfig(), // no host files
			RuntimeConfig: cfg,
			Stdout:        discard{}, Stderr: discard{},
		})
	})
	return pdf.err
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// pdfText reads the text of a PDF's pages; a file pdfium cannot open (not
// a PDF, encrypted) gives "".
func pdfText(data []byte) (string, error) {
	if err := StartPDF(); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), PDFTimeout)
	defer cancel()
	inst, err := pdf.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return "", err
	}
	var mu sync.Mutex
	killed := false
	stop := context.AfterFunc(ctx, func() { // past the deadline: stop pdfium where it is
		mu.Lock()
		defer mu.Unlock()
		killed = true
		_ = inst.Kill()
	})
	var b strings.Builder
	readPages(inst, data, &b, ctx)
	mu.Lock()
	if stop() && !killed {
		_ = inst.Close()
	}
	mu.Unlock()
	return clip(b.String()), nil
}

func readPages(inst pdfium.Pdfium, data []byte, b *strings.Builder, ctx context.Context) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return
	}
	for i := 0; i < min(count.PageCount, MaxPDFPages) && b.Len() < MaxText && ctx.Err() == nil; i++ {
		text, err := pageText(inst, doc.Document, i)
		if err != nil {
			return
		}
		b.WriteString(text)
		b.WriteByte('\n')
	}
}

func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (string, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	res, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return "", err
	}
	return res.Text, nil
}

package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// smallXLSX is a real one-sheet xlsx with a header and rows.
func smallXLSX(t testing.TB, rows int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]string{"名称", "类型"})
	for i := 0; i < rows; i++ {
		w.Write([]string{"会员" + strings.Repeat("x", i%7), "个人"})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// spaceReader yields n bytes of whitespace; with noise, XML comments of
// random letters instead (which hardly compress).
type spaceReader struct {
	n     int64
	noise bool
	rnd   uint32
}

func (s *spaceReader) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), s.n)
	for i := range p[:k] {
		p[i] = ' '
		if s.noise {
			s.rnd = s.rnd*1664525 + 1013904223
			p[i] = 'a' + byte(s.rnd>>24)%26
		}
	}
	if s.noise && k >= 8 {
		copy(p, "<!--")
		copy(p[k-3:k], "-->")
	}
	s.n -= k
	return int(k), nil
}

// bombXLSX copies a real xlsx, padding its sheet with pad bytes of
// whitespace (the attack of issue 10 item 6). With lie, the zip declares
// the sheet's size as 1 KiB.
func bombXLSX(t testing.TB, pad int64, lie bool) []byte { return padXLSX(t, pad, lie, false) }

func padXLSX(t testing.TB, pad int64, lie, noise bool) []byte {
	t.Helper()
	src := smallXLSX(t, 1)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name != "xl/worksheets/sheet1.xml" {
			w, _ := zw.Create(f.Name)
			w.Write(body)
			continue
		}
		i := bytes.Index(body, []byte("</sheetData>"))
		content := io.MultiReader(bytes.NewReader(body[:i]), &spaceReader{n: pad, noise: noise}, bytes.NewReader(body[i:]))
		// Deflate it ourselves so the header can say what we like.
		var comp bytes.Buffer
		crc := crc32.NewIEEE()
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		n, _ := io.Copy(io.MultiWriter(fw, crc), content)
		fw.Close()
		size := uint64(n)
		if lie {
			size = 1024
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	zw.Close()
	return out.Bytes()
}

// peakHeap runs fn while sampling the heap, and returns the most in use
// above what was in use before. The collector runs eagerly meanwhile, so the
// figure is what the reader keeps alive rather than the collector's slack
// (which varies with load and -race).
func peakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// TestDecompressionBomb: an xlsx whose sheet unpacks past 100× the file
// (or past 200 MiB) is refused, and reading it keeps memory bounded,
// whether the zip tells the truth about the size or lies.
func TestDecompressionBomb(t *testing.T) {
	pad := int64(300 << 20) // 300 MiB of whitespace in a file of a few hundred KiB
	if testing.Short() {
		pad = 40 << 20
	}
	for _, lie := range []bool{false, true} {
		data := bombXLSX(t, pad, lie)
		var err error
		peak := peakHeap(func() { _, err = Read("bomb.xlsx", bytes.NewReader(data)) })
		if err == nil || !(errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnreadable)) {
			t.Fatalf("lie=%v: %d-byte bomb read: %v", lie, len(data), err)
		}
		if !lie && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("an honest bomb is ErrTooLarge: %v", err)
		}
		t.Logf("bomb %d bytes unpacking to %d MiB (lie=%v): %v, peak heap +%.1f MiB", len(data), pad>>20, lie, err, float64(peak)/(1<<20))
		if peak > 64<<20 {
			t.Errorf("reading a bomb took %d MiB of heap", peak>>20)
		}
	}
	// Under the limits but large (30 MiB of sheet that hardly compresses):
	// read streaming from a temporary file, memory bounded.
	data := padXLSX(t, 30<<20, false, true)
	var rows [][]string
	var err error
	peak := peakHeap(func() { rows, err = Read("padded.xlsx", bytes.NewReader(data)) })
	if err != nil || len(rows) != 2 {
		t.Fatalf("padded: %d rows, %v", len(rows), err)
	}
	t.Logf("padded %d bytes (30 MiB sheet): %d rows, peak heap +%.1f MiB", len(data), len(rows), float64(peak)/(1<<20))
	if peak > 64<<20 {
		t.Errorf("reading a 30 MiB sheet took %d MiB of heap", peak>>20)
	}
}

// TestSheetLimits: rows and columns beyond the limits are refused; CSV too.
func TestSheetLimits(t *testing.T) {
	wide := strings.Repeat("a,", MaxCols+5) + "a\n"
	if _, err := Read("w.csv", strings.NewReader(wide)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a row of %d columns: %v", MaxCols+6, err)
	}
	big := bytes.Repeat([]byte("a"), MaxFileBytes+1)
	if _, err := Read("b.csv", bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file past MaxFileBytes: %v", err)
	}
	// Trailing empty cells do not count.
	rows, err := Read("t.csv", strings.NewReader("a,b"+strings.Repeat(",", 5000)+"\n"))
	if err != nil || len(rows) != 1 || len(rows[0]) != 2 {
		t.Errorf("trailing empties: %v %v", len(rows), err)
	}
}

// BenchmarkBomb is the attack at full size: a 2 MB xlsx holding 2 GB of
// whitespace. It reports the peak heap while the reader refuses it.
func BenchmarkBomb(b *testing.B) {
	for _, lie := range []bool{false, true} {
		data := bombXLSX(b, 2<<30, lie)
		b.Run(map[bool]string{false: "honest", true: "lying"}[lie], func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				p := peakHeap(func() {
					if _, err := Read("bomb.xlsx", bytes.NewReader(data)); err == nil {
						b.Fatal("bomb read")
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(len(data))/(1<<20), "file-MiB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

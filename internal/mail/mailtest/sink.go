// Package mailtest is a real SMTP server (go-smtp) for tests that send
// mail: it keeps one message per Message-ID, like a mailbox, and counts
// every DATA it accepted, so duplicates on the wire are visible.
package mailtest

import (
	"bufio"
	"errors"
	"io"
	"log"
	"maps"
	"mime"
	"net"
	netmail "net/mail"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
)

// Sink is a running SMTP server on loopback.
type Sink struct {
	// Addr is its host:port.
	Addr string

	mu       sync.Mutex
	raw      int
	byID     map[string]int
	byRcpt   map[string]map[string]bool
	subjects map[string]string
	reject   *smtp.SMTPError // when set, every RCPT is answered with it
}

// Start runs a sink until the test ends.
func Start(t testing.TB) *Sink {
	t.Helper()
	s := &Sink{byID: map[string]int{}, byRcpt: map[string]map[string]bool{}, subjects: map[string]string{}}
	srv := smtp.NewServer(s)
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxRecipients = 10
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// NewSession is go-smtp's Backend.
func (s *Sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }

// Counts are the messages accepted on the wire and the distinct Message-IDs.
func (s *Sink) Counts() (raw, unique int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw, len(s.byID)
}

// SetReject makes every RCPT answer e (nil: accept again).
func (s *Sink) SetReject(e *smtp.SMTPError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = e
}

// Recipients maps each recipient to the distinct Message-IDs it received.
func (s *Sink) Recipients() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]string, len(s.byRcpt))
	for rc, ids := range s.byRcpt {
		for id := range ids {
			out[rc] = append(out[rc], id)
		}
	}
	return out
}

// Subjects maps each Message-ID to its decoded subject.
func (s *Sink) Subjects() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.subjects)
}

type session struct {
	s     *Sink
	rcpts []string
}

func (ss *session) Reset()                               { ss.rcpts = nil }
func (ss *session) Logout() error                        { return nil }
func (ss *session) Mail(string, *smtp.MailOptions) error { return nil }
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	rej := ss.s.reject
	ss.s.mu.Unlock()
	if rej != nil {
		return rej
	}
	ss.rcpts = append(ss.rcpts, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	msg, err := netmail.ReadMessage(bufio.NewReader(r))
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, msg.Body); err != nil {
		return err
	}
	id := msg.Header.Get("Message-Id")
	if id == "" {
		return errors.New("no Message-ID")
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.raw++
	ss.s.byID[id]++
	ss.s.subjects[id] = decodeHeader(msg.Header.Get("Subject"))
	for _, rc := range ss.rcpts {
		if ss.s.byRcpt[rc] == nil {
			ss.s.byRcpt[rc] = map[string]bool{}
		}
		ss.s.byRcpt[rc][id] = true
	}
	return nil
}

func decodeHeader(s string) string {
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

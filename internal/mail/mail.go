// Package mail delivers the outbox: e-mail over SMTP (github.com/wneessen/go-mail)
// and a generic JSON webhook for SMS or WeChat gateways. The Worker claims
// messages from the durable outbox in the database with a lease, sends them
// with their stable Message-ID, and records the outcome.
package mail

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	gomail "github.com/wneessen/go-mail"
)

// Sender sends messages over one connection.
type Sender interface {
	Send(ctx context.Context, m chamber.OutboxMessage) error
	Close() error
}

// PermanentError is a failure that retrying will not fix (a 5xx reply, a
// refused address, a 4xx from a webhook).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// DialSMTP opens an SMTP connection with the settings.
func DialSMTP(ctx context.Context, s chamber.MailSettings) (Sender, error) {
	if s.Host == "" {
		return nil, errors.New("no SMTP host configured")
	}
	opts := []gomail.Option{gomail.WithTimeout(30 * time.Second), gomail.WithoutNoop()}
	if s.Port > 0 {
		opts = append(opts, gomail.WithPort(s.Port))
	}
	switch s.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "opportunistic":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return &smtpSender{c: c, from: s.From}, nil
}

type smtpSender struct {
	c    *gomail.Client
	from string
}

// Message builds the e-mail of an outbox message: plain UTF-8 text, with
// the outbox's stable Message-ID so a re-send is recognisably the same message.
func Message(from string, m chamber.OutboxMessage) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(from); err != nil {
		return nil, &PermanentError{fmt.Errorf("from: %w", err)}
	}
	if m.ToName != "" {
		if err := msg.AddToFormat(m.ToName, m.To); err != nil {
			return nil, &PermanentError{fmt.Errorf("to: %w", err)}
		}
	} else if err := msg.To(m.To); err != nil {
		return nil, &PermanentError{fmt.Errorf("to: %w", err)}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

func (s *smtpSender) Send(ctx context.Context, m chamber.OutboxMessage) error {
	msg, err := Message(s.from, m)
	if err != nil {
		return err
	}
	if err := s.c.Send(msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return &PermanentError{err}
		}
		return err
	}
	return nil
}

func (s *smtpSender) Close() error { return s.c.Close() }

// PostWebhook sends one webhook message: its body (JSON) POSTed to its
// address with an Idempotency-Key (the stable message id) and, when a
// secret is set, an HMAC-SHA256 signature of the body.
func PostWebhook(ctx context.Context, client *http.Client, secret string, m chamber.OutboxMessage) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.To, bytes.NewReader([]byte(m.Body)))
	if err != nil {
		return &PermanentError{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.MessageID)
	if secret != "" {
		h := hmac.New(sha256.New, []byte(secret))
		h.Write([]byte(m.Body))
		req.Header.Set("X-Chamber-Signature", "sha256="+hex.EncodeToString(h.Sum(nil)))
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != 408 && resp.StatusCode != 429:
		return &PermanentError{fmt.Errorf("webhook: %s", resp.Status)}
	}
	return fmt.Errorf("webhook: %s", resp.Status)
}

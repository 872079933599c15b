package sqlstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// The durable outbox of e-mail and webhook messages. Each row has a stable
// Message-ID fixed when it is queued. A worker claims rows with a lease
// (state 'sending', lease_until) in one short transaction, sends them, and
// marks them sent; a row whose lease ran out (its worker died) is claimed
// again and re-sent with the same Message-ID, so a receiver that keeps one
// message per Message-ID holds exactly one.

// MaxMailAttempts is how often a message is tried before it is failed.
const MaxMailAttempts = 8

// T renders a catalog key in lang with the program's texts (Options.Texts).
func (tx *Tx) T(lang, key string, args ...any) string { return tx.db.texts(lang, key, args...) }

// mailLangs are the languages a message is written in, one content each.
var mailLangs = []string{langZH, langEN}

// mailText is a message in one language: its title and text (what staff
// wrote stays as written; the wrapper around it is in that language).
type mailText func(lang string) (title, body string)

// mailContents stores a message queued to many once per language.
func (tx *Tx) mailContents(text mailText) (map[string]chamber.ID, error) {
	out := map[string]chamber.ID{}
	for _, lang := range mailLangs {
		title, body := text(lang)
		id, err := tx.mailContent(lang, title, body)
		if err != nil {
			return nil, err
		}
		out[lang] = id
	}
	return out, nil
}

// mailContent stores the subject and text of a message in one language.
func (tx *Tx) mailContent(lang, title, body string) (chamber.ID, error) {
	name, _, err := tx.setting("name")
	if err != nil {
		return 0, err
	}
	if name == "" {
		name = "商会"
	}
	text := title + "\n\n" + body + "\n\n-- \n" + name + "\n" + tx.T(lang, "ann.mail.footer")
	var id chamber.ID
	err = tx.QueryRowContext(tx.ctx, `INSERT INTO mail_contents(subject, body, created_at) VALUES ($1, $2, $3) RETURNING id`,
		"["+name+"] "+title, text, micros(tx.Now())).Scan(&id)
	return id, err
}

// enMember: the member's portal login chose English.
const enMember = `EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id AND u.locale = 'en')`

// mailDomain is the right-hand side of the Message-IDs: the From domain.
func (tx *Tx) mailDomain() (string, error) {
	from, _, err := tx.setting("mail.from")
	if err != nil {
		return "", err
	}
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		return strings.Trim(d, "<> "), nil
	}
	return "chamber.local", nil
}

// queueMemberMail queues content to the e-mail address of every member
// recipient matching cond ($4 onward are args). The Message-ID is
// prefix + member id + "@" + domain: stable, and unique, so queueing the
// same thing twice queues it once.
func (tx *Tx) queueMemberMail(contents map[string]chamber.ID, prefix, cond string, args ...any) (int64, error) {
	domain, err := tx.mailDomain()
	if err != nil {
		return 0, err
	}
	now := micros(tx.Now())
	var total int64
	// Each recipient in its language: English for a member whose portal
	// login chose it, the chamber's language for everyone else.
	for lang, which := range map[string]string{langZH: `NOT ` + enMember, langEN: enMember} {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO mail_outbox(channel, message_id, content_id, to_addr, to_name, state, next_at, created_at)
			SELECT 'email', CAST($1 AS TEXT) || CAST(m.id AS TEXT) || CAST($2 AS TEXT), $3, m.email, m.name, 'queued', `+strconv.FormatInt(now, 10)+`, `+strconv.FormatInt(now, 10)+`
			FROM announcement_deliveries d JOIN members m ON m.id = d.member_id
			WHERE d.member_id <> 0 AND m.email <> '' AND `+which+` AND `+cond+` ON CONFLICT (message_id) DO NOTHING`,
			append([]any{prefix, "@" + domain, contents[lang]}, args...)...)
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, tx.countQueued(total)
}

func (tx *Tx) countQueued(n int64) error {
	if n == 0 {
		return nil
	}
	_, err := tx.ExecContext(tx.ctx, `UPDATE mail_counters SET n = n + $1 WHERE state = 'queued'`, n)
	return err
}

// queueAnnouncementMail queues the e-mail of a publication or a correction.
// text, when not nil, is a system notice in each language; otherwise what
// staff wrote goes as written. A policy bulletin says so in the subject and
// ends with its industry and where to change the subscription.
func (tx *Tx) queueAnnouncementMail(a *chamber.Announcement, correction bool, text mailText) error {
	content, err := tx.mailContents(func(lang string) (string, string) {
		title, body := a.Title, a.Body
		if text != nil && !correction {
			title, body = text(lang)
		}
		if a.Kind == chamber.KindPolicy {
			industry := a.Industry
			if industry == "" {
				industry = tx.T(lang, "policy.every_industry")
			}
			title, body = tx.T(lang, "policy.mail.subject", title), body+"\n\n"+tx.T(lang, "policy.mail.footer", industry)
		}
		if correction {
			title = tx.T(lang, "ann.mail.correction", title)
		}
		return title, body
	})
	if err != nil {
		return err
	}
	prefix := "ann" + strconv.FormatInt(a.ID, 10) + ".r" + strconv.Itoa(a.Revision) + ".m"
	_, err = tx.queueMemberMail(content, prefix, `d.announcement_id = $4`, a.ID)
	return err
}

// webhookPayload is what the generic webhook channel POSTs: enough for an
// SMS or WeChat gateway to reach the member recipients.
type webhookPayload struct {
	Event        string                `json:"event"`
	Announcement *chamber.Announcement `json:"announcement"`
	Recipients   []webhookRecipient    `json:"recipients"`
}

type webhookRecipient struct {
	MemberID chamber.ID `json:"member_id,omitempty"`
	UserID   chamber.ID `json:"user_id,omitempty"`
	Name     string     `json:"name"`
	Phone    string     `json:"phone,omitempty"`
	Email    string     `json:"email,omitempty"`
}

// queueWebhook queues one JSON POST of a publication when a webhook is set.
func (tx *Tx) queueWebhook(a *chamber.Announcement) error {
	url, _, err := tx.setting("webhook.url")
	if err != nil || url == "" {
		return err
	}
	recips, err := queryAll(tx.ctx, tx, func(sc interface{ Scan(...any) error }) (webhookRecipient, error) {
		var r webhookRecipient
		return r, sc.Scan(&r.MemberID, &r.UserID, &r.Name, &r.Phone, &r.Email)
	}, `SELECT d.member_id, d.user_id, COALESCE(m.name, u.name, ''), COALESCE(m.phone, ''), COALESCE(m.email, '')
		FROM announcement_deliveries d LEFT JOIN members m ON m.id = d.member_id AND d.member_id <> 0
		LEFT JOIN users u ON u.id = d.user_id AND d.user_id <> 0 WHERE d.announcement_id = $1 ORDER BY d.id`, a.ID)
	if err != nil {
		return err
	}
	if recips == nil {
		recips = []webhookRecipient{}
	}
	body, err := json.Marshal(webhookPayload{Event: "announcement.published", Announcement: a, Recipients: recips})
	if err != nil {
		return err
	}
	var content chamber.ID
	if err := tx.QueryRowContext(tx.ctx, `INSERT INTO mail_contents(subject, body, created_at) VALUES ($1, $2, $3) RETURNING id`,
		"announcement.published", string(body), micros(tx.Now())).Scan(&content); err != nil {
		return err
	}
	domain, err := tx.mailDomain()
	if err != nil {
		return err
	}
	now := micros(tx.Now())
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO mail_outbox(channel, message_id, content_id, to_addr, state, next_at, created_at)
		VALUES ('webhook', $1, $2, $3, 'queued', $4, $4) ON CONFLICT (message_id) DO NOTHING`,
		"ann"+strconv.FormatInt(a.ID, 10)+".webhook@"+domain, content, url, now)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	return tx.countQueued(n)
}

// ClaimOutbox leases up to n due messages to owner for lease: first those
// whose earlier lease ran out (their worker died mid-send), then queued
// ones. On PostgreSQL, FOR UPDATE SKIP LOCKED lets several instances claim
// side by side; the repeated state condition makes a claim exact either way.
func (db *DB) ClaimOutbox(ctx context.Context, owner string, n int, lease time.Duration) ([]chamber.OutboxMessage, error) {
	skip := ""
	if db.Dialect == Postgres {
		skip = " FOR UPDATE SKIP LOCKED"
	}
	var out []chamber.OutboxMessage
	err := db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
		now := micros(tx.Now())
		until := micros(tx.Now().Add(lease))
		var ids []string
		for _, cond := range []string{`state = 'sending' AND lease_until < $3`, `state = 'queued' AND next_at <= $3`} {
			if len(ids) >= n {
				break
			}
			order := "id"
			if strings.HasPrefix(cond, "state = 'sending'") {
				order = "lease_until"
			}
			got, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (string, error) {
				var id int64
				err := sc.Scan(&id)
				return strconv.FormatInt(id, 10), err
			}, `UPDATE mail_outbox SET state = 'sending', lease_until = $1, lease_owner = $2, attempts = attempts + 1
				WHERE id IN (SELECT id FROM mail_outbox WHERE `+cond+` ORDER BY `+order+` LIMIT $4`+skip+`) AND `+cond+` RETURNING id`,
				until, owner, now, n-len(ids))
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		if len(ids) == 0 {
			return nil
		}
		var err error
		out, err = queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (chamber.OutboxMessage, error) {
			var m chamber.OutboxMessage
			err := sc.Scan(&m.ID, &m.Channel, &m.MessageID, &m.To, &m.ToName, &m.Attempts, &m.Subject, &m.Body)
			return m, err
		}, `SELECT o.id, o.channel, o.message_id, o.to_addr, o.to_name, o.attempts, c.subject, c.body
			FROM mail_outbox o JOIN mail_contents c ON c.id = o.content_id WHERE o.id IN (`+strings.Join(ids, ",")+`) ORDER BY o.id`)
		return err
	})
	return out, err
}

// mailBackoff is the wait before attempt n+1: 30 s doubling, at most 6 h.
func mailBackoff(attempts int) time.Duration {
	d := 30 * time.Second << min(attempts, 10)
	return min(d, 6*time.Hour)
}

// CompleteOutbox records what happened to claimed messages, in one
// transaction: sent ones are done; temporary failures wait with backoff;
// permanent ones (and those out of attempts) are failed.
func (db *DB) CompleteOutbox(ctx context.Context, results []chamber.OutboxResult) error {
	if len(results) == 0 {
		return nil
	}
	return db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
		now := micros(tx.Now())
		var sent []string
		var nFailed int64
		for _, r := range results {
			if r.Err == nil {
				sent = append(sent, strconv.FormatInt(r.ID, 10))
				continue
			}
			msg := r.Err.Error()
			if len(msg) > 500 {
				msg = msg[:500]
			}
			var attempts int
			if err := tx.QueryRowContext(ctx, `SELECT attempts FROM mail_outbox WHERE id = $1 AND state = 'sending'`, r.ID).Scan(&attempts); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					continue
				}
				return err
			}
			if r.Permanent || attempts >= MaxMailAttempts {
				if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'failed', last_error = $1, lease_until = 0 WHERE id = $2`, msg, r.ID); err != nil {
					return err
				}
				nFailed++
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'queued', last_error = $1, lease_until = 0, next_at = $2 WHERE id = $3`,
				msg, now+mailBackoff(attempts).Microseconds(), r.ID); err != nil {
				return err
			}
		}
		var nSent int64
		if len(sent) > 0 {
			res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'sent', sent_at = $1, lease_until = 0, last_error = ''
				WHERE state = 'sending' AND id IN (`+strings.Join(sent, ",")+`)`, now)
			if err != nil {
				return err
			}
			nSent, _ = res.RowsAffected()
		}
		if nSent+nFailed == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_counters SET n = n + CASE state WHEN 'queued' THEN CAST($1 AS BIGINT) WHEN 'sent' THEN CAST($2 AS BIGINT) ELSE CAST($3 AS BIGINT) END`,
			-(nSent + nFailed), nSent, nFailed)
		return err
	})
}

// OutboxPaused reports whether sending is paused, and why.
func (db *DB) OutboxPaused(ctx context.Context) (bool, string, error) {
	var paused, reason string
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('mail.paused', 'mail.paused_reason')`)
	if err != nil {
		return false, "", err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return false, "", err
		}
		if k == "mail.paused" {
			paused = v
		} else {
			reason = v
		}
	}
	return paused == "1", reason, rows.Err()
}

// PauseOutbox stops sending after repeated failures, until resumed.
func (db *DB) PauseOutbox(ctx context.Context, reason string) error {
	return db.Write(ctx, chamber.SystemActor, func(tx *Tx) error {
		if err := tx.setSetting("mail.paused", "1"); err != nil {
			return err
		}
		if err := tx.setSetting("mail.paused_reason", reason); err != nil {
			return err
		}
		return tx.Audit("mail.pause", "settings", 0, nil, map[string]string{"reason": reason})
	})
}

// ResumeOutbox lets the worker send again (settings.write).
func (db *DB) ResumeOutbox(ctx context.Context) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.setSetting("mail.paused", "0"); err != nil {
			return err
		}
		if err := tx.setSetting("mail.paused_reason", ""); err != nil {
			return err
		}
		return tx.Audit("mail.resume", "settings", 0, nil, nil)
	})
}

// OutboxStatus is the outbox at a glance, from counters (no table scan).
func (db *DB) OutboxStatus(ctx context.Context) (*chamber.OutboxStatus, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	st := &chamber.OutboxStatus{}
	rows, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) ([2]any, error) {
		var k string
		var n int64
		err := sc.Scan(&k, &n)
		return [2]any{k, n}, err
	}, `SELECT state, n FROM mail_counters`)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		switch r[0].(string) {
		case "queued":
			st.Queued = r[1].(int64)
		case "sent":
			st.Sent = r[1].(int64)
		case "failed":
			st.Failed = r[1].(int64)
		}
	}
	st.Paused, st.Reason, err = db.OutboxPaused(ctx)
	return st, err
}

var mailSettingKeys = []string{"mail.host", "mail.port", "mail.username", "mail.password", "mail.from", "mail.tls", "mail.rate",
	"webhook.url", "webhook.secret", "announcement.approval"}

// MailSettings returns the SMTP, webhook and approval settings
// (settings.write; the worker reads them as the system).
func (db *DB) MailSettings(ctx context.Context) (*chamber.MailSettings, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	m := &chamber.MailSettings{Port: 587, TLS: "starttls", Rate: 20}
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'mail.%' OR key LIKE 'webhook.%' OR key = 'announcement.approval'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		switch k {
		case "mail.host":
			m.Host = v
		case "mail.port":
			m.Port, _ = strconv.Atoi(v)
		case "mail.username":
			m.Username = v
		case "mail.password":
			if m.Password, err = db.openSetting(k, v); err != nil {
				return nil, err
			}
		case "mail.from":
			m.From = v
		case "mail.tls":
			m.TLS = v
		case "mail.rate":
			m.Rate, _ = strconv.Atoi(v)
		case "webhook.url":
			m.WebhookURL = v
		case "webhook.secret":
			if m.WebhookSecret, err = db.openSetting(k, v); err != nil {
				return nil, err
			}
		case "announcement.approval":
			m.ApprovalRequired = v == "required"
		}
	}
	return m, rows.Err()
}

// UpdateMailSettings saves the settings; an empty password or webhook
// secret keeps the stored one.
func (db *DB) UpdateMailSettings(ctx context.Context, m chamber.MailSettings) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	before, err := db.MailSettings(ctx)
	if err != nil {
		return err
	}
	if m.Password == "" {
		m.Password = before.Password
	}
	if m.WebhookSecret == "" {
		m.WebhookSecret = before.WebhookSecret
	}
	approval := "required"
	if !m.ApprovalRequired {
		approval = "none"
	}
	password, err := db.sealSetting("mail.password", m.Password)
	if err != nil {
		return err
	}
	secret, err := db.sealSetting("webhook.secret", m.WebhookSecret)
	if err != nil {
		return err
	}
	vals := []string{m.Host, strconv.Itoa(m.Port), m.Username, password, m.From, m.TLS, strconv.Itoa(m.Rate), m.WebhookURL, secret, approval}
	return db.Write(ctx, actor, func(tx *Tx) error {
		for i, k := range mailSettingKeys {
			if err := tx.setSetting(k, vals[i]); err != nil {
				return err
			}
		}
		redact := func(s chamber.MailSettings) chamber.MailSettings {
			s.Password, s.WebhookSecret = "", ""
			return s
		}
		return tx.Audit("mail.settings", "settings", 0, redact(*before), redact(m))
	})
}

// QueueTestMail queues one test message to an address (settings.write).
func (db *DB) QueueTestMail(ctx context.Context, to string) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	to = strings.TrimSpace(to)
	if !strings.Contains(to, "@") || len(to) > 254 || strings.ContainsAny(to, " \r\n<>") {
		var f chamber.Fields
		f.Add("to", "err.invalid_value")
		return f.Err()
	}
	b := make([]byte, 8)
	rand.Read(b)
	return db.Write(ctx, actor, func(tx *Tx) error {
		lang := cmp.Or(actor.Locale, langZH) // the test goes to whoever asked, in their language
		content, err := tx.mailContent(lang, tx.T(lang, "ann.mail.test_subject"), tx.T(lang, "ann.mail.test_body"))
		if err != nil {
			return err
		}
		domain, err := tx.mailDomain()
		if err != nil {
			return err
		}
		now := micros(tx.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox(channel, message_id, content_id, to_addr, state, next_at, created_at)
			VALUES ('email', $1, $2, $3, 'queued', $4, $4)`, "test."+hex.EncodeToString(b)+"@"+domain, content, to, now); err != nil {
			return err
		}
		if err := tx.countQueued(1); err != nil {
			return err
		}
		return tx.Audit("mail.test", "settings", 0, nil, map[string]string{"to": to})
	})
}

-- The money of events: voucher lines tagged with the event they are for
-- (its costs, its fees), the fee a registration paid and the voucher that
-- took it, the day-before reminder sent once per event, and the
-- organisation a public registrant gives.
ALTER TABLE voucher_lines ADD COLUMN event_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX voucher_lines_event ON voucher_lines(event_id) WHERE event_id <> 0;
ALTER TABLE event_registrations ADD COLUMN paid_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event_registrations ADD COLUMN fee_voucher_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN reminded_at BIGINT;
CREATE INDEX events_remind ON events(status, starts_at) WHERE reminded_at IS NULL;
ALTER TABLE event_registrations ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

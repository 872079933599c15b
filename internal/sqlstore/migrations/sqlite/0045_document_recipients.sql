-- Outgoing documents name their 主送 and 抄送 (printed on the 红头);
-- distributed readers leave a read receipt; incoming documents carry a
-- deadline (办理时限) set when routed, with a reminder before it and a
-- warning after it, each once per deadline.
ALTER TABLE documents ADD COLUMN main_to TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN copy_to TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN due_reminded BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE documents ADD COLUMN overdue_warned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE document_readers ADD COLUMN read_at BIGINT;
ALTER TABLE document_routes ADD COLUMN step TEXT NOT NULL DEFAULT '';
ALTER TABLE document_routes ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_due ON documents(status, due_on) WHERE direction = 'incoming';
CREATE INDEX documents_register ON documents(direction, created_at);

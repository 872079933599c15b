-- The to-do list (GET /api/v1/me/todo) reads each area by the person it
-- waits for, without scanning: a document's signers and readers, a
-- supervisor's unsigned minutes, an owner's open action items, an
-- assignee's open tickets.
CREATE INDEX document_steps_user ON document_steps(user_id, decision);
CREATE INDEX document_readers_user ON document_readers(user_id, document_id);
CREATE INDEX minutes_status ON minutes(status, meeting_id);
CREATE INDEX action_items_owner ON action_items(owner_id, status, due_on);
CREATE INDEX tickets_assignee_status ON tickets(assignee_id, status, due_at);

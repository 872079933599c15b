-- Who is present, kept on the meeting as check-ins are made (a check-in is
-- never changed or removed), so the quorum shown on every meeting page and
-- live view reads one row instead of counting every check-in.
ALTER TABLE meetings ADD COLUMN checked_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN checked_in_weight BIGINT NOT NULL DEFAULT 0;
UPDATE meetings SET checked_in = (SELECT COUNT(*) FROM check_ins c WHERE c.meeting_id = meetings.id),
    checked_in_weight = (SELECT COALESCE(SUM(weight), 0) FROM check_ins c WHERE c.meeting_id = meetings.id);

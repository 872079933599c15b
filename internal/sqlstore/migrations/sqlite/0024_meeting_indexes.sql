-- Pages of a sitting read by meeting without scanning: its elections, its
-- latest check-ins, and the proxies of those check-ins only.
CREATE INDEX elections_meeting ON elections(meeting_id);
CREATE INDEX check_ins_meeting_id ON check_ins(meeting_id, id);
CREATE INDEX represented_check_in ON represented(meeting_id, check_in_id);

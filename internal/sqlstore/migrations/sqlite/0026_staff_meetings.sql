-- Staff meetings (办公会议, 每周例会) of the secretariat or one of its
-- departments: the kind, and the department whose posts sit in it (0 for
-- the whole secretariat).
ALTER TABLE meetings ADD COLUMN staff_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN department_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX meetings_staff ON meetings(staff_kind, department_id, starts_at);

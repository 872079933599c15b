-- Projects (项目推进): a goal owned by a login (the 副会长 or leader
-- responsible), the member enterprises taking part, milestones, a status,
-- optionally carrying out a work plan item (a work_plan_links row, kind project).

CREATE TABLE projects (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    goal         TEXT NOT NULL DEFAULT '',
    owner_id     BIGINT NOT NULL REFERENCES users(id),
    status       TEXT NOT NULL,
    plan_item_id BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX projects_owner ON projects(owner_id, status);

CREATE TABLE project_members (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    member_id  BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (project_id, member_id)
);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_on    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_on);

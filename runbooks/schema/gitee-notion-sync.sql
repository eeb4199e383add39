-- The sync service's own tables, as a backup verification recreates them in a scratch schema
-- before loading a full backup's export. The first column of each is its key (exports are
-- ordered by it).
CREATE TABLE sync_state (
  gitee_key   text PRIMARY KEY,          -- owner/repo#number
  notion_page text NOT NULL,
  synced_at   timestamptz NOT NULL
);

CREATE TABLE sync_cursors (
  repository  text PRIMARY KEY,          -- owner/repo
  synced_to   timestamptz NOT NULL
);

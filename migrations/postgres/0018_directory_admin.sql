-- The directory as the secretariat edits it (issue 21, step 3): a university's names in the
-- alliances' languages and its time zone; a membership's dates (kept when a university leaves,
-- so past years still name it), founding and council marks, and its liaison secretary.
-- Every write still bumps the catalogue's version (0013, 0014), so every instance's cached
-- pages show a change on the next request.
ALTER TABLE universities ADD COLUMN name_ru TEXT;
ALTER TABLE universities ADD COLUMN name_zh TEXT;
ALTER TABLE universities ADD COLUMN time_zone TEXT;

-- A Russian or Chinese own-script name is the university's name in that language.
UPDATE universities SET name_ru = name_native WHERE native_lang = 'ru';
UPDATE universities SET name_zh = name_native WHERE native_lang LIKE 'zh%';

ALTER TABLE alliance_members ADD COLUMN joined_on TEXT;                 -- ISO date
ALTER TABLE alliance_members ADD COLUMN left_on TEXT;                   -- ISO date; NULL: a member
ALTER TABLE alliance_members ADD COLUMN founding BIGINT NOT NULL DEFAULT 0 CHECK (founding IN (0, 1));
ALTER TABLE alliance_members ADD COLUMN council BIGINT NOT NULL DEFAULT 0 CHECK (council IN (0, 1));
ALTER TABLE alliance_members ADD COLUMN liaison_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;

-- Members before this migration joined, as far as the product knows, when their alliance was
-- founded.
UPDATE alliance_members
SET joined_on = (SELECT founded_on FROM alliances WHERE alliances.id = alliance_members.alliance_id);

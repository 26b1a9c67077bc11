-- Files that answered a form's file question are files of their submission (GET /submissions
-- counted them as 0). Submissions made before this migration get their rows now.
INSERT OR IGNORE INTO `submission_files` (`submission_id`, `file_id`)
SELECT s.`id`, json_extract(a.`value`, '$.fileId')
  FROM `submissions` s, json_each(s.`answers`) a
 WHERE json_type(a.`value`, '$.fileId') = 'integer'
   AND EXISTS (SELECT 1 FROM `files` f WHERE f.`id` = json_extract(a.`value`, '$.fileId'));

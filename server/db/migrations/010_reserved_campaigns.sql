-- Placeholder on the integrations branch only: 010 is the campaigns branch's 010_segments_campaigns, which lands on
-- main first. Versions must run without gaps, so this branch needs a 010 to reach 011_integrations.
-- At merge: delete this file (and keep campaigns' 010); 011_integrations uses none of campaigns' tables.
SELECT 1;

DROP INDEX interests_standing;

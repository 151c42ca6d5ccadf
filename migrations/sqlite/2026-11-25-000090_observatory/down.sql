DROP TABLE figures_stamp;
DROP TABLE anonymous_profiles;

"""Running unattended: the scheduler daemon, cron expressions and the crawl locks."""

"""Scrapy spiders (one: ``news``)."""

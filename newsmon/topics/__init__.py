"""Topic profiles: what a watch is about, and whether an article matches it.

Library API: ``load_topic(name).match(title, text)`` gives a verdict with its reasons.
"""

from newsmon.topics.profile import Topic, TopicError, TopicMatch, default_seeds_dir, load_topic, load_topics, parse_topic

__all__ = ["Topic", "TopicError", "TopicMatch", "default_seeds_dir", "load_topic", "load_topics", "parse_topic"]

"""Topic profiles: what a watch is about, and whether an article matches it.

``matcher`` finds profile terms in text, ``profile`` holds a loaded profile and
its verdicts, ``loading`` reads and checks the TOML files.
Library API: ``load_topic(name).match(title, text)`` gives a verdict with its reasons.
"""

from newsmon.topics.loading import default_seeds_dir, load_topic, load_topics, parse_topic
from newsmon.topics.matcher import TopicError
from newsmon.topics.profile import Topic, TopicMatch

__all__ = ["Topic", "TopicError", "TopicMatch", "default_seeds_dir", "load_topic", "load_topics", "parse_topic"]

"""Start Django before the web layer's test modules import its models."""

from multitrack.web.bootstrap import configure

configure()

"""beian-check: find and judge a website's ICP and public-security filing marks."""

__version__ = "0.2.0"

"""The briefing: a static HTML page of the marts that an analyst opens after each run.

``write_briefing`` reads the marts (flows/briefing/data.py), lays the entity network out
(layout.py) and writes one self-contained page (page.py) beside the warehouse.
"""

from flows.briefing.data import Limits, briefing_data
from flows.briefing.page import Briefing, write_briefing

__all__ = ["Briefing", "Limits", "briefing_data", "write_briefing"]

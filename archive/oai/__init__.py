"""OAI-PMH 2.0 repository at ``/oai``: every article as an ``oai_dc`` record, sets per newspaper
and per county, stateless signed resumption tokens, deleted articles kept as tombstones.

``protocol`` checks a request and answers it, ``records`` selects the items, ``tokens`` signs
and reads resumption tokens, ``xml`` writes the response, ``tombstones`` records deletions.
"""

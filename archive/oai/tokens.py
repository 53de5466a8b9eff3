"""Stateless resumption tokens: the list request and the position reached, signed with the
site's SECRET_KEY, so that nothing is stored and a forged or altered token is refused."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.core import signing

SALT = "archive.oai.resumption-token"


class TokenError(ValueError):
    """The token is not one we issued, was altered, belongs to another verb or has expired."""


@dataclass(frozen=True)
class ResumptionState:
    verb: str
    metadata_prefix: str
    set_spec: str
    from_text: str  # as the harvester sent it, "" when absent
    until_text: str
    after_datestamp: str  # ISO datetime of the last item sent, with microseconds
    after_id: int
    cursor: int  # items sent before the next response
    complete_list_size: int
    expires: int  # Unix time


def issue_token(state: ResumptionState) -> str:
    return signing.dumps(asdict(state), salt=SALT, compress=True)


def read_token(token: str, verb: str, now: datetime.datetime) -> ResumptionState:
    """The state in ``token``; raises TokenError when it cannot be used for ``verb`` at ``now``."""
    try:
        state = ResumptionState(**signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise TokenError("resumptionToken 无效：不是本库发出的，或已被改动。") from error
    if state.verb != verb:
        raise TokenError(f"resumptionToken 属于 {state.verb}，不能用于 {verb}。")
    if state.expires < now.timestamp():
        raise TokenError("resumptionToken 已过期，请从头重新收割。")
    return state

"""Errors a user can cause. The CLI turns each into one plain sentence and a non-zero exit."""


class BairnError(Exception):
    """A problem the user can fix: bad input, a bad argument, a missing file.

    The message is a full sentence saying what is wrong and what to do.
    `exit_code` follows the command conventions: 1 for invalid data, 2 for unusable input.
    """

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

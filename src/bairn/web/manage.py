"""Django's management commands for Bairn: `python -m bairn.web.manage <command>`.

python -m bairn.web.manage migrate
python -m bairn.web.manage add_user jo --role cpc_analyst --area CPC-ELML
python -m bairn.web.manage reset_two_factor jo
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bairn.web.settings")
    from django.core.management import execute_from_command_line

    from bairn.errors import BairnError

    try:
        execute_from_command_line(sys.argv)
    except BairnError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()

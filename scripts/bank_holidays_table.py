"""Write portal/domain/bank_holidays.json from the installed `holidays` package.

Run it after upgrading `holidays` (tests/unit/test_bank_holidays_table.py fails until
you do):  .venv/bin/python scripts/bank_holidays_table.py
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.domain.bank_holidays import TABLE, make_table  # noqa: E402
from portal.domain.calendar import NATIONS  # noqa: E402

if __name__ == "__main__":
    table = make_table(sorted(NATIONS))
    TABLE.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    days = sum(len(v) for v in table["nations"].values())
    print(f"{TABLE}: {days} bank holidays, {table['first_year']}-{table['last_year']}, "
          f"holidays {table['release']}")

"""The column names that may hold the time where its values alone do not say so: whole years,
decimal years (R's time() of a ts), whole numbers written YYMMDD. The reader (parquet, timecolumn,
timeparse) and the defaults ask these names; kept apart so none of them imports another for them."""

from __future__ import annotations

import re

YEAR_NAME = re.compile(r"(?i)years?|yr")  # a column of whole years may be the time (timecolumn._year_numbers)
# a float column of decimal years may be the time (timecolumn._decimal_years): R's time() of a ts
DECIMAL_TIME_NAME = re.compile(r"(?i)time|years?|yr")
# ... and under the name date too, as ggplot2's txhousing writes its months (2000.0833): a float
# column so named holds no other kind of value (whole numbers named date are left as they were)
DECIMAL_YEARS_NAME = re.compile(r"(?i)time|years?|yr|date")
# a column named as dates (date, Date, trade_date): whole numbers of six digits there are dates
# written YYMMDD (timeparse.yymmdd_dates), not steps (a number elsewhere, 101..131, may be anything)
DATE_NAME = re.compile(r"(?i).*date.*")

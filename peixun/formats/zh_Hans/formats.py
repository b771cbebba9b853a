"""Dates and times in Chinese, as Peixun writes them everywhere: 2026年12月7日 上午6:12."""

# "A" is 上午/下午 (peixun.core.clock gives Django's "AM" and "PM" their Chinese).
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "Ag:i"
DATETIME_FORMAT = "Y年n月j日 Ag:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 Ag:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
